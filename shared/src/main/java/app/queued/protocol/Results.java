package app.queued.protocol;

import java.util.List;

/** The {@code result} object of an {@code ack}, per request type. */
public final class Results {
    private Results() {
    }

    public record Hello(int protocol, String server) {
    }

    /** Only ever sent to the holder of the admin token: carries the host token. */
    public record RoomCreated(long roomId, String name, String joinCode, String hostToken) {
    }

    /** {@code guestToken} lets this guest come back as the same person; the host gets none. */
    public record Joined(long roomId, String roomName, String joinCode, long guestId, String nickname,
                         String guestToken, Role role) {
    }

    /** {@code outcome} is {@code added}, or {@code upvoted} when the video was already queued. */
    public record Added(long trackId, String outcome) {
    }

    /** Every member of the room (host and co-hosts only): roles, bans, presence. */
    public record Members(List<Member> members) {
    }

    public record Member(long guestId, String nickname, Role role, boolean banned, boolean present) {
    }

    /** The tracks that played, oldest first; {@code csv} is the same as a spreadsheet-ready text. */
    public record History(List<PlayedTrack> played, String csv) {
    }

    /** How many fallback tracks the room now has. */
    public record FallbackSet(String source, int tracks) {
    }

    /** {@code source} names the catalog, e.g. "Offline demo catalog". */
    public record SearchResults(String source, List<CatalogEntry> results) {
    }
}
