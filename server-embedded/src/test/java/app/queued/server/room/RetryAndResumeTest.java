package app.queued.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import app.queued.protocol.Codec;
import app.queued.protocol.Request;
import app.queued.protocol.Results;
import app.queued.protocol.ServerMessage;
import app.queued.protocol.Track;
import app.queued.room.RoomState;
import app.queued.server.testing.RawClient;
import app.queued.server.testing.TestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** I3 (a resent request applies once, remembered durably) and catch-up after a dropped connection (I4). */
class RetryAndResumeTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        // a small replay window so the "too far behind" path is cheap to reach
        server = TestServer.start(config -> config.withRoomSettings(new RoomSettings(512, 20_000, 20, 8, 50, 10, 1_000)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aResentRequestIsAnsweredWithTheOriginalOutcomeAndAppliedOnce() throws Exception {
        Results.RoomCreated room = server.createRoom("Retry");
        try (RawClient ana = RawClient.guest(server.uri(), room.joinCode(), "Ana")) {
            long trackId = VotePathTest.add(ana, "dQw4w9WgXcQ").trackId();
            Request.Vote vote = new Request.Vote("vote-once", trackId, 1);
            ServerMessage.Ack first = (ServerMessage.Ack) ana.request(vote);
            ana.forgetReply("vote-once");
            ServerMessage.Ack again = (ServerMessage.Ack) ana.request(vote);
            assertThat(again.seq()).isEqualTo(first.seq());

            // the same request from a new connection of the same guest (as after a reconnect)
            String token = ana.guestToken();
            try (RawClient reconnected = RawClient.greeted(server.uri())) {
                reconnected.join(new Request.Join(reconnected.nextId(), room.joinCode(), null, token, null, null));
                ServerMessage.Ack third = (ServerMessage.Ack) reconnected.request(vote);
                assertThat(third.seq()).isEqualTo(first.seq());
                Request.Add add = new Request.Add("add-once", "kJQP7kiw5Fk");
                Results.Added added = Codec.result((ServerMessage.Ack) reconnected.request(add), Results.Added.class);
                reconnected.forgetReply("add-once");
                assertThat(Codec.result((ServerMessage.Ack) reconnected.request(add), Results.Added.class))
                        .isEqualTo(added);
            }
            try (Connection c = server.sql(); PreparedStatement ps = c.prepareStatement(
                    "SELECT (SELECT score FROM track WHERE id = ?), (SELECT count(*) FROM track WHERE room_id = ?),"
                            + " (SELECT count(*) FROM room_event WHERE room_id = ? AND (payload LIKE '%\"voted\"%'"
                            + " OR payload LIKE '%\"trackAdded\"%'))")) {
                ps.setLong(1, trackId);
                ps.setLong(2, room.roomId());
                ps.setLong(3, room.roomId());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("score").isEqualTo(1);
                    assertThat(rs.getInt(2)).as("tracks").isEqualTo(2);
                    assertThat(rs.getLong(3)).as("events: add, vote, add").isEqualTo(3);
                }
            }
        }
    }

    /**
     * Issue 16.1: a resend in a busy room made the worker reload the room from an older cached snapshot and
     * broadcast the events between it and now, already delivered, to every connection again.
     */
    @Test
    void aResendInABusyRoomIsAnsweredToItsSenderOnlyAndRepeatsNoEvent() {
        Results.RoomCreated room = server.createRoom("Busy resends");
        try (RawClient watcher = RawClient.guest(server.uri(), room.joinCode(), "Watcher");
             RawClient resender = RawClient.guest(server.uri(), room.joinCode(), "Resender");
             RawClient busy = RawClient.guest(server.uri(), room.joinCode(), "Busy")) {
            long trackId = VotePathTest.add(busy, "dQw4w9WgXcQ").trackId();
            Request.Vote remembered = new Request.Vote("remembered", trackId, 1);
            ServerMessage.Ack original = (ServerMessage.Ack) resender.request(remembered);
            long start = server.lastSeq(room.roomId());
            watcher.awaitState(s -> s.seq() == start);
            int watcherFrom = watcher.receivedCount();

            List<String> busyIds = new java.util.ArrayList<>();
            for (int round = 0; round < 40; round++) {
                for (int i = 0; i < 5; i++) { // the room is busy: votes arrive while the resend is handled
                    String id = busy.nextId();
                    busyIds.add(id);
                    busy.sendRaw(Codec.write(new Request.Vote(id, trackId, (round + i) % 2 == 0 ? 1 : -1)));
                }
                resender.forgetReply("remembered");
                ServerMessage again = resender.request(remembered);
                assertThat(again).isInstanceOfSatisfying(ServerMessage.Ack.class,
                        ack -> assertThat(ack.seq()).isEqualTo(original.seq()));
            }
            busyIds.forEach(busy::awaitReply);
            long end = server.lastSeq(room.roomId());
            watcher.awaitState(s -> s.seq() == end);
            List<Long> seqs = watcher.received().subList(watcherFrom, watcher.receivedCount()).stream()
                    .map(Codec::readServer)
                    .flatMap(m -> m instanceof ServerMessage.Event e ? java.util.stream.Stream.of(e)
                            : m instanceof ServerMessage.Events batch ? batch.events().stream()
                            : java.util.stream.Stream.empty())
                    .map(ServerMessage.Event::seq).toList();
            assertThat(seqs).as("every event once, in order").isEqualTo(
                    java.util.stream.LongStream.rangeClosed(start + 1, end).boxed().toList());
            assertThat(end - start).as("the busy votes only").isEqualTo(busyIds.size());
        }
    }

    @Test
    void aClientThatWasAwayCatchesUpExactlyByReplay() {
        Results.RoomCreated room = server.createRoom("Sleepy");
        try (RawClient awake = RawClient.guest(server.uri(), room.joinCode(), "Awake")) {
            RawClient sleeper = RawClient.guest(server.uri(), room.joinCode(), "Sleeper");
            long mine = VotePathTest.add(sleeper, "fJ9rUzIMcZQ").trackId();
            VotePathTest.vote(sleeper, mine, 1);
            String token = sleeper.guestToken();
            long sleeperId = sleeper.view().present().get(1).guestId();
            long seqBefore = server.lastSeq(room.roomId());
            sleeper.awaitState(s -> s.seq() == seqBefore);
            ServerMessage.Snapshot before = sleeper.view().toSnapshot();
            sleeper.close(); // the laptop sleeps
            awake.awaitState(s -> s.person(sleeperId) == null);

            long other = VotePathTest.add(awake, "9bZkp7q19f0").trackId();
            VotePathTest.vote(awake, other, 1);
            VotePathTest.vote(awake, mine, -1);

            try (RawClient back = RawClient.greeted(server.uri())) {
                back.rejoin(new Request.Join(back.nextId(), room.joinCode(), null, token, null, before.seq()), before);
                long now = server.lastSeq(room.roomId());
                back.awaitState(s -> s.seq() == now);
                awake.awaitState(s -> s.seq() == now);
                assertThat(back.gaps()).isEmpty();
                // it got exactly the missed events (left, three changes, back again), not a snapshot
                assertThat(back.received().stream().filter(f -> f.contains("\"type\":\"snapshot\""))).isEmpty();
                long events = back.received().stream().map(Codec::readServer).mapToLong(m ->
                        m instanceof ServerMessage.Event ? 1 : m instanceof ServerMessage.Events e ? e.events().size() : 0)
                        .sum();
                assertThat(events).isEqualTo(now - before.seq()).isEqualTo(5);
                assertSameRoom(back.view(), awake.view());
                assertThat(back.view().myVote(mine)).isEqualTo(1);
            }
        }
    }

    /**
     * Issue 16.6: a position in another room was taken as one in this room, and this room's events were replayed
     * onto the other room's state; a brand-new guest sending lastSeq got events and never a snapshot.
     */
    @Test
    void aPositionFromAnotherRoomOrOfABrandNewGuestGetsASnapshot() {
        Results.RoomCreated roomA = server.createRoom("Room A");
        Results.RoomCreated roomB = server.createRoom("Room B");
        try (RawClient inA = RawClient.host(server.uri(), roomA.hostToken());
             RawClient inB = RawClient.guest(server.uri(), roomB.joinCode(), "Bea")) {
            long trackA = VotePathTest.add(inA, "dQw4w9WgXcQ").trackId();
            VotePathTest.vote(inA, trackA, 1);
            long track = VotePathTest.add(inB, "kJQP7kiw5Fk").trackId();
            for (int i = 0; i < 3; i++) {
                VotePathTest.vote(inB, track, i % 2 == 0 ? 1 : -1);
            }
            long seqA = server.lastSeq(roomA.roomId());
            long seqB = server.lastSeq(roomB.roomId());
            assertThat(seqA).isLessThan(seqB);

            // the host of B, with the state (and position) of room A, says which room that position is in
            try (RawClient host = RawClient.greeted(server.uri())) {
                int from = host.receivedCount();
                host.sendRaw("{\"type\":\"join\",\"requestId\":\"x1\",\"hostToken\":\"" + roomB.hostToken()
                        + "\",\"lastSeq\":" + seqA + ",\"lastRoomId\":" + roomA.roomId() + "}");
                assertThat(host.awaitReply("x1")).isInstanceOf(ServerMessage.Ack.class);
                assertThat(host.awaitFrame(from, m -> m instanceof ServerMessage.Snapshot
                        || m instanceof ServerMessage.Event || m instanceof ServerMessage.Events))
                        .as("a position in room A is no position in room B").isInstanceOf(ServerMessage.Snapshot.class);
            }
            // a brand-new guest has no state of this room, whatever lastSeq it sends
            try (RawClient newcomer = RawClient.greeted(server.uri())) {
                int from = newcomer.receivedCount();
                newcomer.sendRaw(Codec.write(new Request.Join("x2", roomB.joinCode(), "New", null, null, seqB - 2)));
                assertThat(newcomer.awaitReply("x2")).isInstanceOf(ServerMessage.Ack.class);
                assertThat(newcomer.awaitFrame(from, m -> m instanceof ServerMessage.Snapshot
                        || m instanceof ServerMessage.Event || m instanceof ServerMessage.Events))
                        .isInstanceOf(ServerMessage.Snapshot.class);
            }
            // a returning member whose position is in this room still gets the missed events only
            inB.awaitState(s -> s.present().size() == 1); // the two above have left
            long now = server.lastSeq(roomB.roomId());
            inB.awaitState(s -> s.seq() == now);
            try (RawClient back = RawClient.greeted(server.uri())) {
                int from = back.receivedCount();
                back.sendRaw("{\"type\":\"join\",\"requestId\":\"x3\",\"code\":\"" + roomB.joinCode()
                        + "\",\"guestToken\":\"" + inB.guestToken() + "\",\"lastSeq\":" + (now - 1)
                        + ",\"lastRoomId\":" + roomB.roomId() + "}");
                assertThat(back.awaitReply("x3")).isInstanceOf(ServerMessage.Ack.class);
                assertThat(back.awaitFrame(from, m -> m instanceof ServerMessage.Snapshot
                        || m instanceof ServerMessage.Event || m instanceof ServerMessage.Events))
                        .isNotInstanceOf(ServerMessage.Snapshot.class);
            }
        }
    }

    @Test
    void aClientTooFarBehindGetsASnapshotAndAGapTriggersResume() {
        Results.RoomCreated room = server.createRoom("Far behind");
        try (RawClient busy = RawClient.guest(server.uri(), room.joinCode(), "Busy")) {
            RawClient away = RawClient.guest(server.uri(), room.joinCode(), "Away");
            long track = VotePathTest.add(busy, "dQw4w9WgXcQ").trackId();
            VotePathTest.vote(away, track, 1);
            long seqBefore = server.lastSeq(room.roomId());
            away.awaitState(s -> s.seq() == seqBefore);
            String token = away.guestToken();
            ServerMessage.Snapshot before = away.view().toSnapshot();
            away.close();
            for (int i = 0; i < 30; i++) { // more than the replay window of 20
                VotePathTest.vote(busy, track, i % 2 == 0 ? -1 : 1);
            }
            try (RawClient back = RawClient.greeted(server.uri())) {
                back.rejoin(new Request.Join(back.nextId(), room.joinCode(), null, token, null, before.seq()), before);
                long now = server.lastSeq(room.roomId());
                back.awaitState(s -> s.seq() == now);
                busy.awaitState(s -> s.seq() == now);
                assertThat(back.received().stream().filter(f -> f.contains("\"type\":\"snapshot\""))).hasSize(1);
                assertSameRoom(back.view(), busy.view());
                assertThat(back.view().myVote(track)).isEqualTo(1);

                // resume asks for what is missing after a gap: from the ring here (8 events), from storage beyond
                for (long lastSeq : List.of(now - 1, now - 8, now - 19, 0L)) {
                    ServerMessage reply = back.request(new Request.Resume(back.nextId(), lastSeq));
                    assertThat(reply).isInstanceOfSatisfying(ServerMessage.Ack.class,
                            ack -> assertThat(ack.seq()).isEqualTo(now));
                }
                assertSameRoom(back.view(), busy.view());
            }
        }
    }

    static void assertSameRoom(RoomState actual, RoomState expected) {
        assertThat(actual.seq()).isEqualTo(expected.seq());
        assertThat(actual.orderedQueue()).usingRecursiveFieldByFieldElementComparator()
                .isEqualTo(expected.orderedQueue());
        assertThat(actual.nowPlaying()).isEqualTo(expected.nowPlaying());
        List<Long> ids = actual.orderedQueue().stream().map(Track::id).toList();
        assertThat(ids).doesNotHaveDuplicates();
    }
}
