package app.queued.protocol;

/** Constants every client and the server agree on. */
public final class Protocol {
    /** Sent in {@code hello}; the server refuses other versions with {@code bad_request}. */
    public static final int VERSION = 1;
    /** Frames above this size are refused with {@code bad_request} and change nothing. */
    public static final int MAX_FRAME_CHARS = 16 * 1024;
    /** Vote values: up, take back, down. */
    public static final int UP = 1;
    public static final int NONE = 0;
    public static final int DOWN = -1;

    private Protocol() {
    }
}
