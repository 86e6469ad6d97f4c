package app.queued.guest.session;

import app.queued.client.ConnectionStatus;
import app.queued.client.RoomView;
import app.queued.protocol.ServerMessage;

/** What the party screen hears from the server. Called on the UI thread only. */
public interface PartyListener {

    /** The newest state of the room (bursts are coalesced: a replay of 500 events arrives as one view). */
    void roomChanged(RoomView view);

    void statusChanged(ConnectionStatus status);

    /** An error that answers no request of ours, e.g. {@code rate_limited}. */
    void serverError(ServerMessage.Error error);

    /**
     * The party is over for this guest, said by the room itself (the host closed it, or banned this guest); the
     * connection is closed and not retried. {@code sentence} says why.
     */
    void ended(String sentence);
}
