package app.queued.server.room;

import app.queued.protocol.CatalogEntry;
import app.queued.protocol.Codec;
import app.queued.protocol.ErrorCode;
import app.queued.protocol.ProtocolException;
import app.queued.protocol.Request;
import app.queued.protocol.Results;
import app.queued.protocol.ServerMessage;
import app.queued.server.cache.RoomCache;
import app.queued.server.cluster.NodeThreads;
import app.queued.server.catalog.TrackCatalog;
import app.queued.server.events.EventFanout;
import app.queued.server.store.Database;
import app.queued.server.store.RoomStore;
import app.queued.server.store.Tokens;
import app.queued.youtube.YouTubeLinks;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes requests of joined connections to their room's worker, and does the blocking look-ups on pools of its own:
 * rooms by code (joins, rejoins) on one, catalog calls (search, add, fallback links) on another, so that a slow or
 * dead YouTube never delays a join, a rejoin or a vote. Called on WebSocket I/O threads: nothing here blocks.
 */
public final class RoomService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RoomService.class);
    public static final int SEARCH_RESULTS = 15;
    /** Catalog calls at once; each YouTube call ends by its deadline (5 s by default). */
    public static final int CATALOG_THREADS = 8;
    /** Catalog calls waiting for a thread; one more is refused at once. */
    public static final int CATALOG_QUEUE = 32;
    /** A catalog call that waited longer than this for a thread is refused, not started: its guest is giving up. */
    static final long CATALOG_PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(3);

    private final RoomStore store;
    private final RoomCache cache;
    private final EventFanout fanout;
    private final TrackCatalog catalog;
    private final RoomSettings settings;
    private final PeerGroup.Factory groups;
    private final String adminToken;
    private final ExecutorService workers;
    private final ThreadPoolExecutor lookups;
    private final ThreadPoolExecutor catalogCalls;
    private final ScheduledExecutorService timer;
    private final ConcurrentHashMap<Long, RoomWorker> rooms = new ConcurrentHashMap<>();
    // Join codes and host tokens (hashed) PostgreSQL resolved before: rejoins still find their room while it is away.
    private final ConcurrentHashMap<String, Long> roomsByCode = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> roomsByHostToken = new ConcurrentHashMap<>();
    private final Presence presence;
    private final NodeCounters counters = new NodeCounters();

    /** One node: presence follows this node's connections, nothing to fan out. */
    public RoomService(RoomStore store, RoomCache cache, EventFanout fanout, TrackCatalog catalog,
                       RoomSettings settings, PeerGroup.Factory groups, String adminToken, int workerThreads) {
        this(store, cache, fanout, catalog, settings, groups, adminToken, workerThreads, Presence.thisNodeOnly(),
                null);
    }

    /**
     * @param presence how presence is shared ({@link Presence#shared} when several nodes use one database)
     * @param nodeId   tags this service's threads' log lines; null for none
     */
    public RoomService(RoomStore store, RoomCache cache, EventFanout fanout, TrackCatalog catalog,
                       RoomSettings settings, PeerGroup.Factory groups, String adminToken, int workerThreads,
                       Presence presence, String nodeId) {
        this.presence = presence;
        this.store = store;
        this.cache = cache;
        this.fanout = fanout;
        this.catalog = catalog;
        this.settings = settings;
        this.groups = groups;
        this.adminToken = adminToken;
        this.workers = Executors.newFixedThreadPool(workerThreads, NodeThreads.named("queued-room", nodeId));
        this.lookups = new ThreadPoolExecutor(4, 4, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(2_000),
                NodeThreads.named("queued-lookup", nodeId));
        this.catalogCalls = new ThreadPoolExecutor(CATALOG_THREADS, CATALOG_THREADS, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(CATALOG_QUEUE), NodeThreads.named("queued-catalog", nodeId));
        this.timer = Executors.newSingleThreadScheduledExecutor(NodeThreads.named("queued-timer", nodeId));
        cache.onRecovered(() -> rooms.values().forEach(RoomWorker::cacheRecovered));
        store.database().onRecovered(() -> rooms.values().forEach(RoomWorker::databaseRecovered));
        fanout.setListener(new EventFanout.Listener() {
            @Override
            public void onRemoteEvents(long roomId, long firstSeq, List<String> frames) {
                toFollowedRoom(roomId, new Command.Remote(firstSeq, frames));
            }

            @Override
            public void resync(long roomId) {
                toFollowedRoom(roomId, new Command.CatchUp());
            }
        });
        timer.scheduleWithFixedDelay(this::forgetOldRequests, 1, 60, TimeUnit.MINUTES);
    }

    /** Another node's events, or a catch-up, for a room this node follows (a refused one shows as a gap later). */
    private void toFollowedRoom(long roomId, Command command) {
        RoomWorker worker = rooms.get(roomId);
        if (worker != null && !worker.submit(command)) {
            log.debug("room {}: too busy to take another node's events now; the next ones show the gap", roomId);
        }
    }

    // ---------------------------------------------------------------- for the node's cluster duties

    /** Rooms this node follows, with the seq its picture of each has reached. */
    public Map<Long, Long> followedRooms() {
        Map<Long, Long> followed = new HashMap<>();
        rooms.forEach((id, worker) -> {
            if (worker.following()) {
                followed.put(id, worker.appliedSeq());
            }
        });
        return followed;
    }

    /** Reads the room's events this node missed from the log. */
    public void catchUp(long roomId) {
        toFollowedRoom(roomId, new Command.CatchUp());
    }

    /** Reconciles the room's presence with every live node's connections (loads the room here if need be). */
    public void recheckPresence(long roomId) {
        worker(roomId).submit(new Command.CheckPresence());
    }

    /** Every room this node has open: after this node was taken for dead, its presence must be written again. */
    public void recheckPresenceEverywhere() {
        rooms.values().forEach(worker -> worker.submit(new Command.CheckPresence()));
    }

    public NodeCounters counters() {
        return counters;
    }


    /** Creates a room (blocking; for the host app in-process and the headless main). */
    public Results.RoomCreated createRoom(String name) throws SQLException {
        return store.createRoom(name).orElseThrow(() -> new ProtocolException(ErrorCode.UNAVAILABLE,
                "Could not find a free join code; try again."));
    }

    /** Handles one well-formed request of a connection that said hello. */
    public void handle(Peer peer, Request request) {
        try {
            route(peer, request);
        } catch (ProtocolException e) {
            fail(peer, request.requestId(), e.code(), e.getMessage());
        }
    }

    private void route(Peer peer, Request request) {
        if (request instanceof Request.CreateRoom create) {
            if (!Tokens.same(adminToken, create.adminToken())) {
                throw new ProtocolException(ErrorCode.FORBIDDEN, "That admin token is not valid for this server.");
            }
            lookup(peer, request, () -> ack(peer, request, null, createRoom(create.name())));
            return;
        }
        if (request instanceof Request.Join join) {
            if (peer.member() != null) {
                throw new ProtocolException(ErrorCode.CONFLICT, "This connection has already joined a room.");
            }
            lookup(peer, request, () -> submit(peer, request, resolveRoom(join), new Command.Join(peer, join)));
            return;
        }
        if (peer.member() == null) {
            throw new ProtocolException(ErrorCode.UNAUTHORIZED, "Join a room first.");
        }
        long roomId = peer.member().roomId();
        if (request instanceof Request.Resume resume) {
            submit(peer, request, roomId, new Command.Resume(peer, resume));
        } else if (request instanceof Request.Add add) {
            String videoId = videoId(add.track());
            askCatalog(peer, request, () -> {
                CatalogEntry entry = catalog.lookup(videoId);
                submit(peer, request, roomId, new Command.Write(peer, request, entry));
            });
        } else if (request instanceof Request.SetFallback fallback && fallback.source().equals("links")) {
            askCatalog(peer, request, () -> submit(peer, request, roomId,
                    new Command.Write(peer, request, null, lookUpAll(fallback.links()))));
        } else if (request instanceof Request.Search search) {
            askCatalog(peer, request, () -> ack(peer, request, null,
                    new Results.SearchResults(catalog.name(), catalog.search(search.query(), SEARCH_RESULTS))));
        } else {
            // votes, removals, skips and the host's requests: the room's worker checks who may do what
            submit(peer, request, roomId, new Command.Write(peer, request, null));
        }
    }

    /** Every link to a catalog entry; the first that fails is named in the error. */
    private List<CatalogEntry> lookUpAll(List<String> links) {
        List<CatalogEntry> entries = new ArrayList<>(links.size());
        for (int i = 0; i < links.size(); i++) {
            try {
                entries.add(catalog.lookup(videoId(links.get(i))));
            } catch (ProtocolException e) {
                throw new ProtocolException(e.code(), "Link " + (i + 1) + " (" + links.get(i) + "): " + e.getMessage());
            }
        }
        return entries;
    }

    private static String videoId(String linkOrId) {
        try {
            return YouTubeLinks.videoId(linkOrId);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, e.getMessage());
        }
    }

    private long resolveRoom(Request.Join join) throws SQLException {
        if (join.hostToken() != null) {
            String hash = Tokens.hash(join.hostToken());
            Optional<Long> room = resolve(() -> store.roomIdByHostToken(join.hostToken()), roomsByHostToken, hash);
            return room.orElseThrow(() -> new ProtocolException(
                    ErrorCode.UNAUTHORIZED, "That host token does not open any room on this server."));
        }
        String code = Tokens.normalizeCode(join.code());
        Optional<Long> room = resolve(() -> store.roomIdByCode(join.code()), roomsByCode, code);
        return room.orElseThrow(() -> new ProtocolException(ErrorCode.NOT_FOUND,
                "No party with code " + code + " is running here. Check the code on the host's screen."));
    }

    private interface Lookup {
        Optional<Long> find() throws SQLException;
    }

    /**
     * Asks PostgreSQL, remembering the answer; while PostgreSQL is unreachable, answers from what it said before
     * (the room is in memory, so its members can come back into it).
     */
    private Optional<Long> resolve(Lookup lookup, ConcurrentHashMap<String, Long> known, String key)
            throws SQLException {
        try {
            Optional<Long> room = lookup.find();
            room.ifPresentOrElse(id -> known.put(key, id), () -> known.remove(key));
            return room;
        } catch (SQLException e) {
            store.failed(e);
            Long remembered = known.get(key);
            if (remembered == null || !Database.isConnectionLoss(e) || !rooms.containsKey(remembered)) {
                throw e;
            }
            return Optional.of(remembered);
        }
    }

    private RoomWorker worker(long roomId) {
        return rooms.computeIfAbsent(roomId, id -> new RoomWorker(id, store, cache, fanout, workers, timer, settings,
                groups.newGroup(), presence, counters));
    }

    private void submit(Peer peer, Request request, long roomId, Command command) {
        RoomWorker worker = worker(roomId);
        if (!worker.submit(command)) {
            fail(peer, request.requestId(), ErrorCode.UNAVAILABLE, "The party is very busy right now; try again.");
        }
    }

    /** A connection closed: its room forgets it. */
    public void disconnected(Peer peer) {
        if (peer.member() != null) {
            RoomWorker worker = rooms.get(peer.member().roomId());
            if (worker != null) {
                worker.submit(new Command.Leave(peer));
            }
        }
    }

    private interface Blocking {
        void run() throws Exception;
    }

    private void lookup(Peer peer, Request request, Blocking work) {
        runOn(lookups, peer, request, work, "The party is very busy right now; try again.");
    }

    /**
     * Work that calls the catalog (YouTube: the network), on its own bounded pool. When the pool and its queue are
     * full, or the call waited too long for a thread, the guest hears at once that the catalog is slow.
     */
    private void askCatalog(Peer peer, Request request, Blocking work) {
        if (catalog.answersFromMemory()) {
            lookup(peer, request, work); // nothing slow to fence off
            return;
        }
        String slow = catalog.name() + " is slow to answer right now and too many requests are waiting for it; "
                + "try again in a moment.";
        long queued = System.nanoTime();
        runOn(catalogCalls, peer, request, () -> {
            if (System.nanoTime() - queued > CATALOG_PATIENCE_NANOS) {
                throw new ProtocolException(ErrorCode.UNAVAILABLE, slow);
            }
            work.run();
        }, slow);
    }

    private void runOn(ThreadPoolExecutor pool, Peer peer, Request request, Blocking work, String busy) {
        try {
            pool.execute(() -> {
                try {
                    work.run();
                } catch (ProtocolException e) {
                    fail(peer, request.requestId(), e.code(), e.getMessage());
                } catch (SQLException e) {
                    store.failed(e);
                    if (e instanceof Database.DatabaseDownException) {
                        log.debug("database known to be down; refused {} at once", request.getClass().getSimpleName());
                    } else {
                        log.warn("database unavailable for {}: {}", request.getClass().getSimpleName(), e.toString());
                    }
                    fail(peer, request.requestId(), ErrorCode.UNAVAILABLE,
                            "The party's server cannot reach its database right now; try again.");
                } catch (Exception e) {
                    log.error("{} failed", request.getClass().getSimpleName(), e);
                    fail(peer, request.requestId(), ErrorCode.INTERNAL, "Something went wrong on the server.");
                }
            });
        } catch (RejectedExecutionException e) {
            fail(peer, request.requestId(), ErrorCode.UNAVAILABLE, busy);
        }
    }

    private static void ack(Peer peer, Request request, Long seq, Object result) {
        peer.send(Codec.write(new ServerMessage.Ack(request.requestId(), seq,
                result == null ? null : Codec.tree(result))));
    }

    private static void fail(Peer peer, String requestId, ErrorCode code, String message) {
        peer.send(Codec.write(new ServerMessage.Error(requestId, code, message)));
    }

    private void forgetOldRequests() {
        try {
            store.forgetOldRequests(48);
        } catch (SQLException | RuntimeException e) {
            log.debug("could not trim the request log: {}", e.toString());
        }
    }


    /** Stops at once, as a killed process would: queued work (leaves included) is dropped, nothing is awaited. */
    public void halt() {
        timer.shutdownNow();
        lookups.shutdownNow();
        workers.shutdownNow();
    }

    @Override
    public void close() {
        lookups.shutdown();
        catalogCalls.shutdown();
        workers.shutdown();
        try {
            lookups.awaitTermination(2, TimeUnit.SECONDS);
            catalogCalls.awaitTermination(2, TimeUnit.SECONDS);
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // the timer last: a batch still finishing schedules its cache write there (a stopped timer threw at it)
        timer.shutdownNow();
        lookups.shutdownNow();
        catalogCalls.shutdownNow();
        workers.shutdownNow();
    }
}
