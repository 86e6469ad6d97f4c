package app.queued.protocol;

/** The public face of a room: never carries the host token. */
public record RoomInfo(long id, String name, String joinCode) {
}
