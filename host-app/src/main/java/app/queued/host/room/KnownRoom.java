package app.queued.host.room;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A room this app created, remembered so it can be reopened after a restart. {@code hostToken} is the room's
 * secret; {@code storageKey} says which database holds the room (built-in, or an external URL). The fallback the
 * host last saved ({@code none}, {@code history} or {@code links} with its links) is kept here too, because the
 * server cannot tell it back; null until one was saved.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record KnownRoom(long roomId, String name, String joinCode, String hostToken, String storageKey,
                        long createdAt, long lastOpenedAt, String fallbackSource, List<String> fallbackLinks) {

    public KnownRoom {
        fallbackLinks = fallbackLinks == null ? List.of() : List.copyOf(fallbackLinks);
    }

    public KnownRoom(long roomId, String name, String joinCode, String hostToken, String storageKey,
                     long createdAt, long lastOpenedAt) {
        this(roomId, name, joinCode, hostToken, storageKey, createdAt, lastOpenedAt, null, List.of());
    }

    public KnownRoom opened(long at) {
        return new KnownRoom(roomId, name, joinCode, hostToken, storageKey, createdAt, at, fallbackSource,
                fallbackLinks);
    }

    public KnownRoom withFallback(String source, List<String> links) {
        return new KnownRoom(roomId, name, joinCode, hostToken, storageKey, createdAt, lastOpenedAt, source, links);
    }

    @Override
    public String toString() {
        return "KnownRoom[" + roomId + " " + name + " " + joinCode + "]"; // never the token
    }
}
