package app.queued.host;

import app.queued.client.QueuedClient;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Guests in their own JVM (so they do not count in the host's memory): join, add synthetic tracks round-robin and
 * vote, print FILLED, then stay until killed. Usage: FillQueue ws://127.0.0.1:PORT CODE TRACKS GUESTS VOTES
 */
public final class FillQueue {
    private FillQueue() {
    }

    public static void main(String[] args) throws Exception {
        URI server = URI.create(args[0]);
        String code = args[1];
        int tracks = Integer.parseInt(args[2]);
        int guests = Integer.parseInt(args[3]);
        int votes = Integer.parseInt(args[4]);
        List<QueuedClient> clients = new ArrayList<>();
        for (int g = 0; g < guests; g++) {
            QueuedClient c = QueuedClient.builder(server).build();
            c.connect().get(10, TimeUnit.SECONDS);
            c.joinAsGuest(code, "Guest " + (g + 1), null).get(10, TimeUnit.SECONDS);
            clients.add(c);
        }
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < tracks; i++) {
            ids.add(clients.get(i % guests).add(SyntheticCatalog.id(i)).get(10, TimeUnit.SECONDS).trackId());
        }
        Random random = new Random(42);
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (int v = 0; v < votes; v++) {
            pending.add(clients.get(v % guests).vote(ids.get(random.nextInt(ids.size())), random.nextBoolean() ? 1 : -1));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        System.out.println("FILLED " + tracks);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
