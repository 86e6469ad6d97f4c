package app.queued.host;

import app.queued.protocol.Track;

/** Tracks for view-model tests. */
public final class Tracks {
    private Tracks() {
    }

    public static Track track(long id, int score, long addedAt) {
        return new Track(id, String.format("vid%08d", id), "Song " + id, "Band " + id, 200, null, 2, "Ana",
                addedAt, score);
    }
}
