package app.queued.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** What one room event changed. Carried in {@code event {seq, change}}; unknown kinds are ignored by old clients. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind", defaultImpl = Change.Unknown.class)
@JsonSubTypes({
        @JsonSubTypes.Type(value = Change.TrackAdded.class, name = "trackAdded"),
        @JsonSubTypes.Type(value = Change.Voted.class, name = "voted"),
        @JsonSubTypes.Type(value = Change.TrackRemoved.class, name = "trackRemoved"),
        @JsonSubTypes.Type(value = Change.NowPlaying.class, name = "nowPlaying"),
})
public sealed interface Change {

    /** A new track joined the queue. */
    record TrackAdded(Track track) implements Change {
    }

    /** {@code guestId} set their vote on {@code trackId} to {@code value}; the track's score is now {@code score}. */
    record Voted(long trackId, long guestId, int value, int score) implements Change {
    }

    /** A queued track left the queue without playing; {@code reason} is {@code removed} or {@code banned}. */
    record TrackRemoved(long trackId, String reason) implements Change {
    }

    /**
     * The now-playing track changed. {@code track} is null when nothing plays; otherwise it left the queue.
     * {@code startedAt} is the server's clock in epoch milliseconds.
     */
    record NowPlaying(Track track, long startedAt) implements Change {
    }

    /** A change kind this client does not know (sent by a newer server); applying it changes nothing. */
    record Unknown() implements Change {
    }
}
