package app.queued.protocol;

/** A request that cannot be served, carrying the code and the human sentence sent back in {@code error}. */
public class ProtocolException extends RuntimeException {
    private final ErrorCode code;

    public ProtocolException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
