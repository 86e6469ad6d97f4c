package app.queued.host.webguest;

import app.queued.client.QueuedClient;
import app.queued.client.RoomView;
import app.queued.protocol.Results;
import app.queued.protocol.Track;
import app.queued.server.testing.TcpProxy;
import app.queued.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A party for the web guest tests: a real vote server (embedded PostgreSQL and Redis, as every server test) that
 * serves the page itself, one room, desktop guests on the Java client, and a cuttable network between the phone and
 * the server ({@link TcpProxy}): the phone loads the page and opens its socket through it, as through Wi-Fi.
 */
final class WebGuestParty implements AutoCloseable {
    private final TestServer server;
    private final TcpProxy wifi;
    private final Results.RoomCreated room;
    private final List<QueuedClient> clients = new ArrayList<>();

    private WebGuestParty(TestServer server, TcpProxy wifi, Results.RoomCreated room) {
        this.server = server;
        this.wifi = wifi;
        this.room = room;
    }

    static WebGuestParty start() throws Exception {
        TestServer server = TestServer.start();
        try {
            return new WebGuestParty(server, new TcpProxy(server.server().port()), server.createRoom("Friday party"));
        } catch (Exception e) {
            server.close();
            throw e;
        }
    }

    TestServer server() {
        return server;
    }

    String code() {
        return room.joinCode();
    }

    /** The address the QR code carries, as the phone reaches it. */
    String pageUrl() {
        return "http://127.0.0.1:" + wifi.port() + "/#code=" + room.joinCode();
    }

    /** The page's address straight on the server's port, without the cuttable network. */
    String directPageUrl() {
        return "http://127.0.0.1:" + server.server().port() + "/#code=" + room.joinCode();
    }

    TcpProxy wifi() {
        return wifi;
    }

    /** A desktop guest on the Java client library. */
    QueuedClient desktopGuest(String nickname) throws Exception {
        QueuedClient client = QueuedClient.builder(server.uri()).build();
        clients.add(client);
        client.connect().get(10, TimeUnit.SECONDS);
        client.joinAsGuest(room.joinCode(), nickname, null).get(10, TimeUnit.SECONDS);
        return client;
    }

    /** The host, for rule changes. */
    QueuedClient host() throws Exception {
        QueuedClient client = QueuedClient.builder(server.uri()).build();
        clients.add(client);
        client.connect().get(10, TimeUnit.SECONDS);
        client.joinAsHost(room.hostToken()).get(10, TimeUnit.SECONDS);
        return client;
    }

    /** The queue as a client sees it, in the room's order: "id:score,id:score". */
    static String order(QueuedClient client) {
        RoomView view = client.view();
        return view.queue().stream().sorted(client.queueOrder()).map(WebGuestParty::idScore)
                .collect(Collectors.joining(","));
    }

    static String idScore(Track track) {
        return track.id() + ":" + track.score();
    }

    @Override
    public void close() {
        clients.forEach(QueuedClient::close);
        wifi.close();
        server.close();
    }
}
