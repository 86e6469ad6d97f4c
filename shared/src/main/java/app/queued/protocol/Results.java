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

    /** {@code source} names the catalog, e.g. "Offline demo catalog". */
    public record SearchResults(String source, List<CatalogEntry> results) {
    }
}
