package app.queued.host.webguest;

import static org.assertj.core.api.Assertions.assertThat;

import app.queued.protocol.Codec;
import app.queued.protocol.Person;
import app.queued.protocol.RoomRules;
import app.queued.protocol.ServerMessage;
import app.queued.room.RoomState;
import com.fasterxml.jackson.core.type.TypeReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web guest's {@code room-state.js}, in WebKit (JavaFX WebView), against shared's Java {@link RoomState}: the
 * same frames go to both, and after every frame the queue order (and the rest of the state the page shows) must be
 * the same. Hand-written sequences from docs/protocol.md's worked examples, and random ones from fixed seeds.
 */
class WebGuestParityTest {
    private static HarnessServer files;
    private static PhoneWebView page;

    @BeforeAll
    static void openHarness() throws Exception {
        files = HarnessServer.start();
        page = PhoneWebView.open();
        page.open(files.url("/test/parity.html"));
        page.await("window.parityReady === true");
    }

    @AfterAll
    static void closeHarness() {
        if (files != null) {
            files.close();
        }
    }

    @Test
    void votesOrderAsInTheProtocolsWorkedExample() throws Exception {
        List<String> digests = assertSameAfterEveryFrame(RoomScripts.votesWorkedExample());
        assertThat(digests.get(0)).contains("q=9:3,7:2,3:2,5:2,1:-1;");
        assertThat(digests.get(1)).contains("q=1:3,9:3,7:2,3:2,5:2;");
    }

    @Test
    void fairOrderAsInTheProtocolsWorkedExample() throws Exception {
        List<String> digests = assertSameAfterEveryFrame(RoomScripts.fairWorkedExample());
        assertThat(digests.get(0)).contains("q=24:2,23:0,25:0,22:0,20:0,21:0;");
        assertThat(digests.get(2)).contains("q=22:0,25:0,20:0,21:0;");
        assertThat(digests.get(3)).as("back to the votes order").contains("q=20:0,21:0,22:0,25:0;");
    }

    @Test
    void presenceSkipsAndFrameHazards() throws Exception {
        List<String> digests = assertSameAfterEveryFrame(RoomScripts.presenceAndSkips());
        assertThat(digests).anyMatch(d -> d.startsWith("r=duplicate;"));
        assertThat(digests).anyMatch(d -> d.startsWith("r=gap;"));
        assertThat(digests.get(digests.size() - 1)).endsWith("closed=true");
    }

    @Test
    void eventsBeforeTheSnapshotAreIgnored() throws Exception {
        List<String> digests = assertSameAfterEveryFrame(RoomScripts.eventsBeforeTheSnapshot());
        assertThat(digests.get(0)).startsWith("r=gap;seq=-1;");
    }

    @Test
    void randomHistoriesInTheVotesOrder() throws Exception {
        List<String> all = new ArrayList<>();
        for (long seed = 1; seed <= 40; seed++) {
            all.addAll(assertSameAfterEveryFrame(RoomScripts.random(seed, 150, RoomRules.VOTES)));
        }
        assertMostlyApplied(all);
    }

    @Test
    void randomHistoriesInTheFairOrder() throws Exception {
        List<String> all = new ArrayList<>();
        for (long seed = 101; seed <= 140; seed++) {
            all.addAll(assertSameAfterEveryFrame(RoomScripts.random(seed, 150, RoomRules.FAIR)));
        }
        assertMostlyApplied(all);
    }

    /** The random histories must mostly be applied events, or they would test little but the hazards. */
    private static void assertMostlyApplied(List<String> digests) {
        long applied = digests.stream().filter(d -> d.startsWith("r=applied")).count();
        assertThat(applied).as("frames applied as the next event").isGreaterThan(digests.size() * 7L / 10);
        assertThat(digests).anyMatch(d -> d.startsWith("r=gap")).anyMatch(d -> d.startsWith("r=duplicate"))
                .anyMatch(d -> d.contains("ord=fair")).anyMatch(d -> d.contains("ord=votes"));
    }

    /** Feeds the frames to both and compares after each; returns the digests. */
    private static List<String> assertSameAfterEveryFrame(List<String> frames) throws Exception {
        List<String> java = javaDigests(frames);
        String json = Codec.mapper().writeValueAsString(Codec.mapper().writeValueAsString(frames));
        String result = page.eval("window.parity.run(" + RoomScripts.ME + ", " + json + ")");
        List<String> js = Codec.mapper().readValue(result, new TypeReference<List<String>>() { });
        for (int i = 0; i < frames.size(); i++) {
            assertThat(js.get(i)).as("after frame %d: %s", i, frames.get(i)).isEqualTo(java.get(i));
        }
        assertThat(js).hasSameSizeAs(java);
        return java;
    }

    private static List<String> javaDigests(List<String> frames) {
        RoomState state = new RoomState(RoomScripts.ME);
        List<String> digests = new ArrayList<>();
        for (String frame : frames) {
            ServerMessage message = Codec.readServer(frame);
            String outcome;
            if (message instanceof ServerMessage.Snapshot snapshot) {
                state.applySnapshot(snapshot);
                outcome = "snapshot";
            } else if (message instanceof ServerMessage.Event event) {
                outcome = state.apply(event).name().toLowerCase();
            } else if (message instanceof ServerMessage.Events batch) {
                outcome = batch.events().stream().map(e -> state.apply(e).name().toLowerCase())
                        .collect(Collectors.joining("+"));
            } else {
                outcome = "ignored";
            }
            digests.add(digest(state, outcome));
        }
        return digests;
    }

    private static String digest(RoomState state, String outcome) {
        return String.join(";",
                "r=" + outcome,
                "seq=" + state.seq(),
                "q=" + state.orderedQueue().stream().map(t -> t.id() + ":" + t.score()).collect(Collectors.joining(",")),
                "np=" + (state.nowPlaying() == null ? "-" : state.nowPlaying().id()),
                "fb=" + state.nowPlayingIsFallback(),
                "mv=" + pairs(state.myVotes()),
                "pr=" + state.present().stream().map(p -> p.guestId() + ":" + role(p))
                        .collect(Collectors.joining(",")),
                "pc=" + pairs(state.playedCounts()),
                "sk=" + state.skipCount() + "/" + state.skipsNeeded(),
                "rq=" + state.skipRequests().stream().map(String::valueOf).collect(Collectors.joining(",")),
                "ord=" + state.rules().ordering(),
                "closed=" + state.closed());
    }

    private static String role(Person person) {
        return person.role().wire();
    }

    private static String pairs(Map<Long, Integer> map) {
        return new TreeMap<>(map).entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
                .collect(Collectors.joining(","));
    }
}
