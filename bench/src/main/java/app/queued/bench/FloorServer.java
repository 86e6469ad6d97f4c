package app.queued.bench;

import app.queued.protocol.Change;
import app.queued.protocol.Codec;
import app.queued.protocol.ErrorCode;
import app.queued.protocol.Protocol;
import app.queued.protocol.Request;
import app.queued.protocol.Results;
import app.queued.protocol.Role;
import app.queued.protocol.RoomInfo;
import app.queued.protocol.ServerMessage;
import app.queued.protocol.Track;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * The floor under Queued's latency on this machine: a bare Java-WebSocket server (the same library and socket
 * options as the vote server) that speaks just enough of protocol 1 for the benchmark's own clients — rooms,
 * joins, adds and votes kept in memory, no database, no cache, no rules — and answers each vote with an ack and
 * one {@code event} broadcast to the room. Run by the bench in its own JVM, with the same generator, clients and
 * schedule as Queued, so the ratio of the two says how much Queued adds on this machine, whatever the machine.
 */
public final class FloorServer extends WebSocketServer {
    private static final class Room {
        final RoomInfo info;
        final List<WebSocket> screens = new ArrayList<>();
        final List<Track> queue = new ArrayList<>();
        final Map<Long, Integer> scoreByTrack = new HashMap<>();
        final Map<Long, Integer> voteByGuestTrack = new HashMap<>(); // key guestId * 2^20 + trackId
        long seq;
        long nextGuest = 1;

        Room(RoomInfo info) {
            this.info = info;
        }
    }

    private static final class Connection {
        Room room;
        long guestId;
    }

    private final AtomicLong ids = new AtomicLong(1);
    private final Map<String, Room> byCode = new ConcurrentHashMap<>();
    private final CountDownLatch started = new CountDownLatch(1);

    FloorServer(InetSocketAddress address) {
        super(address, Runtime.getRuntime().availableProcessors());
        setReuseAddr(true);
        setTcpNoDelay(true);
        setDaemon(true);
    }

    public static void main(String[] args) throws Exception {
        FloorServer server = new FloorServer(new InetSocketAddress("127.0.0.1", 0));
        server.start();
        // The port is known once the selector thread has bound it (before that, getPort() says 0 or -1).
        if (!server.started.await(10, TimeUnit.SECONDS)) {
            System.out.println("FAILED the floor server did not bind within 10 s");
            System.exit(1);
        }
        System.out.println("READY ws://127.0.0.1:" + server.getPort());
        System.out.flush();
        System.in.read(); // the bench closes our stdin (or kills us) when it is done
        server.stop(1000);
    }

    @Override
    public void onOpen(WebSocket socket, ClientHandshake handshake) {
        socket.setAttachment(new Connection());
    }

    @Override
    public void onMessage(WebSocket socket, String frame) {
        Request request = Codec.readRequest(frame);
        Connection connection = socket.getAttachment();
        if (request instanceof Request.Hello hello) {
            ack(socket, hello.requestId(), null, new Results.Hello(Protocol.VERSION, "queued-floor"));
        } else if (request instanceof Request.CreateRoom create) {
            String code = "F" + ids.incrementAndGet();
            Room room = new Room(new RoomInfo(ids.incrementAndGet(), create.name(), code));
            byCode.put(code, room);
            ack(socket, create.requestId(), null, new Results.RoomCreated(room.info.id(), create.name(), code, code));
        } else if (request instanceof Request.Join join) {
            Room room = byCode.get(join.hostToken() != null ? join.hostToken() : join.code());
            if (room == null) {
                socket.send(Codec.write(new ServerMessage.Error(join.requestId(), ErrorCode.NOT_FOUND, "no room")));
                return;
            }
            synchronized (room) {
                connection.room = room;
                connection.guestId = room.nextGuest++;
                ack(socket, join.requestId(), room.seq, new Results.Joined(room.info.id(), room.info.name(),
                        room.info.joinCode(), connection.guestId, "g", null, Role.GUEST));
                socket.send(Codec.write(new ServerMessage.Snapshot(room.seq, room.info, null, null,
                        List.copyOf(room.queue), Map.of())));
                room.screens.add(socket);
            }
        } else if (request instanceof Request.Add add) {
            Room room = connection.room;
            synchronized (room) {
                long trackId = room.queue.size() + 1;
                Track track = new Track(trackId, add.track(), "floor " + trackId, "floor", 200, null,
                        connection.guestId, "g", System.currentTimeMillis(), 0);
                room.queue.add(track);
                room.scoreByTrack.put(trackId, 0);
                long seq = ++room.seq;
                ack(socket, add.requestId(), seq, new Results.Added(trackId, "added"));
                broadcast(room, new ServerMessage.Event(seq, new Change.TrackAdded(track)));
            }
        } else if (request instanceof Request.Vote vote) {
            Room room = connection.room;
            synchronized (room) {
                long key = (connection.guestId << 20) + vote.trackId();
                int before = room.voteByGuestTrack.getOrDefault(key, 0);
                room.voteByGuestTrack.put(key, vote.value());
                int score = room.scoreByTrack.merge(vote.trackId(), vote.value() - before, Integer::sum);
                long seq = ++room.seq;
                ack(socket, vote.requestId(), seq, null);
                broadcast(room, new ServerMessage.Event(seq,
                        new Change.Voted(vote.trackId(), connection.guestId, vote.value(), score)));
            }
        } else {
            socket.send(Codec.write(new ServerMessage.Error(request.requestId(), ErrorCode.BAD_REQUEST,
                    "the floor server knows only hello, createRoom, join, add and vote")));
        }
    }

    private static void ack(WebSocket socket, String requestId, Long seq, Object result) {
        socket.send(Codec.write(new ServerMessage.Ack(requestId, seq, result == null ? null : Codec.tree(result))));
    }

    /** One encoding for the whole room, as the vote server does. */
    private void broadcast(Room room, ServerMessage.Event event) {
        broadcast(Codec.write(event), room.screens);
    }

    @Override
    public void onClose(WebSocket socket, int code, String reason, boolean remote) {
        Connection connection = socket.getAttachment();
        if (connection != null && connection.room != null) {
            synchronized (connection.room) {
                connection.room.screens.remove(socket);
            }
        }
    }

    @Override
    public void onError(WebSocket socket, Exception e) {
        // stderr is the bench's floor log: a request that found no answer says why there
        System.err.println((socket == null ? "floor server failed: " : "floor server: a connection's frame failed: ")
                + e);
        e.printStackTrace();
    }

    @Override
    public void onStart() {
        started.countDown();
    }
}
