package app.queued.host.room;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A room this app created, remembered so it can be reopened after a restart. {@code hostToken} is the room's
 * secret; {@code storageKey} says which database holds the room (built-in, or an external URL).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record KnownRoom(long roomId, String name, String joinCode, String hostToken, String storageKey,
                        long createdAt, long lastOpenedAt) {

    public KnownRoom opened(long at) {
        return new KnownRoom(roomId, name, joinCode, hostToken, storageKey, createdAt, at);
    }

    @Override
    public String toString() {
        return "KnownRoom[" + roomId + " " + name + " " + joinCode + "]"; // never the token
    }
}
