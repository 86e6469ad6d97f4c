package app.queued.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** Everything the server sends. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ServerMessage.Ack.class, name = "ack"),
        @JsonSubTypes.Type(value = ServerMessage.Error.class, name = "error"),
        @JsonSubTypes.Type(value = ServerMessage.Snapshot.class, name = "snapshot"),
        @JsonSubTypes.Type(value = ServerMessage.Event.class, name = "event"),
})
public sealed interface ServerMessage {

    /**
     * The request succeeded. {@code seq} is the room event it produced (if any) — the change is already
     * committed; {@code result} depends on the request type (see {@link Results}).
     */
    record Ack(String requestId, Long seq, JsonNode result) implements ServerMessage {
    }

    /** The request failed and changed nothing. {@code requestId} is null when the frame could not be read. */
    record Error(String requestId, ErrorCode code, String message, Long retryAfterMs) implements ServerMessage {
        public Error(String requestId, ErrorCode code, String message) {
            this(requestId, code, message, null);
        }
    }

    /**
     * The whole room as of {@code seq}. {@code queue} is in play order; {@code myVotes} maps track id to this
     * guest's current vote (only non-zero votes on queued tracks).
     */
    record Snapshot(long seq, RoomInfo room, Track nowPlaying, Long nowPlayingStartedAt, List<Track> queue,
                    Map<Long, Integer> myVotes) implements ServerMessage {
    }

    /** One room event. Events of a room carry consecutive {@code seq} numbers. */
    record Event(long seq, Change change) implements ServerMessage {
    }
}
