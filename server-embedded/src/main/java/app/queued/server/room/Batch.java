package app.queued.server.room;

import app.queued.protocol.Change;
import app.queued.protocol.Codec;
import app.queued.protocol.Request;
import app.queued.protocol.Results;
import app.queued.protocol.ServerMessage;
import app.queued.protocol.Track;
import app.queued.room.RoomState;
import app.queued.server.store.RoomTransaction;
import app.queued.server.store.VoteInput;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One commit's context: its commands' fates, the events it adds (with their seqs), the events other writers
 * committed that it brought in first, the votes waiting for their one statement, and the connections to close
 * once its events are out.
 *
 * <p>Votes are buffered so a batch applies them with one set-based statement. {@link #emit}, {@link #tx} and
 * {@link #settled} apply the buffered votes first: so events, statements and reads of the room keep the order the
 * commands came in without any caller having to remember to flush.
 */
final class Batch {
    private final LiveRoom room;
    private RoomTransaction tx;

    final List<Pending> pendings;
    /** Events other writers committed, applied before this batch's own. */
    final List<String> caughtUp = new ArrayList<>();
    final List<Long> newSeqs = new ArrayList<>();
    final List<String> newFrames = new ArrayList<>();
    /** The room was read again: after the commit every connection here gets a snapshot. */
    boolean snapshotEveryone;

    private final List<Pending> voteOwners = new ArrayList<>();
    private final List<VoteInput> votes = new ArrayList<>();
    private final Set<VoteKey> votePairs = new HashSet<>();

    private final List<Peer> toClose = new ArrayList<>();
    private String closeReason;

    private record VoteKey(long guestId, long trackId) {
    }

    Batch(LiveRoom room, List<Pending> pendings) {
        this.room = room;
        this.pendings = pendings;
    }

    /** A batch without commands: another node's events. */
    Batch(LiveRoom room) {
        this(room, List.of());
    }

    void begin(RoomTransaction tx) {
        this.tx = tx;
    }

    /**
     * The transaction, for any statement but a vote: the buffered votes go first, so a statement never overtakes
     * a vote sent before it (a removal must not pull a track out from under one).
     */
    RoomTransaction tx() throws SQLException {
        flushVotes();
        return tx;
    }

    /** The room's state with every vote of this batch so far applied: what the rules read. */
    RoomState settled() throws SQLException {
        flushVotes();
        return room.state();
    }

    /** Appends an event after the votes buffered before it; returns its seq. */
    long emit(Change change) throws SQLException {
        flushVotes();
        return append(change);
    }

    private long append(Change change) {
        RoomState state = room.state();
        long seq = state.seq() + 1;
        ServerMessage.Event event = new ServerMessage.Event(seq, change);
        state.apply(event);
        room.votes().apply(change);
        newSeqs.add(seq);
        newFrames.add(Codec.write(event));
        return seq;
    }

    /** An event of this batch the database committed and wrote itself (the one-statement vote commit). */
    void adopt(ServerMessage.Event event, String frame) {
        room.state().apply(event);
        room.votes().apply(event.change());
        newSeqs.add(event.seq());
        newFrames.add(frame);
    }

    /** Buffers a validated vote for the batch's next vote statement. */
    void vote(Pending owner, VoteInput vote) throws SQLException {
        if (!votePairs.add(new VoteKey(vote.guestId(), vote.trackId()))) {
            // The same guest changes the same vote twice in one batch: apply the first group before it.
            flushVotes();
            votePairs.add(new VoteKey(vote.guestId(), vote.trackId()));
        }
        voteOwners.add(owner);
        votes.add(vote);
    }

    /** Applies the buffered votes with one statement and appends their events (and auto-removals). */
    private void flushVotes() throws SQLException {
        if (votes.isEmpty()) {
            return;
        }
        List<VoteInput> flushing = List.copyOf(votes);
        List<Pending> owners = List.copyOf(voteOwners);
        votes.clear();
        voteOwners.clear();
        votePairs.clear();
        int[] scoreAfter = tx.applyVotes(flushing);
        for (int i = 0; i < flushing.size(); i++) {
            VoteInput vote = flushing.get(i);
            Pending owner = owners.get(i);
            long seq = append(new Change.Voted(vote.trackId(), vote.guestId(), vote.value(), scoreAfter[i]));
            owner.logged = true;
            if (owner.command instanceof Command.Write w && w.request() instanceof Request.Add) {
                owner.ack(seq, new Results.Added(vote.trackId(), "upvoted"));
            } else {
                owner.ack(seq, null);
            }
        }
        Integer line = room.state().rules().autoRemoveAt();
        if (line != null) {
            for (VoteInput vote : flushing) {
                Track track = room.state().track(vote.trackId());
                if (track != null && track.score() <= line) {
                    tx.setTrackState(track.id(), "removed");
                    append(new Change.TrackRemoved(track.id(), "votes"));
                }
            }
        }
    }

    /** Disconnects every window of a guest after the commit (ban). */
    void closeGuest(long guestId, String reason) {
        closeReason = reason;
        toClose.addAll(room.windowsOf(guestId));
    }

    /** Disconnects everyone after the commit (room closed). */
    void closeEveryone(String reason) {
        closeReason = reason;
        toClose.addAll(room.everyWindow());
    }

    /** After the events went out: the connections this batch let go. */
    void closeConnections() {
        room.closeAll(toClose, closeReason);
        toClose.clear();
    }

    /** The transaction failed: nobody is let go, nobody is sent a snapshot because of it. */
    void failed() {
        toClose.clear();
        snapshotEveryone = false;
    }

    /** Nothing of this batch was saved: none of its events go out. */
    void discardEvents() {
        caughtUp.clear();
        newSeqs.clear();
        newFrames.clear();
    }

    /** Outcomes to remember for retries, then appends events and moves last_seq: the commit's one round trip. */
    void finish() throws SQLException {
        flushVotes();
        List<Long> guests = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<Long> seqs = new ArrayList<>();
        List<String> results = new ArrayList<>();
        for (Pending p : pendings) {
            if (p.logged) {
                guests.add(p.peer().member().guestId());
                ids.add(p.requestId());
                seqs.add(p.seq);
                results.add(p.resultJson);
            }
        }
        tx.finish(newSeqs, newFrames, guests, ids, seqs, results, room.state().seq());
    }
}
