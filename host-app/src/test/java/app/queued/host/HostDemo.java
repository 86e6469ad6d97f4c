package app.queued.host;

import app.queued.client.QueuedClient;
import app.queued.host.app.HostApp;
import app.queued.host.app.HostConfig;
import app.queued.protocol.CatalogEntry;

import app.queued.server.catalog.DemoCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;

/**
 * A party to look at, for screenshots under Xvfb: the real host app in a real window on its own built-in storage (a
 * fresh folder), a stand-in for the YouTube player (no internet here), a room with guests, songs, votes and a few
 * songs already played. {@code --tab people|history|fallback} shows that tab, {@code --end} the "End party"
 * question. Nothing leaves this machine but the LAN advert (off here).
 */
public final class HostDemo {
    private static final String[] NAMES = {"Ana", "Bo", "Chidi", "Dana", "Eli"};

    private HostDemo() {
    }

    /** A plain main: the launcher refuses an Application subclass on the class path. */
    public static void main(String[] args) {
        Application.launch(DemoApp.class, args);
    }

    /** The window and the party. */
    public static final class DemoApp extends Application {
    private HostApp app;

    @Override
    public void start(Stage stage) throws Exception {
        Path home = Files.createTempDirectory("queued-host-demo");
        HostConfig config = new HostConfig(home, "0.0.0.0", 7765, false, "/fake-iframe-api.js",
                Map.of("/fake-iframe-api.js", "/fake-iframe-api.js"), null, Map.of(), "Friday night",
                HostConfig.AutoQuit.NEVER, false, true, url -> { }, Platform::exit);
        app = new HostApp(config);
        HostApp running = app;
        // killed (the usual end of a screenshot run): stop its PostgreSQL and Redis, then forget the demo folder
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.stopEverything();
            try (java.util.stream.Stream<Path> files = Files.walk(home)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (java.io.IOException e) {
                // best effort
            }
        }, "demo-stop"));
        app.show(stage);
        stage.setOnHidden(e -> System.exit(0));
        Thread driver = new Thread(() -> drive(getParameters().getRaw()), "demo-driver");
        driver.setDaemon(true);
        driver.start();
    }

    private void drive(List<String> args) {
        try {
            while (onFx(() -> app.party() == null || app.partyView() == null)) {
                Thread.sleep(200);
            }
            String code = onFx(() -> app.party().joinCodeProperty().get().replace(" ", ""));
            List<CatalogEntry> catalog = new ArrayList<>(new DemoCatalog().search("", 100));
            // Xvfb has no CJK fonts: titles in other scripts would show as boxes in the screenshots
            catalog.removeIf(e -> e.title().chars().anyMatch(c -> c > 0x2FF));
            List<QueuedClient> guests = new ArrayList<>();
            for (String name : NAMES) {
                QueuedClient c = QueuedClient.builder(app.running().server().localUri()).build();
                c.connect().get(10, TimeUnit.SECONDS);
                c.joinAsGuest(code, name, null).get(10, TimeUnit.SECONDS);
                guests.add(c);
            }
            List<Long> tracks = new ArrayList<>();
            for (int i = 0; i < 11; i++) {
                tracks.add(guests.get(i % guests.size()).add(catalog.get((i * 7 + 3) % catalog.size()).videoId())
                        .get(10, TimeUnit.SECONDS).trackId());
            }
            Thread.sleep(1500);
            for (int played = 0; played < 3; played++) { // a few songs have played: the history has something
                Platform.runLater(() -> app.playerView().engine().executeScript("fakeEnd()"));
                Thread.sleep(700);
            }
            for (int g = 0; g < guests.size(); g++) {
                for (int v = 0; v < 3; v++) {
                    long track = tracks.get((g * 3 + v * 5) % tracks.size());
                    try {
                        guests.get(g).vote(track, (g + v) % 4 == 0 ? -1 : 1).get(10, TimeUnit.SECONDS);
                    } catch (Exception playedAlready) {
                        // that song left the queue
                    }
                }
            }
            long bo = guests.get(1).joined().orElseThrow().guestId();
            guests.get(4).close(); // Eli went home
            Platform.runLater(() -> app.people().makeCohost(app.people().people().stream()
                    .filter(p -> p.guestId() == bo).findFirst().orElseThrow()));
            Thread.sleep(800);
            String tab = option(args, "--tab");
            if (tab != null) {
                Platform.runLater(() -> {
                    TabPane tabs = (TabPane) app.partyView().root().lookup("#sideTabs");
                    tabs.getTabs().stream().filter(t -> (tab + "Tab").equals(t.getId())).findFirst()
                            .ifPresent(t -> tabs.getSelectionModel().select(t));
                    if (tab.equals("fallback")) {
                        app.fallback().copyFromHistory();
                    }
                });
            }
            if (args.contains("--end")) {
                Platform.runLater(() -> app.party().askToEnd());
            }
            System.out.println("DEMO READY");
            System.out.flush();
            CompletableFuture.runAsync(() -> { }).get();
        } catch (Exception e) {
            e.printStackTrace();
        }
    }

    private static String option(List<String> args, String name) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : null;
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> read) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(read.call());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(120, TimeUnit.SECONDS);
    }
}
}
