package app.queued.room;

import static org.assertj.core.api.Assertions.assertThat;

import app.queued.protocol.RoomInfo;
import app.queued.protocol.ServerMessage;
import app.queued.protocol.Track;
import java.util.ArrayList;
import java.util.Collections;
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
}
