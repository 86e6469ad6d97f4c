package app.queued.host.webguest;

import app.queued.protocol.Change;
import app.queued.protocol.Codec;
import app.queued.protocol.Person;
import app.queued.protocol.Role;
import app.queued.protocol.RoomInfo;
import app.queued.protocol.RoomRules;
import app.queued.protocol.ServerMessage;
import app.queued.protocol.Track;
import app.queued.room.RoomState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Sequences of server frames (as the server writes them, through {@link Codec}) for the parity test: the worked
 * examples of docs/protocol.md §7 and §13 written out by hand, and random ones from a seed that mix every change
 * kind with duplicates, gaps, batches, fresh snapshots and ties on score and time.
 */
final class RoomScripts {
    static final long ME = 7;
    private static final RoomInfo ROOM = new RoomInfo(3, "Friday party", "K7QX4M");
    private static final long T0 = 1_717_430_400_000L;

    private final List<String> frames = new ArrayList<>();
    private long seq;

    private RoomScripts(long startSeq) {
        this.seq = startSeq;
    }

    static Track track(long id, long addedBy, long addedAt, int score) {
        return new Track(id, "vid" + String.format("%08d", id), "Song " + id, "Channel", 200, null, addedBy,
                "Guest " + addedBy, addedAt, score);
    }

    static RoomRules rules(String ordering) {
        return new RoomRules(ordering, null, null, true, null, false, false, false, 0.5);
    }

    private static Person person(long guestId, Role role) {
        return new Person(guestId, "Guest " + guestId, role);
    }

    private RoomScripts snapshot(Track nowPlaying, List<Track> queue, Map<Long, Integer> myVotes, RoomRules rules,
                                 List<Person> present, Map<Long, Integer> playedCounts, List<Long> skipRequests) {
        frames.add(Codec.write(new ServerMessage.Snapshot(seq, ROOM, nowPlaying, nowPlaying == null ? null : T0,
                queue, myVotes, rules, present, playedCounts, skipRequests, null)));
        return this;
    }

    private RoomScripts event(Change change) {
        frames.add(Codec.write(new ServerMessage.Event(++seq, change)));
        return this;
    }

    /** §7.1: 9, 7, 3, 5, 1; then a vote makes 1 tie with 9 on score and win on time. Then some churn. */
    static List<String> votesWorkedExample() {
        RoomScripts s = new RoomScripts(40);
        s.snapshot(null, List.of(track(5, 1, T0 + 1000, 2), track(3, 8, T0 + 1000, 2), track(9, 8, T0 + 60_000, 3),
                        track(1, 9, T0 - 100_000, -1), track(7, 7, T0 - 50_000, 2)),
                Map.of(9L, 1), rules(RoomRules.VOTES), List.of(person(1, Role.HOST), person(7, Role.GUEST)),
                Map.of(), List.of());
        s.event(new Change.Voted(1, 8, 1, 3));           // 1, 9, 7, 3, 5
        s.event(new Change.Voted(9, ME, 0, 2));           // my vote taken back: 9 ties with 7, 3, 5 on 2
        s.event(new Change.Voted(5, ME, -1, 1));
        s.event(new Change.TrackAdded(track(11, ME, T0 + 1000, 0)));
        s.event(new Change.Voted(11, 1, 1, 1));           // ties 5 on score and time: lower id 5 first
        s.event(new Change.NowPlaying(track(1, 9, T0 - 100_000, 3), T0 + 200_000, false));
        s.event(new Change.TrackRemoved(3, "removed"));
        s.event(new Change.TrackRemoved(5, "votes"));     // my vote on it is forgotten
        return s.frames;
    }

    /** §7.2: fair order 24, 23, 25, 22, 20, 21; played counts change as tracks play; back to votes and again fair. */
    static List<String> fairWorkedExample() {
        RoomScripts s = new RoomScripts(0);
        RoomRules fair = rules(RoomRules.FAIR);
        List<Track> queue = List.of(track(20, 7, 1717430500000L, 0), track(21, 7, 1717430510000L, 0),
                track(22, 9, 1717430520000L, 0), track(23, 8, 1717430530000L, 0), track(24, 7, 1717430540000L, 2),
                track(25, 8, 1717430550000L, 0));
        s.snapshot(null, queue, Map.of(), fair, List.of(person(1, Role.HOST), person(7, Role.GUEST),
                person(8, Role.GUEST), person(9, Role.COHOST)), Map.of(7L, 2, 9L, 1), List.of());
        s.event(new Change.NowPlaying(queue.get(4), T0, false));   // Ana 3
        s.event(new Change.NowPlaying(queue.get(3), T0, false));   // Bo 1: Cy's 22 before Bo's 25
        s.event(new Change.RulesChanged(rules(RoomRules.VOTES)));
        s.event(new Change.RulesChanged(fair));
        s.event(new Change.NowPlaying(track(40, 1, T0, 0), T0, true)); // a fallback track counts for nobody
        s.event(new Change.TrackAdded(track(26, 1, 1717430500000L, 0)));
        s.event(new Change.NowPlaying(queue.get(2), T0, false));
        s.event(new Change.NowPlaying(null, 0, false));
        return s.frames;
    }

    /** §13.3 skip arithmetic, roles, bans, an unknown kind, duplicates, a gap, a batch, and the room closing. */
    static List<String> presenceAndSkips() {
        RoomScripts s = new RoomScripts(62);
        Track playing = track(10, 1, T0, 4);
        s.snapshot(playing, List.of(track(11, 8, T0 + 10, 2)), Map.of(), rules(RoomRules.VOTES),
                List.of(person(1, Role.HOST), person(7, Role.GUEST), person(8, Role.GUEST), person(9, Role.GUEST)),
                Map.of(1L, 1), List.of());
        s.event(new Change.SkipRequested(10, 7));
        s.event(new Change.GuestJoined(person(14, Role.GUEST)));
        s.event(new Change.SkipRequested(10, 8));
        s.event(new Change.SkipRequested(99, 9));         // another track: ignored
        s.event(new Change.GuestLeft(14));
        s.event(new Change.RoleChanged(9, Role.COHOST));
        s.event(new Change.GuestBanned(8, "Guest 8"));    // drops Bo's request
        s.event(new Change.GuestUnbanned(8, "Guest 8"));
        s.event(new Change.GuestJoined(new Person(7, "Ana again", Role.GUEST))); // replaces, keeps the place
        s.frames.add("{\"type\":\"event\",\"seq\":" + (++s.seq) + ",\"change\":{\"kind\":\"confetti\",\"n\":3}}");
        s.frames.add("{\"type\":\"event\",\"seq\":" + (++s.seq) + ",\"change\":{}}");
        s.frames.add(s.frames.get(3));                     // a duplicate
        s.frames.add(Codec.write(new ServerMessage.Event(s.seq + 2, new Change.GuestLeft(1)))); // a gap
        List<ServerMessage.Event> batch = List.of(new ServerMessage.Event(s.seq + 1, new Change.GuestLeft(9)),
                new ServerMessage.Event(s.seq + 2, new Change.NowPlaying(track(11, 8, T0 + 10, 2), T0, false)),
                new ServerMessage.Event(s.seq + 3, new Change.SkipRequested(11, 1)));
        s.seq += 3;
        s.frames.add(Codec.write(new ServerMessage.Events(batch)));
        s.event(new Change.RoomClosed("The host ended the party. Thanks for coming!"));
        return s.frames;
    }

    /** Events before any snapshot are ignored (a snapshot or replay is on its way); then the snapshot. */
    static List<String> eventsBeforeTheSnapshot() {
        RoomScripts s = new RoomScripts(5);
        s.event(new Change.TrackAdded(track(1, 1, T0, 0)));
        s.seq = 3;
        s.snapshot(null, List.of(track(2, 1, T0, 1)), Map.of(2L, 1), null, List.of(), Map.of(), List.of());
        s.event(new Change.Voted(2, ME, 0, 0));
        return s.frames;
    }

    /** A random room history from a seed: every change kind, ties on score and time, and the frame hazards. */
    static List<String> random(long seed, int steps, String startOrdering) {
        Random random = new Random(seed);
        RoomScripts s = new RoomScripts(random.nextInt(50));
        RoomState model = new RoomState(ME);
        long[] nextId = {100};
        long[] guests = {1, 2, 3, ME, 8, 9, 10};

        java.util.function.Supplier<Track> newTrack = () -> {
            long id = nextId[0] + random.nextInt(5); // ids not always in the order of time
            nextId[0] += 5;
            return track(id, guests[random.nextInt(guests.length)], T0 + random.nextInt(4) * 1000L, 0);
        };
        java.util.function.Supplier<RoomRules> newRules = () -> new RoomRules(
                random.nextBoolean() ? RoomRules.FAIR : RoomRules.VOTES,
                random.nextInt(3) == 0 ? 1 + random.nextInt(5) : null, null, random.nextBoolean(),
                random.nextInt(3) == 0 ? -1 - random.nextInt(4) : null, random.nextBoolean(), random.nextBoolean(),
                random.nextBoolean(), new double[] {0.25, 0.5, 0.7, 1.0}[random.nextInt(4)]);
        java.util.function.Supplier<ServerMessage.Snapshot> newSnapshot = () -> {
            List<Track> queue = new ArrayList<>();
            Map<Long, Integer> myVotes = new HashMap<>();
            for (int i = random.nextInt(8); i > 0; i--) {
                Track t = newTrack.get().withScore(random.nextInt(5) - 2);
                queue.add(t);
                if (random.nextBoolean()) {
                    myVotes.put(t.id(), random.nextBoolean() ? 1 : -1);
                }
            }
            Map<Long, Person> present = new LinkedHashMap<>();
            for (long g : guests) {
                if (random.nextInt(3) > 0) {
                    present.put(g, person(g, g == 1 ? Role.HOST : Role.GUEST));
                }
            }
            Map<Long, Integer> played = new HashMap<>();
            for (long g : guests) {
                if (random.nextBoolean()) {
                    played.put(g, random.nextInt(4));
                }
            }
            Track playing = random.nextBoolean() ? newTrack.get() : null;
            List<Long> skips = new ArrayList<>();
            if (playing != null) {
                present.keySet().stream().filter(g -> random.nextBoolean()).forEach(skips::add);
            }
            RoomRules rules = new RoomRules(startOrdering, null, null, true, null, false, false, false, 0.5);
            return new ServerMessage.Snapshot(s.seq, ROOM, playing, playing == null ? null : T0, queue, myVotes,
                    random.nextBoolean() ? rules : newRules.get(), new ArrayList<>(present.values()), played, skips,
                    playing != null && random.nextInt(4) == 0 ? true : null);
        };
        java.util.function.Supplier<Change> newChange = () -> {
            List<Track> queued = model.orderedQueue();
            Track some = queued.isEmpty() ? null : queued.get(random.nextInt(queued.size()));
            long guest = guests[random.nextInt(guests.length)];
            int kind = random.nextInt(100);
            if (kind < 30) {
                long trackId = some != null && random.nextInt(10) > 0 ? some.id() : 999;
                return new Change.Voted(trackId, random.nextInt(3) == 0 ? ME : guest, random.nextInt(3) - 1,
                        random.nextInt(6) - 2);
            } else if (kind < 48) {
                return new Change.TrackAdded(newTrack.get());
            } else if (kind < 55) {
                return new Change.TrackRemoved(some != null && random.nextInt(5) > 0 ? some.id() : 998,
                        new String[] {"removed", "votes", "banned", "struck"}[random.nextInt(4)]);
            } else if (kind < 65) {
                int how = random.nextInt(10);
                if (how < 6 && !queued.isEmpty()) {
                    return new Change.NowPlaying(queued.get(0), T0 + seedTime(random), false);
                } else if (how < 8 && some != null) {
                    return new Change.NowPlaying(some, T0 + seedTime(random), false);
                } else if (how < 9) {
                    return new Change.NowPlaying(null, 0, false);
                }
                return new Change.NowPlaying(newTrack.get(), T0 + seedTime(random), true);
            } else if (kind < 71) {
                return new Change.RulesChanged(newRules.get());
            } else if (kind < 76) {
                return new Change.GuestJoined(person(guest, Role.GUEST));
            } else if (kind < 80) {
                return new Change.GuestLeft(guest);
            } else if (kind < 82) {
                return new Change.GuestBanned(guest, "Guest " + guest);
            } else if (kind < 84) {
                return new Change.GuestUnbanned(guest, "Guest " + guest);
            } else if (kind < 87) {
                return new Change.RoleChanged(guest, random.nextBoolean() ? Role.COHOST : Role.GUEST);
            }
            Track playing = model.nowPlaying();
            return new Change.SkipRequested(playing != null && random.nextInt(5) > 0 ? playing.id() : 997, guest);
        };

        ServerMessage.Snapshot first = newSnapshot.get();
        s.frames.add(Codec.write(first));
        model.applySnapshot(first);
        for (int i = 0; i < steps; i++) {
            int hazard = random.nextInt(100);
            List<String> sent = s.frames.stream().filter(f -> f.startsWith("{\"type\":\"event\"")).toList();
            if (hazard < 3 && !sent.isEmpty()) {
                s.frames.add(sent.get(random.nextInt(sent.size()))); // a duplicate, as after a replay overlap
            } else if (hazard < 6) {
                s.frames.add(Codec.write(new ServerMessage.Event(s.seq + 2 + random.nextInt(3), newChange.get())));
            } else if (hazard < 8) {
                s.seq += random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(600); // a resume answered by a snapshot
                ServerMessage.Snapshot fresh = newSnapshot.get();
                s.frames.add(Codec.write(fresh));
                model.applySnapshot(fresh);
            } else if (hazard < 10) {
                s.frames.add("{\"type\":\"event\",\"seq\":" + (++s.seq) + ",\"change\":{\"kind\":\"nextYear\"}}");
                model.apply(new ServerMessage.Event(s.seq, new Change.Unknown()));
            } else if (hazard < 16) {
                List<ServerMessage.Event> batch = new ArrayList<>();
                for (int n = 2 + random.nextInt(4); n > 0; n--) {
                    ServerMessage.Event e = new ServerMessage.Event(++s.seq, newChange.get());
                    model.apply(e);
                    batch.add(e);
                }
                s.frames.add(Codec.write(new ServerMessage.Events(batch)));
            } else {
                ServerMessage.Event e = new ServerMessage.Event(++s.seq, newChange.get());
                model.apply(e);
                s.frames.add(Codec.write(e));
            }
        }
        if (random.nextBoolean()) {
            s.event(new Change.RoomClosed("The host ended the party. Thanks for coming!"));
        }
        return s.frames;
    }

    private static long seedTime(Random random) {
        return 1000L * random.nextInt(1000);
    }
}
