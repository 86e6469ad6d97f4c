package app.queued.protocol;

/** Someone in the room, as everyone may see them. */
public record Person(long guestId, String nickname, Role role) {
}
