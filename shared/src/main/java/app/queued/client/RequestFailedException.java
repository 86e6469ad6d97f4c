package app.queued.client;

import app.queued.protocol.ErrorCode;
import app.queued.protocol.ProtocolException;
import app.queued.protocol.ServerMessage;
import java.time.Duration;
import java.util.Optional;

/**
 * A request the server refused with an {@code error}, or one the client could not deliver (then the code is
 * {@link ErrorCode#UNAVAILABLE} or, for input the client already knows is invalid, {@link ErrorCode#BAD_REQUEST}).
 */
public class RequestFailedException extends ProtocolException {
    private final Long retryAfterMs;

    public RequestFailedException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public RequestFailedException(ErrorCode code, String message, Long retryAfterMs) {
        super(code, message);
        this.retryAfterMs = retryAfterMs;
    }

    static RequestFailedException from(ServerMessage.Error error) {
        ErrorCode code = error.code() != null ? error.code() : ErrorCode.INTERNAL;
        return new RequestFailedException(code, error.message(), error.retryAfterMs());
    }

    /** How long the server asked us to wait before trying again ({@code rate_limited}). */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfterMs).map(Duration::ofMillis);
    }
}
