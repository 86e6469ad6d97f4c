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
        @JsonSubTypes.Type(value = Change.RulesChanged.class, name = "rulesChanged"),
        @JsonSubTypes.Type(value = Change.GuestJoined.class, name = "guestJoined"),
        @JsonSubTypes.Type(value = Change.GuestLeft.class, name = "guestLeft"),
        @JsonSubTypes.Type(value = Change.RoleChanged.class, name = "roleChanged"),
        @JsonSubTypes.Type(value = Change.GuestBanned.class, name = "guestBanned"),
        @JsonSubTypes.Type(value = Change.GuestUnbanned.class, name = "guestUnbanned"),
        @JsonSubTypes.Type(value = Change.SkipRequested.class, name = "skipRequested"),
        @JsonSubTypes.Type(value = Change.RoomClosed.class, name = "roomClosed"),
})
public sealed interface Change {

    /** A new track joined the queue. */
    record TrackAdded(Track track) implements Change {
    }

    /** {@code guestId} set their vote on {@code trackId} to {@code value}; the track's score is now {@code score}. */
    record Voted(long trackId, long guestId, int value, int score) implements Change {
    }

    /**
     * A queued track left the queue without playing; {@code reason} is {@code removed} (by the host or its
     * adder), {@code banned} (its adder was banned) or {@code votes} (its score fell to the auto-remove line).
     */
    record TrackRemoved(long trackId, String reason) implements Change {
    }

    /**
     * The now-playing track changed. {@code track} is null when nothing plays; otherwise it left the queue.
     * {@code startedAt} is the server's clock in epoch milliseconds. {@code fallback} marks a track from the
     * host's fallback list, played because the queue ran dry; any guest's new track displaces it at once.
     */
    record NowPlaying(Track track, long startedAt, Boolean fallback) implements Change {
        public NowPlaying {
            fallback = fallback != null && fallback; // absent in frames written before fallbacks existed
        }

        public NowPlaying(Track track, long startedAt) {
            this(track, startedAt, false);
        }
    }

    /** The host changed the room's rules. */
    record RulesChanged(RoomRules rules) implements Change {
    }

    /** Someone arrived (their first open window). */
    record GuestJoined(Person person) implements Change {
    }

    /** Someone left (their last window closed). */
    record GuestLeft(long guestId) implements Change {
    }

    /** The host made a guest a co-host, or a co-host a guest again. */
    record RoleChanged(long guestId, Role role) implements Change {
    }

    /** A guest was banned: they leave the room and cannot come back until unbanned. */
    record GuestBanned(long guestId, String nickname) implements Change {
    }

    record GuestUnbanned(long guestId, String nickname) implements Change {
    }

    /** {@code guestId} asked to skip the now-playing track {@code trackId}. */
    record SkipRequested(long trackId, long guestId) implements Change {
    }

    /** The host closed the room; connections are closed after this event. */
    record RoomClosed(String reason) implements Change {
    }

    /** A change kind this client does not know (sent by a newer server); applying it changes nothing. */
    record Unknown() implements Change {
    }
}
