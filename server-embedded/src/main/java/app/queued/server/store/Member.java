package app.queued.server.store;

import app.queued.protocol.Role;

/** A joined person as the server knows them. */
public record Member(long roomId, long guestId, String nickname, Role role, boolean banned) {
}
