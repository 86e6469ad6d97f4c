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
        @JsonSubTypes.Type(value = ServerMessage.Events.class, name = "events"),
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
     * guest's current vote (only non-zero votes on queued tracks). {@code present} lists who is in the room now
     * (several windows of one guest count once); {@code playedCounts} how many tracks each guest added that
     * played or play (fair ordering); {@code skipRequests} who asked to skip the current track.
     */
    record Snapshot(long seq, RoomInfo room, Track nowPlaying, Long nowPlayingStartedAt, List<Track> queue,
                    Map<Long, Integer> myVotes, RoomRules rules, List<Person> present, Map<Long, Integer> playedCounts,
                    List<Long> skipRequests, Boolean nowPlayingFallback) implements ServerMessage {

        public Snapshot {
            rules = rules == null ? RoomRules.DEFAULTS : rules;
            present = present == null ? List.of() : present;
            playedCounts = playedCounts == null ? Map.of() : playedCounts;
            skipRequests = skipRequests == null ? List.of() : skipRequests;
        }

        /** A snapshot of a room with default rules and nobody present. */
        public Snapshot(long seq, RoomInfo room, Track nowPlaying, Long nowPlayingStartedAt, List<Track> queue,
                        Map<Long, Integer> myVotes) {
            this(seq, room, nowPlaying, nowPlayingStartedAt, queue, myVotes, null, null, null, null, null);
        }
    }

    /** One room event. Events of a room carry consecutive {@code seq} numbers. */
    record Event(long seq, Change change) implements ServerMessage {
    }

    /**
     * Several consecutive events in one frame, applied in order exactly as if each came alone. The server sends
     * these when one commit holds several events (busy rooms) and for replays.
     */
    record Events(List<Event> events) implements ServerMessage {
        /** The frame for already-serialised event frames, without parsing them again. */
        public static String frameOf(List<String> eventFrames) {
            if (eventFrames.size() == 1) {
                return eventFrames.get(0);
            }
            StringBuilder frame = new StringBuilder(32 + eventFrames.size() * 160).append("{\"type\":\"events\",\"events\":[");
            for (int i = 0; i < eventFrames.size(); i++) {
                if (i > 0) {
                    frame.append(',');
                }
                frame.append(eventFrames.get(i));
            }
            return frame.append("]}").toString();
        }
    }
}
