package app.queued.client;

import app.queued.protocol.ServerMessage;

/**
 * Hears what happens to a {@link QueuedClient}. All methods run on the client's one callback thread, in the order
 * things happened — never on a socket thread. Hand UI work to the UI thread yourself, and never block this thread
 * waiting for one of the client's futures: they complete on it too.
 */
public interface ClientListener {

    default void onStatus(ConnectionStatus status, String detail) {
    }

    /** After a snapshot or one or more applied events; a burst of events may be reported once. */
    default void onRoomChanged(RoomView view) {
    }

    /** Each applied event, in {@code seq} order, without duplicates. */
    default void onEvent(ServerMessage.Event event) {
    }

    /**
     * An {@code error} that answers no pending request (its request id is null, unknown or expired), and every
     * {@code rate_limited} refusal: the client resends the refused request by itself after its {@code retryAfterMs},
     * so the request's future still completes with the real answer.
     */
    default void onServerError(ServerMessage.Error error) {
    }
}
