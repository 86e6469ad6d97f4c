package app.queued.host;

import app.queued.client.QueuedClient;
import app.queued.host.room.KnownRoom;
import app.queued.host.room.KnownRooms;
import app.queued.protocol.CatalogEntry;
import app.queued.server.catalog.DemoCatalog;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Guests for a demo or a screenshot: joins the host app's newest room (read from its app-data folder) with a few
 * guests, adds songs from the demo catalog and votes, then stays until killed.
 * Usage: PartyGuests ws://127.0.0.1:7765 APP_DATA_DIR [guests] [songs]
 */
public final class PartyGuests {
    private PartyGuests() {
    }

    public static void main(String[] args) throws Exception {
        URI server = URI.create(args[0]);
        KnownRoom room = new KnownRooms(Path.of(args[1])).all().get(0);
        int guests = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int songs = args.length > 3 ? Integer.parseInt(args[3]) : 12;
        String[] names = {"Ana", "Bo", "Chidi", "Dana", "Eli", "Fay", "Gus", "Hana"};
        List<CatalogEntry> catalog = new DemoCatalog().search("", 100);
        List<QueuedClient> clients = new ArrayList<>();
        for (int i = 0; i < guests; i++) {
            QueuedClient c = QueuedClient.builder(server).build();
            c.connect().get(10, TimeUnit.SECONDS);
            c.joinAsGuest(room.joinCode(), names[i % names.length], null).get(10, TimeUnit.SECONDS);
            clients.add(c);
        }
        Random random = new Random(7);
        List<Long> added = new ArrayList<>();
        for (int i = 0; i < songs; i++) {
            QueuedClient c = clients.get(i % clients.size());
            added.add(c.add(catalog.get((i * 7) % catalog.size()).videoId()).get(10, TimeUnit.SECONDS).trackId());
        }
        for (QueuedClient c : clients) {
            for (int v = 0; v < 4; v++) {
                long track = added.get(random.nextInt(added.size()));
                try {
                    c.vote(track, random.nextInt(5) == 0 ? -1 : 1).get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    // the track may be playing by now
                }
            }
        }
        System.out.println("GUESTS READY");
        Thread.sleep(Long.MAX_VALUE);
    }
}
