package app.queued.client;

import app.queued.protocol.Request;
import app.queued.protocol.Results;

/** How to come back into the room after a reconnect as the same person: the host token, or code + guest token. */
record Rejoin(String code, String nickname, String guestToken, String hostToken) {

    static Rejoin after(Request.Join join, Results.Joined joined) {
        if (join.hostToken() != null) {
            return new Rejoin(null, null, null, join.hostToken());
        }
        String code = joined.joinCode() != null ? joined.joinCode() : join.code();
        String guestToken = joined.guestToken() != null ? joined.guestToken() : join.guestToken();
        return new Rejoin(code, join.nickname(), guestToken, null);
    }

    /**
     * The join to send; the nickname only as a fallback for a server that gave no guest token. {@code lastSeq} and
     * {@code lastRoomId} are the position of the state the client holds (both null without one).
     */
    Request.Join request(String requestId, Long lastSeq, Long lastRoomId) {
        String fallbackNickname = hostToken == null && guestToken == null ? nickname : null;
        return new Request.Join(requestId, code, fallbackNickname, guestToken, hostToken, lastSeq, lastRoomId);
    }
}
