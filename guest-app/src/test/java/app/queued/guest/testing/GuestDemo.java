package app.queued.guest.testing;

import app.queued.discovery.RoomAdvert;
import app.queued.discovery.RoomAdvertiser;
import app.queued.guest.app.GuestApp;
import app.queued.guest.app.GuestConfig;
import app.queued.guest.discovery.RoomSource;
import app.queued.protocol.Protocol;
import app.queued.protocol.Results;
import app.queued.server.VoteServer;
import app.queued.server.testing.TestServer;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * A party to look at: a real vote server on loopback with a room full of songs and votes, advertised on the
 * loopback interface, and guest windows. For screenshots under Xvfb and for trying the app by hand:
 * {@code ./mvnw -q -pl guest-app -am package -DskipTests exec:java@guest -Dexec.classpathScope=test
 * -Dexec.mainClass=app.queued.guest.testing.GuestDemo}. Nothing leaves this machine.
 */
public final class GuestDemo {
    static TestServer server;
    static Results.RoomCreated room;
    static app.queued.server.testing.TcpProxy wifi;
    static OtherGuest host;

    private GuestDemo() {
    }

    public static void main(String[] args) throws Exception {
        server = TestServer.start();
        room = server.createRoom("Friday night at Sam's");
        RoomAdvertiser advertiser = RoomAdvertiser.start(List.of(InetAddress.getLoopbackAddress()),
                new RoomAdvert(room.name(), server.server().port(), VoteServer.NAME, Protocol.VERSION));
        RoomAdvertiser other = RoomAdvertiser.start(List.of(InetAddress.getLoopbackAddress()),
                new RoomAdvert("Office farewell", 7765, VoteServer.NAME, Protocol.VERSION));
        host = OtherGuest.host(server.uri(), room.hostToken());
        OtherGuest bo = OtherGuest.join(server.uri(), room.joinCode(), "Bo");
        OtherGuest kim = OtherGuest.join(server.uri(), room.joinCode(), "Kim");
        bo.add("fJ9rUzIMcZQ");
        host.skip(); // Bohemian Rhapsody starts
        long despacito = kim.add("kJQP7kiw5Fk");
        long brightside = bo.add("gGdGFtwCNBE");
        long stop = kim.add("HgzGwKwLmgM");
        long lean = host.add("YqeW9_5kURI");
        long dancing = bo.add("xFrGuyw1V8s");
        kim.add("FTQbiNvZqaY");
        bo.vote(stop, 1);
        kim.vote(stop, 1);
        host.vote(stop, 1);
        bo.vote(brightside, 1);
        kim.vote(dancing, 1);
        kim.vote(lean, -1);
        host.vote(despacito, -1);
        wifi = new app.queued.server.testing.TcpProxy(server.server().port());
        System.out.println("DEMO ws://127.0.0.1:" + server.server().port() + " code " + room.joinCode());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            advertiser.close();
            other.close();
            host.close();
            bo.close();
            kim.close();
            server.close();
        }));
        Application.launch(DemoApp.class, args);
    }

    /**
     * One guest window; "--party" joins straight away as Ana (for a screenshot of the party screen), through a relay
     * that "--cut" then blocks (for a screenshot of the reconnecting banner).
     */
    public static final class DemoApp extends Application {
        @Override
        public void start(Stage stage) throws Exception {
            Path home = Files.createTempDirectory("queued-demo-guest");
            GuestConfig config = GuestConfig.defaults().withIdentityDir(home)
                    .withRooms(RoomSource.on(InetAddress.getLoopbackAddress()));
            GuestApp app = new GuestApp(stage, config);
            app.start();
            if (getParameters().getRaw().contains("--party")) {
                app.joinModel().addressProperty().set("127.0.0.1:" + wifi.port());
                app.joinModel().codeProperty().set(room.joinCode());
                app.joinModel().nicknameProperty().set("Ana");
                app.joinModel().join();
                // Once in: Ana has voted, and searched for something.
                javafx.animation.PauseTransition later = new javafx.animation.PauseTransition(
                        javafx.util.Duration.seconds(2));
                later.setOnFinished(e -> {
                    if (app.partyModel() == null) {
                        return;
                    }
                    var queue = app.partyModel().queue();
                    app.partyModel().vote(queue.get(queue.size() - 2).trackId(), 1);
                    app.partyModel().select(queue.get(1).trackId());
                    app.searchModel().queryProperty().set("queen");
                    app.searchModel().search();
                });
                later.play();
                List<String> raw = getParameters().getRaw();
                if (raw.contains("--invite")) {
                    // "Invite someone": the QR code a friend's phone scans
                    javafx.animation.PauseTransition invite = new javafx.animation.PauseTransition(
                            javafx.util.Duration.seconds(3));
                    invite.setOnFinished(e -> app.partyModel().showInvite());
                    invite.play();
                }
                if (raw.contains("--refused")) {
                    // the host pauses adding; Ana tries to add a song and reads the server's own sentence
                    javafx.animation.PauseTransition refuse = new javafx.animation.PauseTransition(
                            javafx.util.Duration.seconds(3));
                    refuse.setOnFinished(e -> {
                        try {
                            host.send(id -> new app.queued.protocol.Request.SetRules(id,
                                    new app.queued.protocol.RoomRules("votes", 2, 300, false, null, true, false,
                                            false, 0.5)));
                        } catch (Exception failed) {
                            throw new IllegalStateException(failed);
                        }
                        app.searchModel().linkProperty().set("https://youtu.be/dQw4w9WgXcQ");
                        app.searchModel().addLink();
                        app.partyModel().vote(app.partyModel().queue().get(2).trackId(), -1);
                    });
                    refuse.play();
                }
                if (raw.contains("--cut")) {
                    // The Wi-Fi drops: the reconnecting banner shows; a vote made now waits (dimmed) to be sent.
                    javafx.animation.PauseTransition cut = new javafx.animation.PauseTransition(
                            javafx.util.Duration.seconds(4));
                    cut.setOnFinished(e -> wifi.block());
                    javafx.animation.PauseTransition offlineVote = new javafx.animation.PauseTransition(
                            javafx.util.Duration.seconds(6));
                    offlineVote.setOnFinished(e -> app.partyModel().vote(app.partyModel().queue().get(3).trackId(),
                            1));
                    cut.play();
                    offlineVote.play();
                }
            }
            stage.setOnHidden(e -> {
                app.close();
                Platform.exit();
                System.exit(0);
            });
        }
    }
}
