package app.queued.server.room;

import app.queued.protocol.CatalogEntry;
import app.queued.protocol.Change;
import app.queued.protocol.Track;
import app.queued.room.RoomState;
import app.queued.server.store.RoomTransaction;
import java.sql.SQLException;
import java.util.List;

/** What plays next, and which tracks leave the queue by the room's rules; inside a batch's transaction. */
final class Playback {
    private Playback() {
    }

    /**
     * Ends the now-playing track and starts the head of the queue — or, when the queue is empty, the next track of
     * the fallback list. Returns the seq of the nowPlaying event.
     */
    static long advance(LiveRoom room, Batch batch) throws SQLException {
        RoomTransaction tx = batch.tx();
        RoomState state = batch.settled(); // the head by the scores after this batch's votes
        Track current = state.nowPlaying();
        if (current != null) {
            tx.setTrackState(current.id(), "played");
        }
        Track next = state.head();
        boolean fallback = false;
        if (next != null) {
            tx.setTrackState(next.id(), "playing");
        } else {
            CatalogEntry entry = tx.nextFallback();
            if (entry != null) {
                next = tx.insertFallbackTrack(entry, room.host());
                fallback = true;
            }
        }
        long startedAt = tx.setNowPlaying(next == null ? null : next.id());
        return batch.emit(new Change.NowPlaying(next, startedAt, fallback));
    }

    /** Skips when the share of present people who asked reaches the room's line (also after people leave). */
    static void skipIfEnoughAsked(LiveRoom room, Batch batch) throws SQLException {
        RoomState state = batch.settled();
        if (state.nowPlaying() != null && state.skipCount() > 0 && state.skipCount() >= state.skipsNeeded()) {
            advance(room, batch);
        }
    }

    /** Removes every queued track whose score is at or below the auto-remove line (after the rules changed). */
    static void autoRemoveAll(Batch batch) throws SQLException {
        RoomState state = batch.settled();
        Integer line = state.rules().autoRemoveAt();
        if (line == null) {
            return;
        }
        for (Track track : List.copyOf(state.tracks())) {
            if (track.score() <= line) {
                batch.tx().setTrackState(track.id(), "removed");
                batch.emit(new Change.TrackRemoved(track.id(), "votes"));
            }
        }
    }
}
