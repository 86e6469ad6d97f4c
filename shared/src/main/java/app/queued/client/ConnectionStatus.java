package app.queued.client;

/** Where a {@link QueuedClient} stands with the server; reported through {@link ClientListener#onStatus}. */
public enum ConnectionStatus {
    /** Opening the first connection (also before {@link QueuedClient#connect()} is called): requests wait. */
    CONNECTING,
    /** Greeted, and back in the room if the client had joined one: requests go out at once. */
    CONNECTED,
    /** The connection dropped; retrying with backoff. Requests wait and are resent once back. */
    RECONNECTING,
    /** Closed for good, by {@link QueuedClient#close()} or because the server refused us. Terminal. */
    CLOSED
}
