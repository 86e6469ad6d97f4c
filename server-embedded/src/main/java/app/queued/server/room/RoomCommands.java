package app.queued.server.room;

import app.queued.protocol.Change;
import app.queued.protocol.ErrorCode;
import app.queued.protocol.Person;
import app.queued.protocol.ProtocolException;
import app.queued.protocol.Request;
import app.queued.protocol.Results;
import app.queued.protocol.Track;
import app.queued.room.RoomState;
import app.queued.server.store.Member;
import app.queued.server.store.RoomTransaction;
import app.queued.server.store.StoredOutcome;
import app.queued.server.store.Tokens;
import app.queued.server.store.VoteInput;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The room's rules for members' commands — join, leave, vote, add, remove, skip, ask to skip — run on the room in
 * memory and a batch, inside the batch's transaction; the host's requests go on to {@link Moderation}. A refusal is
 * a {@link ProtocolException} the worker answers with.
 */
final class RoomCommands {
    private final LiveRoom room;
    private final Presence presence;

    RoomCommands(LiveRoom room, Presence presence) {
        this.room = room;
        this.presence = presence;
    }

    /** Runs each command's rules; a resend gets its remembered answer, a refusal its error. */
    void runAll(Batch batch) throws SQLException {
        Map<String, StoredOutcome> prior = priorOutcomes(batch.tx(), batch.pendings);
        Map<String, Pending> seenInBatch = new HashMap<>();
        for (Pending p : batch.pendings) {
            if (p.command instanceof Command.Refresh) {
                continue;
            }
            if (p.command instanceof Command.Write w) {
                String key = RoomTransaction.key(w.peer().member().guestId(), w.request().requestId());
                StoredOutcome before = prior.get(key);
                if (before != null) {
                    p.ackStored(before.seq(), before.resultJson());
                    continue;
                }
                Pending first = seenInBatch.putIfAbsent(key, p);
                if (first != null) {
                    p.duplicateOf = first;
                    continue;
                }
            }
            try {
                process(batch, p);
            } catch (ProtocolException e) {
                p.fail(e.code(), e.getMessage());
            }
        }
    }

    private static Map<String, StoredOutcome> priorOutcomes(RoomTransaction tx, List<Pending> pendings)
            throws SQLException {
        List<Long> guests = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (Pending p : pendings) {
            if (p.command instanceof Command.Write w) {
                guests.add(w.peer().member().guestId());
                ids.add(w.request().requestId());
            }
        }
        return tx.priorOutcomes(guests, ids);
    }

    private void process(Batch batch, Pending p) throws SQLException {
        if (p.command instanceof Command.Join join) {
            join(batch, p, join.request());
            return;
        }
        if (p.command instanceof Command.Leave leave) {
            leave(batch, leave.peer());
            return;
        }
        Command.Write write = (Command.Write) p.command;
        Member member = room.current(write.peer());
        Request request = write.request();
        if (request instanceof Request.Vote vote) {
            checkVote(member, vote.trackId(), vote.value());
            batch.vote(p, new VoteInput(member.guestId(), vote.trackId(), vote.value()));
            return;
        }
        checkMayWrite(member);
        if (request instanceof Request.Add) {
            add(batch, p, member, write);
        } else if (request instanceof Request.Remove remove) {
            Track track = requireQueued(remove.trackId());
            if (!member.role().moderates() && track.addedBy() != member.guestId()) {
                throw new ProtocolException(ErrorCode.FORBIDDEN,
                        "Only the host or the guest who added a track can remove it.");
            }
            batch.tx().setTrackState(track.id(), "removed");
            p.logged = true;
            p.ack(batch.emit(new Change.TrackRemoved(track.id(), "removed")), null);
        } else if (request instanceof Request.Skip skip) {
            skip(batch, p, member, skip);
        } else if (request instanceof Request.SkipVote skipVote) {
            skipVote(batch, p, member, skipVote);
        } else {
            Moderation.apply(room, batch, p, member, write);
        }
    }

    /**
     * Whether this member may cast this vote on the room as it is: the one vote check, for the locked transaction
     * and the one-statement commit alike. Returns the queued track.
     */
    Track checkVote(Member member, long trackId, int value) {
        checkMayWrite(member);
        Track track = requireQueued(trackId);
        Rules.checkVote(room.state().rules(), member, track, value, room.members());
        return track;
    }

    private void checkMayWrite(Member member) {
        if (room.ended()) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "This party has ended.");
        }
        if (member.banned()) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "The host has removed you from this party.");
        }
    }

    private Track requireQueued(long trackId) {
        Track track = room.state().track(trackId);
        if (track == null) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "That track is not in the queue.");
        }
        return track;
    }

    private void add(Batch batch, Pending p, Member member, Command.Write write) throws SQLException {
        RoomState state = room.state();
        String videoId = write.entry().videoId();
        for (Track queued : state.tracks()) {
            if (queued.videoId().equals(videoId)) {
                // already queued: adding it again is an upvote
                Rules.checkVote(state.rules(), member, queued, 1, room.members());
                batch.vote(p, new VoteInput(member.guestId(), queued.id(), 1));
                return;
            }
        }
        if (state.nowPlaying() != null && state.nowPlaying().videoId().equals(videoId)
                && !state.nowPlayingIsFallback()) {
            throw new ProtocolException(ErrorCode.CONFLICT, "That song is playing right now.");
        }
        int queuedByMember = 0;
        for (Track queued : state.tracks()) {
            if (queued.addedBy() == member.guestId()) {
                queuedByMember++;
            }
        }
        Rules.checkAdd(state.rules(), member, write.entry(), queuedByMember);
        Track track = batch.tx().insertTrack(write.entry(), member);
        p.logged = true;
        p.ack(batch.emit(new Change.TrackAdded(track)), new Results.Added(track.id(), "added"));
        if (state.nowPlayingIsFallback()) {
            Playback.advance(room, batch); // a real track displaces the fallback at once
        }
    }

    private void skip(Batch batch, Pending p, Member member, Request.Skip skip) throws SQLException {
        if (!member.role().moderates()) {
            throw new ProtocolException(ErrorCode.FORBIDDEN,
                    "Only the host or a co-host can skip tracks; ask to skip instead.");
        }
        Track current = room.state().nowPlaying();
        if (skip.currentTrackId() != null && (current == null || current.id() != skip.currentTrackId())) {
            throw new ProtocolException(ErrorCode.CONFLICT, "That track is no longer playing.");
        }
        p.logged = true;
        p.ack(Playback.advance(room, batch), null);
    }

    private void skipVote(Batch batch, Pending p, Member member, Request.SkipVote request) throws SQLException {
        RoomState state = room.state();
        Track current = state.nowPlaying();
        if (current == null || current.id() != request.trackId()) {
            throw new ProtocolException(ErrorCode.CONFLICT, "That track is no longer playing.");
        }
        if (state.person(member.guestId()) == null) {
            throw new ProtocolException(ErrorCode.CONFLICT, "Only people in the room can ask to skip.");
        }
        p.logged = true;
        if (state.askedToSkip(member.guestId())) {
            p.ack(batch.settled().seq(), null); // asking twice counts once
            return;
        }
        p.ack(batch.emit(new Change.SkipRequested(current.id(), member.guestId())), null);
        Playback.skipIfEnoughAsked(room, batch);
    }

    private void leave(Batch batch, Peer peer) throws SQLException {
        room.disconnect(peer);
        if (peer.member() == null) {
            return;
        }
        long guestId = peer.member().guestId();
        if (!room.connectedHere(guestId) && presence.depart(batch.tx(), guestId) && room.isPresent(guestId)) {
            batch.emit(new Change.GuestLeft(guestId));
            Playback.skipIfEnoughAsked(room, batch);
        }
    }

    /**
     * After a load, or when asked (a node died): presence follows the connections — this node's alone, or every
     * live node's ({@link Presence}). A banned guest still connected here (the ban was missed) is let go.
     */
    void reconcilePresence(Batch batch) throws SQLException {
        Set<Long> present = presence.reconcile(batch.tx(), room.guestsConnectedHere());
        for (Person person : room.state().present()) {
            if (!present.contains(person.guestId())) {
                batch.emit(new Change.GuestLeft(person.guestId()));
            }
        }
        for (Long guestId : present) {
            Member member = room.members().get(guestId);
            if (!room.isPresent(guestId) && member != null && !member.banned()) {
                batch.emit(new Change.GuestJoined(new Person(guestId, member.nickname(), member.role())));
            }
        }
        for (Long guestId : List.copyOf(room.guestsConnectedHere())) {
            Member member = room.members().get(guestId);
            if (member != null && member.banned()) {
                batch.closeGuest(guestId, Moderation.BANNED);
            }
        }
        Playback.skipIfEnoughAsked(room, batch);
    }

    private void join(Batch batch, Pending p, Request.Join request) throws SQLException {
        RoomTransaction tx = batch.tx();
        Member member;
        String guestToken = null;
        if (request.hostToken() != null) {
            member = tx.host(); // the room was found by this host token
        } else {
            member = request.guestToken() == null ? null : tx.returningGuest(request.guestToken(), request.nickname());
            if (member != null) {
                guestToken = request.guestToken();
            } else if (request.nickname() != null) {
                guestToken = Tokens.newToken();
                member = tx.newGuest(request.nickname(), guestToken);
                p.newMember = true;
            } else {
                throw new ProtocolException(ErrorCode.UNAUTHORIZED,
                        "That guest pass is not valid for this room; join again with a nickname.");
            }
            if (member.banned()) {
                throw new ProtocolException(ErrorCode.FORBIDDEN, "The host has removed you from this party.");
            }
        }
        if (room.ended()) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "This party has ended.");
        }
        Member before = room.members().put(member.guestId(), member);
        if (before != null && !before.nickname().equals(member.nickname())) {
            room.renameAdder(member.guestId(), member.nickname());
        }
        if (!room.connectedHere(member.guestId())) {
            presence.arrive(tx, member.guestId());
        }
        if (!room.isPresent(member.guestId())) {
            batch.emit(new Change.GuestJoined(new Person(member.guestId(), member.nickname(), member.role())));
        }
        p.joinedAs = member;
        p.guestToken = guestToken;
    }
}
