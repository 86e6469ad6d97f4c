package app.queued.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Stable error codes sent in {@code error} messages; clients switch on these, never on the text. */
public enum ErrorCode {
    /** Malformed, oversize, unknown type, missing or invalid field. */
    BAD_REQUEST("bad_request"),
    /** Not joined yet, or a token that does not match. */
    UNAUTHORIZED("unauthorized"),
    /** Joined, but the role does not allow this (a guest trying a host action, a banned guest). */
    FORBIDDEN("forbidden"),
    /** Unknown room, track or video. */
    NOT_FOUND("not_found"),
    /** The state changed under the request (track no longer queued, not the current track). */
    CONFLICT("conflict"),
    /** Too many messages; retry after {@code retryAfterMs}. */
    RATE_LIMITED("rate_limited"),
    /** The YouTube quota of the host is used up for today. */
    QUOTA_EXCEEDED("quota_exceeded"),
    /**
     * The host must fix the catalog's set-up first (YouTube not set up, the API key or Google sign-in refused, the
     * API not enabled for the host's project): no retry helps until then.
     */
    SETUP_REQUIRED("setup_required"),
    /** The server cannot serve this now (database down, shutting down); retry later. */
    UNAVAILABLE("unavailable"),
    /**
     * The server lost the database's answer while saving this request and could not find out in time whether it
     * was saved: it may have been. Resend it with the same requestId; the answer then is the truth (the original
     * ack if it was saved, else it is applied now).
     */
    OUTCOME_UNKNOWN("outcome_unknown"),
    /** A bug on the server; the request changed nothing. */
    INTERNAL("internal"),
    /** A code this client does not know (sent by a newer server); treat it as a failure with its message. */
    UNKNOWN("unknown");

    private final String wire;

    ErrorCode(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static ErrorCode fromWire(String wire) {
        for (ErrorCode code : values()) {
            if (code.wire.equals(wire)) {
                return code;
            }
        }
        return UNKNOWN; // a newer server's code must not make the whole error unreadable
    }
}
