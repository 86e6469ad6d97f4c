package app.queued.guest.session;

import app.queued.client.ConnectionStatus;
import app.queued.client.RequestFailedException;
import app.queued.client.RoomView;
import app.queued.protocol.Results;
import app.queued.protocol.ServerMessage;
import app.queued.protocol.Track;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A room this guest has joined, as the screens need it. Futures complete off the UI thread; view models move their
 * results onto it through {@link app.queued.guest.ui.UiThread}.
 */
public interface Party {

    Results.Joined joined();

    /** {@code host:port} of the party's server. */
    String serverKey();

    /** The party's server as this guest reached it ({@code ws://host:port/}): where a friend's phone goes too. */
    java.net.URI server();

    RoomView view();

    ConnectionStatus status();

    /** The order the room uses now (its rules); for re-sorting the queue with this guest's unconfirmed votes. */
    Comparator<Track> queueOrder();

    /** Why the party ended for this guest, once {@link #status()} is {@code CLOSED}. */
    Optional<RequestFailedException> endCause();

    /** Sets the one listener (replacing an earlier one); it hears only what happens after this call. */
    void listen(PartyListener listener);

    CompletableFuture<ServerMessage.Ack> vote(long trackId, int value);

    /** Asks to skip the now-playing track {@code trackId}; {@code conflict} if it no longer plays. */
    CompletableFuture<ServerMessage.Ack> skipVote(long trackId);

    CompletableFuture<Results.Added> add(String videoIdOrLink);

    CompletableFuture<Results.SearchResults> search(String query);

    /** Closes the connection; returns at once. */
    void leave();
}
