package app.queued.bench;

import app.queued.protocol.Results;
import app.queued.protocol.ServerMessage;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.URI;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One measured run: creates the rooms over the protocol, connects the clients, sends votes open-loop on an
 * absolute schedule, waits for every answer and every screen, then checks everything against PostgreSQL.
 */
final class LoadRun {

    /** What to run. {@code rate} is votes per second over all rooms together. */
    record Spec(String scenario, int rooms, int clientsPerRoom, int tracks, double rate, double durationS,
                double warmupS, long seed, double quietWaitS) {
        Spec(String scenario, int rooms, int clientsPerRoom, int tracks, double rate, double durationS,
             double warmupS, long seed) {
            this(scenario, rooms, clientsPerRoom, tracks, rate, durationS, warmupS, seed, 0);
        }

        /**
         * Warm-up runs faster than the measurement (up to 1,000 votes/s, at most 50,000 frames/s to the screens) so
         * that the server's hot paths are compiled by the JIT before anything counts, as in a server that has been
         * running a while; at 100 votes/s a few seconds would leave them interpreted. The soak warms at its own
         * rate instead: a party's server is not warmed before the guests come, and what the cold JIT costs must show.
         */
        double warmupRate() {
            if (scenario.startsWith("soak")) {
                return rate;
            }
            return Math.max(rate, Math.min(1_000, 50_000.0 / clientsPerRoom));
        }

        long warmupVotes() {
            return Math.round(warmupRate() * warmupS);
        }

        long measuredVotes() {
            return Math.max(1, Math.round(rate * durationS));
        }
    }

    /**
     * The server under test: one node, or several on shared storage. {@code jdbcUrl} null skips the PostgreSQL
     * checks; {@code servers} (empty for an external one) and {@code storage} (null unless the bench started it)
     * let the run tell the server's CPU use from the generator's.
     */
    record Target(List<URI> uris, String adminToken, String jdbcUrl, List<ServerProcess> servers,
                  SharedStorage storage) {
        Target(URI uri, String adminToken, String jdbcUrl, ServerProcess server) {
            this(List.of(uri), adminToken, jdbcUrl, server == null ? List.of() : List.of(server), null);
        }

        URI uri() {
            return uris.get(0);
        }

        /** Every process on the server side: the nodes (with their own storage, if any) and shared storage. */
        List<Long> serverPids() {
            List<Long> pids = new ArrayList<>();
            servers.forEach(server -> server.processes().forEach(p -> pids.add(p.pid())));
            if (storage != null) {
                storage.processes().forEach(p -> pids.add(p.pid()));
            }
            return pids;
        }

        /** The processes of each node, then (when shared) of PostgreSQL and Redis, for CPU per part. */
        List<List<Long>> cpuParts() {
            List<List<Long>> parts = new ArrayList<>();
            servers.forEach(server -> parts.add(server.processes().stream().map(ProcessHandle::pid).toList()));
            if (storage != null) {
                parts.add(storage.processes().stream().map(ProcessHandle::pid).toList());
            }
            return parts;
        }
    }

    private static final long DRAIN_TIMEOUT_MS = 60_000;
    private static final long SETTLE_TIMEOUT_MS = 20_000;
    private static final int CONNECT_PARALLELISM = 50;
    private static final int CLIENT_THREADS = Integer.getInteger("queued.bench.clientThreads", 2);

    private final Spec spec;
    private final Target target;
    private final List<String> catalog;
    private final double killNodeAtS;
    private final SharedParses parses = SharedParses.fromSystemProperty();

    LoadRun(Spec spec, Target target, List<String> catalog) {
        this(spec, target, catalog, -1);
    }

    /** @param killNodeAtS kill -9 the last node this many seconds into the measurement (negative: never) */
    LoadRun(Spec spec, Target target, List<String> catalog, double killNodeAtS) {
        this.spec = spec;
        this.target = target;
        this.catalog = catalog;
        this.killNodeAtS = killNodeAtS;
        if (spec.tracks() > catalog.size()) {
            throw new IllegalArgumentException("at most " + catalog.size() + " tracks (the demo catalog's size)");
        }
        if (spec.rooms() < 1 || spec.clientsPerRoom() < 1 || spec.tracks() < 1 || spec.rate() <= 0
                || spec.durationS() <= 0) {
            throw new IllegalArgumentException("rooms, clients, tracks, rate and duration must be positive");
        }
    }

    /** A room of the run and the latency bookkeeping of its events. */
    static final class Room implements BenchClient.Observer {
        final int index;
        final Results.RoomCreated created;
        final BenchClient host;
        final List<BenchClient> guests = new ArrayList<>();
        final List<Long> trackIds = new ArrayList<>();
        long setupSeq;
        // Seqs whose vote is not yet on every screen (or that no ack named yet), and every seq an ack named.
        final ConcurrentHashMap<Long, SeqTracker> bySeq = new ConcurrentHashMap<>();
        final BitSet ackedSeqs = new BitSet();
        final AtomicInteger answered = new AtomicInteger();
        final AtomicInteger fullyApplied = new AtomicInteger();
        final AtomicLong seqCollisions = new AtomicLong();

        Room(int index, Results.RoomCreated created, BenchClient host) {
            this.index = index;
            this.created = created;
            this.host = host;
        }

        @Override
        public void applied(BenchClient client, long seq, long nanos) {
            if (client == host) {
                return;
            }
            SeqTracker tracker = bySeq.computeIfAbsent(seq, s -> new SeqTracker(guests.size()));
            synchronized (tracker) {
                if (--tracker.remaining == 0) {
                    tracker.doneNanos = nanos;
                    if (tracker.vote != null) {
                        finished(seq, tracker.vote, nanos);
                    }
                }
            }
        }

        @Override
        public void voteAnswered(VoteRecord vote, ServerMessage answer, long nanos) {
            if (answer instanceof ServerMessage.Ack ack && ack.seq() != null) {
                vote.ackNanos = nanos;
                vote.seq = ack.seq();
                boolean first;
                synchronized (ackedSeqs) {
                    first = !ackedSeqs.get(Math.toIntExact(ack.seq()));
                    ackedSeqs.set(Math.toIntExact(ack.seq()));
                }
                if (!first) {
                    seqCollisions.incrementAndGet();
                } else {
                    SeqTracker tracker = bySeq.computeIfAbsent(ack.seq(), s -> new SeqTracker(guests.size()));
                    synchronized (tracker) {
                        tracker.vote = vote;
                        if (tracker.remaining == 0) {
                            finished(ack.seq(), vote, tracker.doneNanos);
                        }
                    }
                }
            } else if (answer instanceof ServerMessage.Error error) {
                vote.error = error.code() + ": " + error.message();
            } else {
                vote.error = "ack without seq";
            }
            answered.incrementAndGet();
        }

        /**
         * The vote's event is on every screen. Its tracker goes: at 10,000 votes/s, trackers kept for the whole run
         * were copied by every young collection of this JVM, whose pauses then showed up as latency.
         */
        private void finished(long seq, VoteRecord vote, long nanos) {
            vote.allAppliedNanos = nanos;
            fullyApplied.incrementAndGet();
            bySeq.remove(seq);
        }
    }

    static final class SeqTracker {
        int remaining;
        long doneNanos;
        VoteRecord vote;

        SeqTracker(int clients) {
            this.remaining = clients;
        }
    }

    /** Everything one run produced; the JSON numbers come from {@link RunResult}. */
    RunResult run() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(CLIENT_THREADS, daemon("bench-ws"),
                NioIoHandler.newFactory());
        List<Room> rooms = new ArrayList<>();
        List<BenchClient> everyone = new ArrayList<>();
        try {
            long setupStart = System.nanoTime();
            for (int r = 0; r < spec.rooms(); r++) {
                rooms.add(setUpRoom(r, group, everyone));
            }
            connectGuests(rooms, group, everyone);
            System.err.printf("[bench] %s: %d room(s) x %d clients, %d tracks ready in %d ms%n", spec.scenario(),
                    spec.rooms(), spec.clientsPerRoom(), spec.tracks(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - setupStart));

            List<VoteRecord> votes = new ArrayList<>();
            Sender sender = new Sender(rooms);
            if (spec.warmupVotes() > 0) {
                // warm-up, then let it drain: its backlog (a cold JIT's) must not count against the measurement
                sender.send(spec.warmupVotes(), false, votes);
                drain(rooms, votes);
            }
            if (spec.quietWaitS() > 0) {
                CpuUse.awaitQuiet(target.serverPids(), 0.25, spec.quietWaitS());
            }
            List<List<Long>> parts = target.cpuParts();
            String loadBefore = CpuUse.loadAverage();
            CpuUse.Sample before = CpuUse.sample(target.serverPids());
            long[] partsBefore = CpuUse.ticks(parts);
            long partsStart = System.nanoTime();
            Thread killer = killLater();
            sender.send(spec.measuredVotes(), true, votes);
            drain(rooms, votes);
            CpuUse.Cores cpu = CpuUse.between(before, CpuUse.sample(target.serverPids()));
            double[] cpuParts = CpuUse.cores(partsBefore, CpuUse.ticks(parts), System.nanoTime() - partsStart);
            if (parts.size() > 1) {
                // per part: a killed node's processes are gone by the end, and must not cancel the others' time
                cpu = CpuUse.withServer(cpu, java.util.Arrays.stream(cpuParts).sum());
            }
            String loadAfter = CpuUse.loadAverage();
            if (killer != null) {
                killer.join();
            }
            Verifier.Outcome checked = new Verifier(target.jdbcUrl()).check(rooms, votes, SETTLE_TIMEOUT_MS);
            long reconnects = 0;
            for (Room room : rooms) {
                reconnects += room.host.reconnects();
                for (BenchClient guest : room.guests) {
                    reconnects += guest.reconnects();
                }
            }
            return RunResult.of(spec, votes, checked, cpu, parses.shared())
                    .cluster(new RunResult.Cluster(target.uris().size(), cpuParts, target.storage() != null,
                            NodeHealth.counters(target.uris()), killNodeAtS, reconnects, loadBefore, loadAfter));
        } finally {
            // the event loops stop once every connection is closed (each gives the server at most 2 s to answer)
            CompletableFuture.allOf(everyone.stream().map(BenchClient::close).toArray(CompletableFuture[]::new))
                    .completeOnTimeout(null, 3, TimeUnit.SECONDS)
                    .join();
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        }
    }

    /** kill -9 of the last node, {@code killNodeAtS} into the measurement; null when there is none to kill. */
    private Thread killLater() {
        if (killNodeAtS < 0 || target.servers().size() < 2) {
            return null;
        }
        ServerProcess victim = target.servers().get(target.servers().size() - 1);
        Thread killer = new Thread(() -> {
            LockSupport.parkNanos((long) (killNodeAtS * 1e9));
            victim.kill();
            System.err.printf("[bench] killed node %d (pid %d) with SIGKILL%n", target.servers().size(), victim.pid());
        }, "bench-kill-node");
        killer.setDaemon(true);
        killer.start();
        return killer;
    }

    /** Which node a room's host (guest -1) or guest connects to first: spread evenly, every room on every node. */
    private int nodeOf(int room, int guest) {
        return Math.floorMod(room + guest + 1, target.uris().size());
    }

    private Room setUpRoom(int index, EventLoopGroup group, List<BenchClient> everyone) throws Exception {
        BenchClient host = step(BenchClient.connect(group, parses, target.uris(), nodeOf(index, -1), "h" + index),
                index, "connect its host");
        everyone.add(host);
        Results.RoomCreated created = step(host.createRoom(spec.scenario() + " " + (index + 1), target.adminToken()),
                index, "create it");
        Room room = new Room(index, created, host);
        host.observe(room);
        step(host.join(null, null, created.hostToken()), index, "join its host");
        // Adds one at a time, so the tracks' order of adding (the tie-break) is the catalog's.
        for (int t = 0; t < spec.tracks(); t++) {
            room.trackIds.add(step(host.add(catalog.get(t)), index, "add track " + (t + 1)).trackId());
        }
        awaitSeq(host, spec.tracks());
        room.setupSeq = host.seq();
        return room;
    }

    /** One step of a room's set-up, within 30 s; a step that does not finish says which it was. */
    private static <T> T step(CompletableFuture<T> future, int room, String what) throws Exception {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("room " + (room + 1) + ": could not " + what + " within 30 s", e);
        }
    }

    private void connectGuests(List<Room> rooms, EventLoopGroup group, List<BenchClient> everyone) throws Exception {
        List<BenchClient[]> slots = new ArrayList<>();
        for (Room room : rooms) {
            slots.add(new BenchClient[spec.clientsPerRoom()]);
        }
        List<int[]> todo = new ArrayList<>();
        for (int r = 0; r < rooms.size(); r++) {
            for (int g = 0; g < spec.clientsPerRoom(); g++) {
                todo.add(new int[] {r, g});
            }
        }
        for (int from = 0; from < todo.size(); from += CONNECT_PARALLELISM) {
            List<CompletableFuture<?>> batch = new ArrayList<>();
            for (int[] slot : todo.subList(from, Math.min(todo.size(), from + CONNECT_PARALLELISM))) {
                Room room = rooms.get(slot[0]);
                String name = "r" + slot[0] + "g" + slot[1];
                batch.add(BenchClient.connect(group, parses, target.uris(), nodeOf(slot[0], slot[1]), name)
                        .thenCompose(client -> {
                            synchronized (everyone) {
                                everyone.add(client);
                            }
                            slots.get(slot[0])[slot[1]] = client;
                            client.observe(room);
                            return client.join(room.created.joinCode(), "guest " + slot[1], null);
                        }));
            }
            CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        }
        for (int r = 0; r < rooms.size(); r++) {
            Room room = rooms.get(r);
            // the observer reads guests.size(): fill the list before any vote is sent
            room.guests.addAll(List.of(slots.get(r)));
            // joining makes events too (guestJoined): votes start once every screen has them all
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            long seq;
            do {
                seq = room.host.seq();
                for (BenchClient guest : room.guests) {
                    awaitSeq(guest, seq);
                }
                Thread.sleep(20);
            } while (room.host.seq() != seq && System.nanoTime() < deadline);
            room.setupSeq = seq;
            room.bySeq.clear();
        }
    }

    private static void awaitSeq(BenchClient client, long seq) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (client.seq() < seq) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(client.name() + " did not reach seq " + seq + " (at " + client.seq()
                        + ")");
            }
            Thread.sleep(5);
        }
    }

    /**
     * The open-loop sender: vote i is due at start + i/rate, whatever happened to the earlier ones. When the
     * sender wakes up late it sends every vote that is due at once, so a slow server or generator shows up as
     * latency instead of quietly lowering the rate.
     */
    private final class Sender {
        private final List<Room> rooms;
        private final Random random = new Random(spec.seed());
        private final int perRoom = spec.clientsPerRoom();
        private final int tracks = spec.tracks();
        // the value each guest last sent per track, to make ups, downs, changes and take-backs
        private final byte[][] last;

        Sender(List<Room> rooms) {
            this.rooms = rooms;
            this.last = new byte[rooms.size() * spec.clientsPerRoom()][spec.tracks()];
        }

        void send(long count, boolean measured, List<VoteRecord> votes) {
            if (votes.size() + count > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("too many votes for one run");
            }
            double intervalNanos = 1e9 / (measured ? spec.rate() : spec.warmupRate());
            long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
            long hardStop = start + (long) (count * intervalNanos) + TimeUnit.SECONDS.toNanos(30);
            long i = 0;
            while (i < count) {
                long due = start + (long) (i * intervalNanos);
                long now = System.nanoTime();
                if (now > hardStop) {
                    System.err.println("[bench] the sender could not keep up; stopped after " + i + " votes");
                    break;
                }
                if (due > now) {
                    LockSupport.parkNanos(Math.min(due - now, TimeUnit.MILLISECONDS.toNanos(50)));
                    continue;
                }
                while (i < count && (due = start + (long) (i * intervalNanos)) <= now) {
                    int r = random.nextInt(rooms.size());
                    int g = random.nextInt(perRoom);
                    int t = random.nextInt(tracks);
                    Room room = rooms.get(r);
                    BenchClient guest = room.guests.get(g);
                    byte[] mine = last[r * perRoom + g];
                    int value = otherValue(mine[t], random);
                    mine[t] = (byte) value;
                    VoteRecord vote = new VoteRecord(r, g, guest.guestId(), room.trackIds.get(t), value,
                            guest.nextId(), due, measured);
                    votes.add(vote);
                    guest.sendVote(vote);
                    i++;
                }
            }
        }
    }

    /** Up, down, change or take back: any value but the one this guest already has. */
    private static int otherValue(int current, Random random) {
        int pick = random.nextInt(2);
        return switch (current) {
            case 1 -> pick == 0 ? 0 : -1;
            case -1 -> pick == 0 ? 0 : 1;
            default -> pick == 0 ? 1 : -1;
        };
    }

    /** Waits (bounded) until every vote is answered and every acknowledged one reached every screen. */
    private static void drain(List<Room> rooms, List<VoteRecord> votes) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_TIMEOUT_MS);
        while (System.nanoTime() < deadline) {
            int answered = 0;
            int applied = 0;
            for (Room room : rooms) {
                answered += room.answered.get();
                applied += room.fullyApplied.get();
            }
            long acked = 0;
            if (answered >= votes.size()) {
                for (VoteRecord vote : votes) {
                    if (vote.acked()) {
                        acked++;
                    }
                }
                if (applied >= acked) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        System.err.println("[bench] not every vote was answered and applied everywhere within "
                + DRAIN_TIMEOUT_MS / 1000 + " s");
    }

    static java.util.concurrent.ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
