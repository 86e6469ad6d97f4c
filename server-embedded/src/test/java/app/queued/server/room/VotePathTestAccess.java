package app.queued.server.room;

import app.queued.protocol.ServerMessage;
import app.queued.server.testing.RawClient;

/** Lets tests in other packages use the vote-path helpers. */
public final class VotePathTestAccess {
    private VotePathTestAccess() {
    }

    public static long add(RawClient client, String track) {
        return VotePathTest.add(client, track).trackId();
    }

    public static void vote(RawClient client, long trackId, int value) {
        VotePathTest.vote(client, trackId, value);
    }

    public static ServerMessage voteReply(RawClient client, long trackId, int value) {
        return VotePathTest.vote(client, trackId, value);
    }
}
