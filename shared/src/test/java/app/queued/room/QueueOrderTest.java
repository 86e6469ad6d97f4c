package app.queued.room;

import static org.assertj.core.api.Assertions.assertThat;

import app.queued.protocol.RoomInfo;
import app.queued.protocol.RoomRules;
import app.queued.protocol.ServerMessage;
import app.queued.protocol.Track;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueueOrderTest {

    private static Track track(long id, int score, long addedAt) {
        return new Track(id, "v" + id, "Track " + id, "Channel", 200, null, 1, "Host", addedAt, score);
    }

    private static List<Long> sortedIds(Track... tracks) {
        List<Track> list = new ArrayList<>(List.of(tracks));
        list.sort(QueueOrder.COMPARATOR);
        return list.stream().map(Track::id).toList();
    }

    @Test
    void higherScoreFirst() {
        assertThat(sortedIds(track(1, 0, 100), track(2, 5, 300), track(3, -2, 50), track(4, 1, 200)))
                .containsExactly(2L, 4L, 1L, 3L);
    }

    @Test
    void onEqualScoreEarlierAddedFirst() {
        assertThat(sortedIds(track(1, 2, 300), track(2, 2, 100), track(3, 2, 200)))
                .containsExactly(2L, 3L, 1L);
    }

    @Test
    void onEqualScoreAndTimeLowerIdFirst() {
        assertThat(sortedIds(track(9, 2, 100), track(3, 2, 100), track(5, 2, 100)))
                .containsExactly(3L, 5L, 9L);
    }

    @Test
    void scoreOutranksTimeAndTimeOutranksId() {
        // a later, higher-id track with one more vote still goes first
        assertThat(sortedIds(track(1, 0, 100), track(99, 1, 999))).containsExactly(99L, 1L);
        // an earlier track goes first even with a higher id
        assertThat(sortedIds(track(1, 0, 200), track(99, 0, 100))).containsExactly(99L, 1L);
    }

    @Test
    void negativeScoresSortBelowZero() {
        assertThat(sortedIds(track(1, -1, 100), track(2, 0, 200), track(3, -3, 50))).containsExactly(2L, 1L, 3L);
    }

    @Test
    void extremeScoresDoNotOverflow() {
        assertThat(sortedIds(track(1, Integer.MIN_VALUE, 1), track(2, Integer.MAX_VALUE, 2), track(3, 0, 0)))
                .containsExactly(2L, 3L, 1L);
    }

    /** The worked example in docs/protocol.md. */
    @Test
    void workedExampleOfTheDocs() {
        assertThat(sortedIds(
                track(5, 2, 1_717_430_401_000L),
                track(3, 2, 1_717_430_401_000L),
                track(9, 3, 1_717_430_460_000L),
                track(1, -1, 1_717_430_300_000L),
                track(7, 2, 1_717_430_350_000L)))
                .containsExactly(9L, 7L, 3L, 5L, 1L);

        // then voted {trackId: 1, score: 3}: 1 ties 9 on score and was added earlier
        assertThat(sortedIds(
                track(5, 2, 1_717_430_401_000L),
                track(3, 2, 1_717_430_401_000L),
                track(9, 3, 1_717_430_460_000L),
                track(1, 3, 1_717_430_300_000L),
                track(7, 2, 1_717_430_350_000L)))
                .containsExactly(1L, 9L, 7L, 3L, 5L);
    }

    private static List<Track> randomTracks(Random random, int n) {
        List<Long> ids = new ArrayList<>();
        for (long id = 1; id <= n; id++) {
            ids.add(id * 3 + random.nextInt(3)); // distinct, not in insertion order once shuffled
        }
        Collections.shuffle(ids, random);
        List<Track> tracks = new ArrayList<>();
        for (long id : ids) {
            // few distinct scores and times, so ties on score and on (score, time) are common
            tracks.add(track(id, random.nextInt(7) - 3, 1_000 + random.nextInt(5) * 10));
        }
        return tracks;
    }

    /** True when {@code first} may come before {@code second} by the rule in words. */
    private static boolean inOrder(Track first, Track second) {
        if (first.score() != second.score()) {
            return first.score() > second.score();
        }
        if (first.addedAt() != second.addedAt()) {
            return first.addedAt() < second.addedAt();
        }
        return first.id() < second.id();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 2024, 31337, 777_777, 123_456_789})
    void anyPermutationSortsToTheSameList(long seed) {
        Random random = new Random(seed);
        List<Track> tracks = randomTracks(random, 10 + random.nextInt(200));
        List<Track> expected = new ArrayList<>(tracks);
        expected.sort(QueueOrder.COMPARATOR);

        for (int i = 0; i < expected.size() - 1; i++) {
            assertThat(inOrder(expected.get(i), expected.get(i + 1)))
                    .as("%s before %s", expected.get(i), expected.get(i + 1)).isTrue();
        }
        for (int round = 0; round < 50; round++) {
            List<Track> shuffled = new ArrayList<>(tracks);
            Collections.shuffle(shuffled, random);
            shuffled.sort(QueueOrder.COMPARATOR);
            assertThat(shuffled).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {7, 99, 4711})
    void everyClientComputesTheSameOrderWhateverOrderItLearnedTheTracksIn(long seed) {
        Random random = new Random(seed);
        List<Track> tracks = randomTracks(random, 150);
        List<Track> expected = new ArrayList<>(tracks);
        expected.sort(QueueOrder.COMPARATOR);
        RoomInfo room = new RoomInfo(1, "Room", "ABCDEF");

        for (int client = 0; client < 20; client++) {
            List<Track> seenInThisOrder = new ArrayList<>(tracks);
            Collections.shuffle(seenInThisOrder, random);
            RoomState state = new RoomState(client + 1);
            state.applySnapshot(new ServerMessage.Snapshot(1, room, null, null, seenInThisOrder, Map.of()));

            assertThat(state.orderedQueue()).isEqualTo(expected);
            assertThat(state.head()).isEqualTo(expected.get(0));
        }
    }

    @Test
    void theComparatorIsAConsistentTotalOrder() {
        Random random = new Random(5);
        List<Track> tracks = randomTracks(random, 60);
        for (Track x : tracks) {
            assertThat(QueueOrder.COMPARATOR.compare(x, x)).isZero();
            for (Track y : tracks) {
                int xy = Integer.signum(QueueOrder.COMPARATOR.compare(x, y));
                int yx = Integer.signum(QueueOrder.COMPARATOR.compare(y, x));
                assertThat(xy).isEqualTo(-yx);
                if (x.id() != y.id()) {
                    assertThat(xy).as("distinct tracks never tie").isNotZero();
                    assertThat(xy < 0).isEqualTo(inOrder(x, y));
                }
            }
        }
    }

    // ---------------------------------------------------------------- the fair comparator (rules.ordering = fair)

    private static final RoomRules FAIR = new RoomRules("fair", null, null, null, null, null, null, null, null);
    private static final long ANA = 7;
    private static final long BO = 8;
    private static final long CY = 9;

    private static Track trackBy(long id, int score, long addedAt, long addedBy) {
        return new Track(id, "v" + id, "Track " + id, "Channel", 200, null, addedBy, "Guest " + addedBy, addedAt,
                score);
    }

    private static List<Long> sortedIds(Comparator<Track> order, Track... tracks) {
        List<Track> list = new ArrayList<>(List.of(tracks));
        list.sort(order);
        return list.stream().map(Track::id).toList();
    }

    @Test
    void votesModeAndMissingRulesUseTheVotesOrder() {
        Map<Long, Integer> played = Map.of(ANA, 5);
        assertThat(QueueOrder.comparator(RoomRules.DEFAULTS, played)).isSameAs(QueueOrder.COMPARATOR);
        assertThat(QueueOrder.comparator(null, played)).isSameAs(QueueOrder.COMPARATOR);
        // Ana's five turns do not matter in votes mode
        assertThat(sortedIds(QueueOrder.comparator(RoomRules.DEFAULTS, played),
                trackBy(2, 0, 200, BO), trackBy(1, 0, 100, ANA))).containsExactly(1L, 2L);
    }

    @Test
    void fairModeOnEqualScoreFewerPlayedFirst() {
        Comparator<Track> fair = QueueOrder.comparator(FAIR, Map.of(ANA, 2, CY, 1));

        assertThat(sortedIds(fair, trackBy(1, 0, 100, ANA), trackBy(2, 0, 200, CY), trackBy(3, 0, 300, BO)))
                .as("Bo (0 played), Cy (1), Ana (2), whatever the times").containsExactly(3L, 2L, 1L);
    }

    @Test
    void fairModeScoreStillComesFirst() {
        Comparator<Track> fair = QueueOrder.comparator(FAIR, Map.of(ANA, 10));

        assertThat(sortedIds(fair, trackBy(1, 0, 100, BO), trackBy(2, 1, 900, ANA), trackBy(3, -1, 50, CY)))
                .as("votes still win").containsExactly(2L, 1L, 3L);
    }

    @Test
    void fairModeAGuestWithoutPlayedTracksCountsZero() {
        Comparator<Track> fair = QueueOrder.comparator(FAIR, Map.of(ANA, 1));

        assertThat(sortedIds(fair, trackBy(1, 0, 100, ANA), trackBy(2, 0, 200, BO))).containsExactly(2L, 1L);
        assertThat(sortedIds(QueueOrder.comparator(FAIR, Map.of(ANA, 0)), trackBy(1, 0, 100, ANA),
                trackBy(2, 0, 200, BO))).as("an explicit 0 is the same as none").containsExactly(1L, 2L);
    }

    @Test
    void fairModeOnEqualScoreAndCountEarlierThenLowerIdFirst() {
        Comparator<Track> fair = QueueOrder.comparator(FAIR, Map.of(ANA, 1, BO, 1));

        assertThat(sortedIds(fair, trackBy(5, 0, 300, ANA), trackBy(4, 0, 200, BO), trackBy(9, 0, 200, ANA),
                trackBy(3, 0, 200, ANA))).containsExactly(3L, 4L, 9L, 5L);
    }

    @Test
    void fairModeWithNothingPlayedIsTheVotesOrder() {
        Random random = new Random(11);
        List<Track> tracks = randomTracks(random, 80);
        List<Track> votes = new ArrayList<>(tracks);
        votes.sort(QueueOrder.COMPARATOR);
        List<Track> fair = new ArrayList<>(tracks);
        fair.sort(QueueOrder.comparator(FAIR, Map.of()));

        assertThat(fair).isEqualTo(votes);
    }

    /** The fair worked example in docs/protocol.md section 7.2. */
    @Test
    void fairWorkedExampleOfTheDocs() {
        Track[] queue = {
            trackBy(20, 0, 1_717_430_500_000L, ANA),
            trackBy(21, 0, 1_717_430_510_000L, ANA),
            trackBy(22, 0, 1_717_430_520_000L, CY),
            trackBy(23, 0, 1_717_430_530_000L, BO),
            trackBy(24, 2, 1_717_430_540_000L, ANA),
            trackBy(25, 0, 1_717_430_550_000L, BO),
        };
        assertThat(sortedIds(QueueOrder.COMPARATOR, queue)).containsExactly(24L, 20L, 21L, 22L, 23L, 25L);
        assertThat(sortedIds(QueueOrder.comparator(FAIR, Map.of(ANA, 2, CY, 1)), queue))
                .containsExactly(24L, 23L, 25L, 22L, 20L, 21L);
        // after 24 and 23 played: Ana 3, Bo 1, Cy 1 — Cy's 22 (added earlier) now goes before Bo's 25
        assertThat(sortedIds(QueueOrder.comparator(FAIR, Map.of(ANA, 3, BO, 1, CY, 1)),
                queue[0], queue[1], queue[2], queue[5])).containsExactly(22L, 25L, 20L, 21L);
    }

    /** True when {@code first} may come before {@code second} by the fair rule in words. */
    private static boolean fairInOrder(Track first, Track second, Map<Long, Integer> played) {
        if (first.score() != second.score()) {
            return first.score() > second.score();
        }
        int p1 = played.getOrDefault(first.addedBy(), 0);
        int p2 = played.getOrDefault(second.addedBy(), 0);
        if (p1 != p2) {
            return p1 < p2;
        }
        return inOrder(first, second);
    }

    @ParameterizedTest
    @ValueSource(longs = {3, 17, 2024, 99_991})
    void theFairComparatorIsAConsistentTotalOrderThatEveryClientShares(long seed) {
        Random random = new Random(seed);
        List<Track> tracks = new ArrayList<>();
        for (Track t : randomTracks(random, 60)) {
            tracks.add(trackBy(t.id(), t.score(), t.addedAt(), 1 + random.nextInt(5)));
        }
        Map<Long, Integer> played = Map.of(1L, 3, 2L, 1, 3L, 1, 5L, 0); // guest 4 has none
        Comparator<Track> fair = QueueOrder.comparator(FAIR, played);
        for (Track x : tracks) {
            assertThat(fair.compare(x, x)).isZero();
            for (Track y : tracks) {
                int xy = Integer.signum(fair.compare(x, y));
                assertThat(xy).isEqualTo(-Integer.signum(fair.compare(y, x)));
                if (x.id() != y.id()) {
                    assertThat(xy).as("distinct tracks never tie").isNotZero();
                    assertThat(xy < 0).isEqualTo(fairInOrder(x, y, played));
                }
            }
        }
        List<Track> expected = new ArrayList<>(tracks);
        expected.sort(fair);
        for (int client = 0; client < 10; client++) {
            List<Track> seen = new ArrayList<>(tracks);
            Collections.shuffle(seen, random);
            RoomState state = new RoomState(client + 1);
            state.applySnapshot(new ServerMessage.Snapshot(1, new RoomInfo(1, "Room", "ABCDEF"), null, null, seen,
                    Map.of(), FAIR, List.of(), played, List.of(), null));
            assertThat(state.orderedQueue()).isEqualTo(expected);
            assertThat(state.head()).isEqualTo(expected.get(0));
        }
    }
}
