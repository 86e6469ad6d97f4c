package app.queued.server.store;

import java.sql.SQLException;

/**
 * The connection was lost while PostgreSQL was committing (it restarted right after, or the network dropped its
 * answer): the commit may or may not have happened. Only the request log, read once PostgreSQL answers again, can
 * tell; until then nobody may be told "saved" or "not saved".
 */
public final class CommitOutcomeUnknownException extends SQLException {
    CommitOutcomeUnknownException(SQLException cause) {
        super("the answer to a commit was lost: " + cause.getMessage(), cause.getSQLState(), cause);
    }
}
