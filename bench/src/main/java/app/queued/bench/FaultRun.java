package app.queued.bench;

import app.queued.client.QueuedClient;
import app.queued.client.RequestFailedException;
import app.queued.client.RoomView;
import app.queued.protocol.Change;
import app.queued.protocol.Codec;
import app.queued.protocol.Request;
import app.queued.protocol.Results;
import app.queued.protocol.ServerMessage;
import app.queued.protocol.Track;
import app.queued.server.store.RoomStore;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import redis.clients.jedis.RedisClient;

/**
 * The fault scenario: votes flow at a steady rate from screens using the real client library while the server is
 * hurt in turn — half the screens' connections cut mid-request, the server killed with SIGKILL and started again,
 * its Redis killed and brought back, its PostgreSQL stopped at once for a while, the connections cut again. Then a
 * per-vote ledger against PostgreSQL: every acknowledged vote is in the event log at its seq (and in the request
 * log), no vote refused with an error was saved, none applied twice, every screen converged on PostgreSQL's queue,
 * and Redis's snapshot is current. Everything a fault changed is timed from the votes' answers.
 */
final class FaultRun {

    /**
     * The run's shape. {@code rate} is votes per second over all rooms; each {@code gapS} of steady load separates
     * two faults.
     */
    record Plan(int rooms, int clientsPerRoom, int tracks, double rate, double gapS, double redisDownS,
                double pgDownS, boolean killServer, long seed) {
        static Plan standard() {
            return new Plan(2, 12, 10, 40, 8, 3, 10, true, 42);
        }
    }

    /** One fault as it happened: when (seconds into the load), how long its outage lasted. */
    record Fault(String name, double atS, double outageS, long startNanos, long endNanos, String detail) {
    }

    /** One vote and what became of it. */
    static final class Vote {
        final int room;
        final long guestId;
        final long trackId;
        final int value;
        final String requestId;
        final long sentNanos;
        volatile long answeredNanos;
        volatile long ackSeq = -1;
        volatile String error; // a code, or "no answer"

        Vote(int room, long guestId, long trackId, int value, String requestId, long sentNanos) {
            this.room = room;
            this.guestId = guestId;
            this.trackId = trackId;
            this.value = value;
            this.requestId = requestId;
            this.sentNanos = sentNanos;
        }
    }

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final long SETTLE_MS = 30_000;

    private final Plan plan;
    private final ServerProcess server;
    private final List<String> catalog;
    private final List<Fault> faults = new ArrayList<>();
    private final List<Vote> votes = Collections.synchronizedList(new ArrayList<>());
    private long loadStart;

    FaultRun(Plan plan, ServerProcess server, List<String> catalog) {
        this.plan = plan;
        this.server = server;
        this.catalog = catalog;
    }

    private final class Room {
        final Results.RoomCreated created;
        final QueuedClient host;
        final List<QueuedClient> guests = new ArrayList<>();
        final List<Long> guestIds = new ArrayList<>();
        final List<Long> trackIds = new ArrayList<>();
        long setupSeq;

        Room(Results.RoomCreated created, QueuedClient host) {
            this.created = created;
            this.host = host;
        }
    }

    FaultResult run() throws Exception {
        List<QueuedClient> everyone = new ArrayList<>();
        try (ClientRelay relay = new ClientRelay(server.uri().getPort())) {
            URI direct = server.uri();
            URI relayed = URI.create("ws://127.0.0.1:" + relay.port());
            List<Room> rooms = new ArrayList<>();
            for (int r = 0; r < plan.rooms(); r++) {
                rooms.add(setUpRoom(r, direct, relayed, everyone));
            }
            Sender sender = new Sender(rooms);
            Thread sending = new Thread(sender, "bench-fault-sender");
            loadStart = System.nanoTime();
            sending.start();
            System.err.printf(Locale.ROOT, "[bench] faults: %d room(s) x %d screens (half through a relay), "
                    + "%.0f votes/s%n", plan.rooms(), plan.clientsPerRoom(), plan.rate());

            pause(plan.gapS());
            cut(relay, "connections cut");
            pause(plan.gapS());
            if (plan.killServer()) {
                long t0 = System.nanoTime();
                server.killAndRestart();
                long t1 = System.nanoTime();
                faults.add(fault("server killed (SIGKILL), restarted", t0, t1,
                        String.format(Locale.ROOT, "ready again after %.1f s", seconds(t1 - t0))));
                pause(plan.gapS());
            }
            long t0 = System.nanoTime();
            int redisPort = server.killRedis();
            pause(plan.redisDownS());
            server.restartRedis(redisPort);
            faults.add(fault("Redis killed (SIGKILL), restarted empty", t0, System.nanoTime(), ""));
            pause(plan.gapS());
            t0 = System.nanoTime();
            server.stopPostgres();
            long stopped = System.nanoTime();
            pause(plan.pgDownS());
            server.startPostgres();
            long started = System.nanoTime();
            faults.add(fault("PostgreSQL stopped (immediate), started", t0, started,
                    String.format(Locale.ROOT, "stop took %.1f s", seconds(stopped - t0))));
            pause(plan.gapS());
            cut(relay, "connections cut again");
            pause(plan.gapS() / 2);

            sender.stop();
            sending.join();
            long loadEnd = System.nanoTime();
            awaitAnswers();
            System.err.printf(Locale.ROOT, "[bench] faults: %d votes in %.0f s; verifying%n", votes.size(),
                    seconds(loadEnd - loadStart));
            return verify(rooms, everyone, seconds(loadEnd - loadStart));
        } finally {
            everyone.forEach(QueuedClient::close);
        }
    }

    private Fault fault(String name, long start, long end, String detail) {
        System.err.printf(Locale.ROOT, "[bench] faults: %s at %.1f s (%.1f s) %s%n", name, seconds(start - loadStart),
                seconds(end - start), detail);
        return new Fault(name, seconds(start - loadStart), seconds(end - start), start, end, detail);
    }

    /** Half a second of the relayed screens' answers lost on the way, then their connections cut. */
    private void cut(ClientRelay relay, String name) throws InterruptedException {
        long t = System.nanoTime();
        relay.loseAnswers();
        pause(0.5);
        long inFlight;
        synchronized (votes) {
            inFlight = votes.stream().filter(v -> v.answeredNanos == 0).count();
        }
        int cut = relay.cutAll();
        faults.add(fault(name, t, System.nanoTime(), cut + " connections, " + inFlight
                + " votes unanswered when cut"));
    }

    private static void pause(double seconds) throws InterruptedException {
        Thread.sleep((long) (seconds * 1000)); // the load runs on; faults come at fixed times
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private QueuedClient client(URI uri) {
        return QueuedClient.builder(uri).clientName("queued-bench faults")
                .requestTimeout(REQUEST_TIMEOUT)
                .backoff(Duration.ofMillis(100), Duration.ofSeconds(1))
                .connectionLostTimeout(Duration.ofSeconds(5))
                .build();
    }

    private Room setUpRoom(int index, URI direct, URI relayed, List<QueuedClient> everyone) throws Exception {
        QueuedClient host = client(direct);
        everyone.add(host);
        host.connect().get(30, TimeUnit.SECONDS);
        Results.RoomCreated created = host.createRoom("faults " + (index + 1), server.adminToken())
                .get(30, TimeUnit.SECONDS);
        host.joinAsHost(created.hostToken()).get(30, TimeUnit.SECONDS);
        Room room = new Room(created, host);
        for (int t = 0; t < plan.tracks(); t++) {
            room.trackIds.add(host.add(catalog.get(t)).get(30, TimeUnit.SECONDS).trackId());
        }
        for (int g = 0; g < plan.clientsPerRoom(); g++) {
            QueuedClient guest = client(g % 2 == 0 ? relayed : direct);
            everyone.add(guest);
            guest.connect().get(30, TimeUnit.SECONDS);
            Results.Joined joined = guest.joinAsGuest(created.joinCode(), "guest " + g, null).get(30, TimeUnit.SECONDS);
            room.guests.add(guest);
            room.guestIds.add(joined.guestId());
        }
        try (Connection c = DriverManager.getConnection(server.jdbcUrl())) {
            room.setupSeq = Verifier.lastSeq(c, created.roomId());
        }
        return room;
    }

    /** Votes at the plan's rate; each screen keeps at most one unanswered vote per track (as an app does). */
    private final class Sender implements Runnable {
        private final List<Room> rooms;
        private final Random random = new Random(plan.seed());
        private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
        private final Map<String, Integer> lastValue = new HashMap<>();
        private final AtomicBoolean running = new AtomicBoolean(true);

        Sender(List<Room> rooms) {
            this.rooms = rooms;
        }

        void stop() {
            running.set(false);
        }

        @Override
        public void run() {
            long interval = (long) (1e9 / plan.rate());
            long next = System.nanoTime();
            while (running.get()) {
                long now = System.nanoTime();
                if (now < next) {
                    java.util.concurrent.locks.LockSupport.parkNanos(next - now);
                    continue;
                }
                next += interval;
                int r = random.nextInt(rooms.size());
                int g = random.nextInt(plan.clientsPerRoom());
                int t = random.nextInt(plan.tracks());
                Room room = rooms.get(r);
                String key = r + "/" + g + "/" + t;
                if (!inFlight.add(key)) {
                    continue; // that screen still waits for its vote on that track
                }
                int value = otherValue(lastValue.getOrDefault(key, 0), random);
                lastValue.put(key, value);
                QueuedClient guest = room.guests.get(g);
                String requestId = guest.nextRequestId();
                Vote vote = new Vote(r, room.guestIds.get(g), room.trackIds.get(t), value, requestId, System.nanoTime());
                votes.add(vote);
                guest.send(new Request.Vote(requestId, vote.trackId, value)).whenComplete((ack, failure) -> {
                    vote.answeredNanos = System.nanoTime();
                    if (failure == null) {
                        vote.ackSeq = ack.seq();
                    } else {
                        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause() : failure;
                        vote.error = cause instanceof RequestFailedException refused ? refused.code().wire()
                                : cause instanceof TimeoutException ? "no answer" : cause.toString();
                    }
                    inFlight.remove(key);
                });
            }
        }
    }

    private static int otherValue(int current, Random random) {
        int pick = random.nextInt(2);
        return switch (current) {
            case 1 -> pick == 0 ? 0 : -1;
            case -1 -> pick == 0 ? 0 : 1;
            default -> pick == 0 ? 1 : -1;
        };
    }

    private void awaitAnswers() throws InterruptedException {
        long deadline = System.nanoTime() + REQUEST_TIMEOUT.toNanos() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            synchronized (votes) {
                if (votes.stream().allMatch(v -> v.answeredNanos != 0)) {
                    return;
                }
            }
            Thread.sleep(50);
        }
    }

    // ---------------------------------------------------------------- the ledger

    private FaultResult verify(List<Room> rooms, List<QueuedClient> everyone, double loadSeconds) throws Exception {
        List<Vote> all;
        synchronized (votes) {
            all = List.copyOf(votes);
        }
        FaultResult result = new FaultResult(plan, loadSeconds, faults);
        try (Connection c = DriverManager.getConnection(server.jdbcUrl())) {
            long settleDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MS);
            for (int r = 0; r < rooms.size(); r++) {
                Room room = rooms.get(r);
                long roomId = room.created.roomId();
                Map<Long, Change> events = Verifier.events(c, roomId, room.setupSeq);
                Map<String, Long> logged = requestLog(c, roomId);
                long lastSeq = Verifier.lastSeq(c, roomId);
                Map<Long, Long> savedPerGuest = new HashMap<>();
                for (Vote vote : all) {
                    if (vote.room != r) {
                        continue;
                    }
                    result.sent++;
                    Long seq = logged.get(vote.guestId + "/" + vote.requestId);
                    if (seq != null) {
                        savedPerGuest.merge(vote.guestId, 1L, Long::sum);
                    }
                    if (vote.ackSeq >= 0) {
                        result.acked++;
                        Change change = events.get(vote.ackSeq);
                        boolean inLog = change instanceof Change.Voted voted && voted.guestId() == vote.guestId
                                && voted.trackId() == vote.trackId && voted.value() == vote.value;
                        if (!inLog || seq == null || seq != vote.ackSeq) {
                            result.lost++;
                            result.note("lost: guest " + vote.guestId + " request " + vote.requestId + " acked at "
                                    + vote.ackSeq + ", log has " + change + ", request log " + seq);
                        }
                    } else if ("no answer".equals(vote.error)) {
                        result.unanswered++;
                    } else {
                        result.refusals.merge(vote.error, 1L, Long::sum);
                        if (seq != null) {
                            result.refusedButSaved++;
                            result.note("refused with " + vote.error + " but saved: guest " + vote.guestId
                                    + " request " + vote.requestId + " at " + seq);
                        }
                    }
                }
                Map<Long, Long> votedPerGuest = new HashMap<>();
                for (Change change : events.values()) {
                    if (change instanceof Change.Voted voted) {
                        votedPerGuest.merge(voted.guestId(), 1L, Long::sum);
                    }
                }
                for (Map.Entry<Long, Long> e : votedPerGuest.entrySet()) {
                    long extra = e.getValue() - savedPerGuest.getOrDefault(e.getKey(), 0L);
                    if (extra > 0) {
                        result.appliedTwice += extra;
                        result.note("guest " + e.getKey() + ": " + e.getValue() + " vote events for "
                                + savedPerGuest.getOrDefault(e.getKey(), 0L) + " saved requests");
                    }
                }
                result.seqHoles += (lastSeq - room.setupSeq) - events.size();
                result.scoreMismatches += scoreMismatches(c, roomId);
                List<Track> order = RoomStore.queueOrderedBySql(c, roomId);
                List<QueuedClient> screens = new ArrayList<>(room.guests);
                screens.add(room.host);
                for (QueuedClient screen : screens) {
                    result.clients++;
                    if (converged(screen, lastSeq, order, settleDeadline)) {
                        result.converged++;
                    } else {
                        RoomView view = screen.view();
                        result.note("screen not converged: at seq " + view.seq() + " of " + lastSeq + ", status "
                                + screen.status());
                    }
                }
                if (redisFresh(roomId, lastSeq, order, settleDeadline)) {
                    result.redisFresh++;
                } else {
                    result.note("room " + roomId + ": Redis snapshot not at seq " + lastSeq);
                }
            }
        }
        timings(all, result);
        result.unknownOutcomes = countInLog("answering outcome_unknown", null);
        result.commitAnswersLost = countInLog("request(s) in doubt", null);
        result.requestsInDoubt = countInLog("request(s) in doubt",
                java.util.regex.Pattern.compile("(\\d+) request\\(s\\) in doubt"));
        return result;
    }

    /** The times each fault cost, read from the votes' answers. */
    private void timings(List<Vote> all, FaultResult result) {
        for (Fault fault : faults) {
            List<Vote> during = new ArrayList<>();
            long firstAckAfter = Long.MAX_VALUE;
            long maxAnswer = 0;
            for (Vote vote : all) {
                if (vote.sentNanos >= fault.startNanos() && vote.sentNanos < Math.max(fault.endNanos(),
                        fault.startNanos() + 1)) {
                    during.add(vote);
                }
                if (vote.ackSeq >= 0 && vote.answeredNanos > fault.endNanos()) {
                    firstAckAfter = Math.min(firstAckAfter, vote.answeredNanos);
                }
            }
            Map<String, Long> outcomes = new LinkedHashMap<>();
            List<Long> refusalMs = new ArrayList<>();
            for (Vote vote : during) {
                String outcome = vote.ackSeq >= 0 ? "ack" : vote.error;
                outcomes.merge(outcome == null ? "?" : outcome, 1L, Long::sum);
                if (vote.answeredNanos > 0) {
                    maxAnswer = Math.max(maxAnswer, vote.answeredNanos - vote.sentNanos);
                }
                if ("unavailable".equals(vote.error)) {
                    refusalMs.add((vote.answeredNanos - vote.sentNanos) / 1_000_000);
                }
            }
            Collections.sort(refusalMs);
            result.rows.add(new FaultResult.Row(fault, during.size(), outcomes,
                    firstAckAfter == Long.MAX_VALUE ? -1 : (firstAckAfter - fault.endNanos()) / 1_000_000,
                    refusalMs.isEmpty() ? -1 : refusalMs.get(refusalMs.size() / 2),
                    refusalMs.isEmpty() ? -1 : refusalMs.get(refusalMs.size() - 1), maxAnswer / 1_000_000));
        }
    }

    /** Lines of the server's log with this text; with a pattern, the sum of the number it captures instead. */
    private long countInLog(String text, java.util.regex.Pattern number) {
        try {
            long total = 0;
            for (String line : Files.readAllLines(server.log(), StandardCharsets.UTF_8)) {
                if (!line.contains(text)) {
                    continue;
                }
                java.util.regex.Matcher m = number == null ? null : number.matcher(line);
                total += m == null ? 1 : m.find() ? Long.parseLong(m.group(1)) : 0;
            }
            return total;
        } catch (IOException e) {
            return -1;
        }
    }

    private static boolean converged(QueuedClient screen, long lastSeq, List<Track> order, long deadline)
            throws InterruptedException {
        while (true) {
            RoomView view = screen.view();
            if (view.seq() == lastSeq && view.queue().equals(order)) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
    }

    private boolean redisFresh(long roomId, long lastSeq, List<Track> order, long deadline)
            throws InterruptedException {
        int port = server.redisPort();
        if (port < 0) {
            return false;
        }
        String key = "queued:room:" + roomId + ":snapshot";
        try (RedisClient redis = RedisClient.create("127.0.0.1", port)) {
            while (true) {
                try {
                    List<String> fields = redis.hmget(key, "seq", "json");
                    if (fields.get(0) != null && Long.parseLong(fields.get(0)) == lastSeq
                            && Codec.readServer(fields.get(1)) instanceof ServerMessage.Snapshot snapshot
                            && snapshot.queue().equals(order)) {
                        return true;
                    }
                } catch (RuntimeException e) {
                    // Redis still coming back
                }
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(50);
            }
        }
    }

    /** Every remembered request of the room's members: "guestId/requestId" to its seq. */
    private static Map<String, Long> requestLog(Connection c, long roomId) throws SQLException {
        Map<String, Long> logged = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT r.guest_id, r.request_id, r.seq FROM request_log r"
                + " JOIN guest g ON g.id = r.guest_id WHERE g.room_id = ?")) {
            ps.setLong(1, roomId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    logged.put(rs.getLong(1) + "/" + rs.getString(2), rs.getLong(3));
                }
            }
        }
        return logged;
    }

    private static long scoreMismatches(Connection c, long roomId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM track t WHERE t.room_id = ?"
                + " AND t.score <> (SELECT COALESCE(sum(v.value), 0) FROM vote v WHERE v.track_id = t.id)")) {
            ps.setLong(1, roomId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
