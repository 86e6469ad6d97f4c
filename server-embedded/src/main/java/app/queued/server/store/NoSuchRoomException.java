package app.queued.server.store;

import java.sql.SQLException;

/** The room's row is not there (never created): a store result the room layer answers {@code not_found}. */
public final class NoSuchRoomException extends SQLException {
    NoSuchRoomException(long roomId) {
        super("room " + roomId + " does not exist");
    }
}
