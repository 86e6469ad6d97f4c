package app.queued.server.room;

import app.queued.protocol.Codec;
import app.queued.protocol.ProtocolException;
import app.queued.protocol.Request;
import app.queued.protocol.ServerMessage;
import app.queued.protocol.Track;
import app.queued.server.store.CommitOutcomeUnknownException;
import app.queued.server.store.Database;
import app.queued.server.store.Member;
import app.queued.server.store.RoomStore;
import app.queued.server.store.RoomTransaction;
import app.queued.server.store.VoteCommit;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hot path: a batch of nothing but votes, on a room this node knows fully, committed by one statement
 * ({@link VoteCommit}) in which PostgreSQL gives the votes their seqs and their scores. Each vote passes the same
 * check as on the locked path ({@link RoomCommands#checkVote}), and the database applies it with the same SQL
 * ({@code queued_apply_votes}). Events other nodes committed since this node's picture come back with it and are
 * applied first, so nodes voting in one room do not make each other fail or retry.
 */
final class VoteFastPath {
    private static final Logger log = LoggerFactory.getLogger(VoteFastPath.class);
    // PostgreSQL's unique_violation: a resent request id (request_log keeps its outcome) — the locked path answers it
    private static final String UNIQUE_VIOLATION = "23505";

    /** How the one-statement vote commit ended. */
    enum Result {
        /** Saved: the batch holds the answers and events for after the commit. */
        COMMITTED,
        /** Nothing was answered and nothing saved: the general path must run the batch. */
        GENERAL_PATH,
        /** The connection was lost while the statement ran: it may have been saved. */
        UNKNOWN
    }

    private final LiveRoom room;
    private final RoomCommands commands;
    private final RoomStore store;
    private final NodeCounters counters;

    VoteFastPath(LiveRoom room, RoomCommands commands, RoomStore store, NodeCounters counters) {
        this.room = room;
        this.commands = commands;
        this.store = store;
        this.counters = counters;
    }

    /** Whether the batch is nothing but votes. */
    static boolean onlyVotes(List<Command> batch) {
        for (Command command : batch) {
            if (!(command instanceof Command.Write w && w.request() instanceof Request.Vote)) {
                return false;
            }
        }
        return !batch.isEmpty();
    }

    private record VoteKey(long guestId, long trackId) {
    }

    /**
     * Commits the votes into {@code batch} (its pendings are the commands', in order). Unless COMMITTED nothing was
     * answered; the room in memory is as it was, or marked stale when it may differ from the database.
     */
    Result commit(Batch batch) {
        if (!room.fullyKnown() || room.state().rules().autoRemoveAt() != null) {
            return Result.GENERAL_PATH;
        }
        Set<String> requestKeys = new HashSet<>();
        Set<VoteKey> pairs = new HashSet<>();
        for (Pending p : batch.pendings) {
            Command.Write w = (Command.Write) p.command;
            long guestId = w.peer().member().guestId();
            if (!requestKeys.add(RoomTransaction.key(guestId, w.request().requestId()))
                    || !pairs.add(new VoteKey(guestId, ((Request.Vote) w.request()).trackId()))) {
                // the general path answers a request sent twice in one batch once, and applies one guest's two
                // votes on one track one after the other
                return Result.GENERAL_PATH;
            }
        }
        long fromSeq = room.state().seq();
        List<Pending> voting = new ArrayList<>(batch.pendings.size());
        List<VoteCommit.Vote> votes = new ArrayList<>(batch.pendings.size());
        for (Pending p : batch.pendings) {
            Command.Write write = (Command.Write) p.command;
            Request.Vote vote = (Request.Vote) write.request();
            try {
                Member member = room.current(write.peer());
                Track track = commands.checkVote(member, vote.trackId(), vote.value());
                votes.add(new VoteCommit.Vote(member.guestId(), track.id(), vote.value(), vote.requestId()));
                voting.add(p);
            } catch (ProtocolException e) {
                p.fail(e.code(), e.getMessage());
            }
        }
        if (votes.isEmpty()) {
            return Result.COMMITTED; // nothing to save: only refusals to send
        }
        VoteCommit.Outcome outcome;
        try {
            outcome = store.commitVotes(room.roomId(), fromSeq, votes);
        } catch (CommitOutcomeUnknownException e) {
            // the statement may have committed: the general path asks the request log (in doubt)
            store.failed(e);
            room.markStale();
            log.warn("room {}: the answer to a vote commit was lost ({}); {} request(s) in doubt, asking the "
                    + "request log", room.roomId(), e.getCause().toString(), batch.pendings.size());
            return Result.UNKNOWN;
        } catch (SQLException e) {
            store.failed(e);
            counters.fastPathRefused.incrementAndGet();
            if (VoteCommit.MISPREDICTED.equals(e.getSQLState())) {
                log.warn("room {}: the room in memory differed from the database; reloading it", room.roomId());
                room.markStale();
            } else if (UNIQUE_VIOLATION.equals(e.getSQLState()) || Database.isConnectionLoss(e)) {
                // a resent request id (its outcome is remembered), or the database is away: both expected
                log.debug("room {}: one-statement vote commit refused ({}); taking the general path",
                        room.roomId(), e.toString());
            } else {
                log.warn("room {}: one-statement vote commit failed ({}); taking the general path", room.roomId(),
                        e.toString());
            }
            return Result.GENERAL_PATH;
        }
        if (outcome.refused()) {
            counters.fastPathBlocked.incrementAndGet();
            log.debug("room {}: another writer committed a {} meanwhile; taking the locked path", room.roomId(),
                    outcome.refusedBy());
            return Result.GENERAL_PATH;
        }
        for (String frame : outcome.frames()) {
            ServerMessage.Event event = (ServerMessage.Event) Codec.readServer(frame);
            if (event.seq() < outcome.firstOwnSeq()) {
                room.applyFrame(frame, batch); // another node's, committed before ours
            } else {
                batch.adopt(event, frame);
            }
        }
        if (room.state().seq() != outcome.firstOwnSeq() + votes.size() - 1) {
            log.warn("room {}: the votes committed, but the room in memory did not follow; reloading it",
                    room.roomId());
            room.markStale();
        }
        for (int i = 0; i < voting.size(); i++) {
            voting.get(i).logged = true;
            voting.get(i).ack(outcome.firstOwnSeq() + i, null);
        }
        counters.fastPathCommits.incrementAndGet();
        if (!batch.caughtUp.isEmpty()) {
            counters.fastPathCaughtUp.incrementAndGet();
        }
        return Result.COMMITTED;
    }
}
