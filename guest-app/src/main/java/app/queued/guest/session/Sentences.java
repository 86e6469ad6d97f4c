package app.queued.guest.session;

import app.queued.client.RequestFailedException;
import app.queued.protocol.ErrorCode;
import app.queued.protocol.ServerMessage;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Every failure the guest can meet, as a sentence they can act on. Decisions are made on the stable error
 * {@code code}, never by parsing the server's message. The message is quoted where the server says something only
 * it knows: what was wrong with the guest's own input (a link that is not a video, a video the catalog does not
 * know), and every {@code forbidden} — the server writes one sentence per room rule ("The host has paused voting
 * for now.", "Downvotes are off in this room.", a ban, ...) for guests to read as it is (protocol 12.2).
 */
public final class Sentences {
    public static final String RECONNECTING = "Reconnecting… The party's host can't be reached right now. "
            + "You're seeing the queue as it was; votes you make now are sent as soon as you're back.";
    public static final String OFFLINE_TOO_LONG = "The party couldn't be reached for too long, so that vote wasn't "
            + "sent. Vote again once you're back.";
    public static final String BACK = "You're back in the party — the queue is up to date.";
    public static final String SLOW_DOWN = "You're going faster than the party allows. Wait a moment, then try again.";
    public static final String TOO_FAST_NOT_COUNTED = "You voted faster than the party allows, so that vote "
            + "didn't count. Wait a moment, then vote again.";
    public static final String REMOVED = "The host has removed you from this party.";
    public static final String ROOM_CLOSED = "The host has closed this party.";

    private Sentences() {
    }

    public static String joinFailed(Throwable failure, String code, String address) {
        Throwable cause = unwrap(failure);
        if (cause instanceof TimeoutException) {
            return "The party at " + address + " didn't answer in time. Try again in a moment.";
        }
        if (!(cause instanceof RequestFailedException refused)) {
            return "Couldn't join the party: " + describe(cause);
        }
        return switch (refused.code()) {
            case NOT_FOUND -> "There's no party with the code " + code + " at " + address
                    + ". Check the code on the host's screen.";
            case FORBIDDEN -> REMOVED + " You can't join it again.";
            case UNAUTHORIZED -> "Your saved pass for this party isn't valid any more. Join again with a nickname.";
            case RATE_LIMITED -> SLOW_DOWN;
            case UNAVAILABLE -> "Can't reach a party at " + address + ". Check the address, and that you're on "
                    + "the same Wi-Fi as the host.";
            case BAD_REQUEST -> "The party's server didn't accept that: " + refused.getMessage();
            default -> "Couldn't join the party: " + refused.getMessage();
        };
    }

    public static String voteFailed(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof TimeoutException) {
            return "The host didn't answer in time, so your vote may not have counted.";
        }
        if (!(cause instanceof RequestFailedException refused)) {
            return "Your vote didn't count: " + describe(cause);
        }
        return switch (refused.code()) {
            case NOT_FOUND -> "That song has just left the queue, so your vote didn't count.";
            case FORBIDDEN -> serversSentence(refused, "Your vote didn't count: the host's rules don't allow it.");
            case RATE_LIMITED -> SLOW_DOWN;
            case UNAVAILABLE -> "The party couldn't save your vote just now. Try again in a moment.";
            default -> "Your vote didn't count: " + refused.getMessage();
        };
    }

    public static String skipFailed(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof TimeoutException) {
            return "The host didn't answer in time, so your ask to skip may not have counted.";
        }
        if (!(cause instanceof RequestFailedException refused)) {
            return "Your ask to skip didn't count: " + describe(cause);
        }
        return switch (refused.code()) {
            case CONFLICT -> "That song is no longer playing, so your ask to skip didn't count.";
            case FORBIDDEN -> serversSentence(refused, "Your ask to skip didn't count: the host's rules don't allow it.");
            case RATE_LIMITED -> SLOW_DOWN;
            case UNAVAILABLE -> "The party couldn't save your ask to skip just now. Try again in a moment.";
            default -> "Your ask to skip didn't count: " + refused.getMessage();
        };
    }

    public static String addFailed(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof TimeoutException) {
            return "The host didn't answer in time. Check the queue, then try again.";
        }
        if (!(cause instanceof RequestFailedException refused)) {
            return "That song wasn't added: " + describe(cause);
        }
        return switch (refused.code()) {
            // The server says what is wrong with the link or video: quote it.
            case BAD_REQUEST, NOT_FOUND, CONFLICT -> refused.getMessage();
            case QUOTA_EXCEEDED -> "The host's YouTube allowance for today is used up, so new songs can't be "
                    + "looked up until tomorrow. You can still vote on the queue.";
            case SETUP_REQUIRED -> "The host needs to fix the YouTube set-up in Queued before new songs can be "
                    + "added. You can still vote on the queue.";
            case FORBIDDEN -> serversSentence(refused, "That song wasn't added: the host's rules don't allow it.");
            case RATE_LIMITED -> SLOW_DOWN;
            case UNAVAILABLE -> "The host couldn't look that song up just now. Try again in a moment.";
            default -> "That song wasn't added: " + refused.getMessage();
        };
    }

    public static String searchFailed(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof TimeoutException) {
            return "The search took too long. Try again in a moment.";
        }
        if (!(cause instanceof RequestFailedException refused)) {
            return "The search didn't work: " + describe(cause);
        }
        return switch (refused.code()) {
            case QUOTA_EXCEEDED -> "The host's YouTube allowance for today is used up, so search is off until "
                    + "tomorrow. You can still vote on the queue.";
            case SETUP_REQUIRED -> "The host needs to fix the YouTube set-up in Queued before songs can be "
                    + "searched. You can still vote on the queue.";
            case RATE_LIMITED -> SLOW_DOWN;
            case UNAVAILABLE -> "The host couldn't search just now. Try again in a moment.";
            case FORBIDDEN -> serversSentence(refused, "The search didn't work: the host's rules don't allow it.");
            default -> "The search didn't work: " + refused.getMessage();
        };
    }

    /** Why the party ended for this guest (the client closed for good). */
    public static String ended(RequestFailedException cause) {
        if (cause == null) {
            return "You've left the party.";
        }
        return switch (cause.code()) {
            case NOT_FOUND -> ROOM_CLOSED;
            case FORBIDDEN -> REMOVED;
            case UNAUTHORIZED -> "Your pass for this party isn't valid any more. Go back and join again.";
            case BAD_REQUEST -> "This app and the party's server don't understand each other any more (" 
                    + cause.getMessage() + ")";
            case UNAVAILABLE -> "The connection to the party was closed.";
            default -> "The party ended for you: " + cause.getMessage();
        };
    }

    /** An error that answers none of our requests. */
    public static String serverError(ServerMessage.Error error) {
        if (error.code() == ErrorCode.RATE_LIMITED) {
            return SLOW_DOWN;
        }
        if (error.code() == ErrorCode.FORBIDDEN && error.message() != null && !error.message().isBlank()) {
            return error.message();
        }
        return "The party's server says: " + error.message();
    }

    /** The server's own sentence for a refusal (it names the rule, or the ban), or {@code otherwise} without one. */
    private static String serversSentence(RequestFailedException refused, String otherwise) {
        String message = refused.getMessage();
        return message == null || message.isBlank() ? otherwise : message;
    }

    public static boolean isTimeout(Throwable failure) {
        return unwrap(failure) instanceof TimeoutException;
    }

    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String describe(Throwable cause) {
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }
}
