package app.queued.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import app.queued.protocol.Codec;
import app.queued.protocol.ErrorCode;
import app.queued.protocol.Request;
import app.queued.protocol.Results;
import app.queued.protocol.Role;
import app.queued.protocol.RoomRules;
import app.queued.protocol.ServerMessage;
import app.queued.protocol.Track;
import app.queued.server.testing.RawClient;
import app.queued.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The room rules of the room-rules issue, each enforced by the server over real connections. */
class RoomRulesTest {
    static final String[] DEMO = {"dQw4w9WgXcQ", "kJQP7kiw5Fk", "fJ9rUzIMcZQ", "9bZkp7q19f0", "HgzGwKwLmgM",
        "NUsoVlDFqZg", "4m1EFMoRFvY", "YqeW9_5kURI", "IHNzOHi8sJs", "gdZLi9oWNZg", "hTWKbfoikeg", "vabnZ9-ex7o"};
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A room with a host, a co-host, a guest and another guest who owns a track. */
    record Party(Results.RoomCreated room, RawClient host, RawClient cohost, RawClient guest, RawClient other,
                 long othersTrack) implements AutoCloseable {
        static Party start() {
            Results.RoomCreated room = server.createRoom("Party");
            RawClient host = RawClient.host(server.uri(), room.hostToken());
            RawClient cohost = RawClient.guest(server.uri(), room.joinCode(), "Co");
            RawClient guest = RawClient.guest(server.uri(), room.joinCode(), "Gus");
            RawClient other = RawClient.guest(server.uri(), room.joinCode(), "Otto");
            ok(host.request(new Request.SetRole(host.nextId(), cohost.guestId(), Role.COHOST)));
            long track = add(other, DEMO[0]);
            ok(host.request(new Request.Skip(host.nextId(), null))); // DEMO[0] plays
            long queued = add(other, DEMO[1]);
            return new Party(room, host, cohost, guest, other, queued);
        }

        RawClient as(String role) {
            return switch (role) {
                case "host" -> host;
                case "cohost" -> cohost;
                default -> guest;
            };
        }

        long playing() {
            return host.view().nowPlaying().id();
        }

        @Override
        public void close() {
            Stream.of(host, cohost, guest, other).forEach(RawClient::close);
        }
    }

    static ServerMessage ok(ServerMessage reply) {
        assertThat(reply).isInstanceOf(ServerMessage.Ack.class);
        return reply;
    }

    static ErrorCode refused(ServerMessage reply) {
        assertThat(reply).as("refused").isInstanceOf(ServerMessage.Error.class);
        return ((ServerMessage.Error) reply).code();
    }

    static long add(RawClient client, String video) {
        ServerMessage reply = client.request(new Request.Add(client.nextId(), video));
        assertThat(reply).as("add " + video).isInstanceOf(ServerMessage.Ack.class);
        return Codec.result((ServerMessage.Ack) reply, Results.Added.class).trackId();
    }

    static RoomRules rules(String ordering, Integer cap, Integer maxSeconds, boolean downvotes, Integer autoRemove,
                           boolean addingLocked, boolean votingLocked, boolean voteOnly, double skipShare) {
        return new RoomRules(ordering, cap, maxSeconds, downvotes, autoRemove, addingLocked, votingLocked, voteOnly,
                skipShare);
    }

    // ------------------------------------------------------------------------------------- role × action

    static Stream<Arguments> roleActions() {
        List<Arguments> cases = new ArrayList<>();
        // action, host, cohost, guest — null means allowed, otherwise the refusal code
        Object[][] table = {
            {"add", null, null, null},
            {"vote", null, null, null},
            {"removeOthersTrack", null, null, ErrorCode.FORBIDDEN},
            {"skip", null, null, ErrorCode.FORBIDDEN},
            {"skipVote", null, null, null},
            {"setRules", null, null, ErrorCode.FORBIDDEN},
            {"ban", null, null, ErrorCode.FORBIDDEN},
            {"unban", null, null, ErrorCode.FORBIDDEN},
            {"setRole", null, ErrorCode.FORBIDDEN, ErrorCode.FORBIDDEN},
            {"members", null, null, ErrorCode.FORBIDDEN},
            {"history", null, null, ErrorCode.FORBIDDEN},
            {"setFallback", null, null, ErrorCode.FORBIDDEN},
            {"closeRoom", null, ErrorCode.FORBIDDEN, ErrorCode.FORBIDDEN},
            {"banTheHost", ErrorCode.FORBIDDEN, ErrorCode.FORBIDDEN, ErrorCode.FORBIDDEN},
        };
        String[] roles = {"host", "cohost", "guest"};
        for (Object[] row : table) {
            for (int r = 0; r < roles.length; r++) {
                cases.add(Arguments.of(row[0], roles[r], row[r + 1]));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{1} {0}: {2}")
    @MethodSource("roleActions")
    void eachRoleMayDoWhatItShouldAndNothingMore(String action, String role, ErrorCode expected) {
        try (Party party = Party.start()) {
            RawClient actor = party.as(role);
            BiFunction<RawClient, String, Request> make = (c, a) -> switch (a) {
                case "add" -> new Request.Add(c.nextId(), DEMO[2]);
                case "vote" -> new Request.Vote(c.nextId(), party.othersTrack(), 1);
                case "removeOthersTrack" -> new Request.Remove(c.nextId(), party.othersTrack());
                case "skip" -> new Request.Skip(c.nextId(), null);
                case "skipVote" -> new Request.SkipVote(c.nextId(), party.playing());
                case "setRules" -> new Request.SetRules(c.nextId(), RoomRules.DEFAULTS);
                case "ban", "unban" -> a.equals("ban") ? new Request.Ban(c.nextId(), party.other().guestId(), false)
                        : new Request.Unban(c.nextId(), party.other().guestId());
                case "setRole" -> new Request.SetRole(c.nextId(), party.other().guestId(), Role.COHOST);
                case "members" -> new Request.Members(c.nextId());
                case "history" -> new Request.History(c.nextId());
                case "setFallback" -> new Request.SetFallback(c.nextId(), "history", null);
                case "closeRoom" -> new Request.CloseRoom(c.nextId());
                case "banTheHost" -> new Request.Ban(c.nextId(), party.host().guestId(), false);
                default -> throw new IllegalArgumentException(a);
            };
            long seqBefore = server.lastSeq(party.room().roomId());
            ServerMessage reply = actor.request(make.apply(actor, action));
            if (expected == null) {
                ok(reply);
            } else {
                assertThat(refused(reply)).isEqualTo(expected);
                assertThat(((ServerMessage.Error) reply).message()).isNotBlank();
                assertThat(server.lastSeq(party.room().roomId())).as("a refusal changes nothing").isEqualTo(seqBefore);
            }
        }
    }

    @Test
    void forgedIdsDoNotHelpAGuest() {
        try (Party party = Party.start()) {
            RawClient guest = party.guest();
            // promoting oneself, banning the co-host, joining as host with a made-up token
            assertThat(refused(guest.request(new Request.SetRole(guest.nextId(), guest.guestId(), Role.COHOST))))
                    .isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(refused(guest.request(new Request.Ban(guest.nextId(), party.cohost().guestId(), true))))
                    .isEqualTo(ErrorCode.FORBIDDEN);
            try (RawClient impostor = RawClient.greeted(server.uri())) {
                assertThat(refused(impostor.request(new Request.Join(impostor.nextId(), party.room().joinCode(),
                        null, null, party.room().joinCode(), null)))).isEqualTo(ErrorCode.UNAUTHORIZED);
            }
            // a co-host may not ban another co-host or the host, nor hand out roles
            assertThat(refused(party.cohost().request(new Request.Ban(party.cohost().nextId(),
                    party.host().guestId(), false)))).isEqualTo(ErrorCode.FORBIDDEN);
        }
    }

    // ------------------------------------------------------------------------------------- the rules

    @Test
    void capLengthDownvotesLocksAndVoteOnly() {
        try (Party party = Party.start()) {
            RawClient host = party.host();
            RawClient guest = party.guest();
            ok(host.request(new Request.SetRules(host.nextId(), rules("votes", 2, null, true, null, false, false,
                    false, 0.5))));
            add(guest, DEMO[3]);
            add(guest, DEMO[4]);
            ServerMessage third = guest.request(new Request.Add(guest.nextId(), DEMO[5]));
            assertThat(refused(third)).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(((ServerMessage.Error) third).message()).contains("2 tracks");
            add(host, DEMO[5]); // the host is not capped
            guest.awaitState(s -> s.rules().maxQueuedPerGuest() != null);

            ok(host.request(new Request.SetRules(host.nextId(), rules("votes", null, 60, false, null, false, false,
                    false, 0.5))));
            ServerMessage tooLong = guest.request(new Request.Add(guest.nextId(), DEMO[6]));
            assertThat(((ServerMessage.Error) tooLong).message()).contains("at most 1:00");
            assertThat(refused(guest.request(new Request.Vote(guest.nextId(), party.othersTrack(), -1))))
                    .isEqualTo(ErrorCode.FORBIDDEN);
            ok(guest.request(new Request.Vote(guest.nextId(), party.othersTrack(), 1)));

            ok(host.request(new Request.SetRules(host.nextId(), rules("votes", null, null, true, null, true, true,
                    false, 0.5))));
            assertThat(refused(guest.request(new Request.Add(guest.nextId(), DEMO[7])))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(refused(guest.request(new Request.Vote(guest.nextId(), party.othersTrack(), 0))))
                    .isEqualTo(ErrorCode.FORBIDDEN);
            ok(party.cohost().request(new Request.Vote(party.cohost().nextId(), party.othersTrack(), 1)));

            ok(host.request(new Request.SetRules(host.nextId(), rules("votes", null, null, true, null, false, false,
                    true, 0.5))));
            long hostsPick = add(host, DEMO[8]);
            assertThat(refused(guest.request(new Request.Add(guest.nextId(), DEMO[9])))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(refused(guest.request(new Request.Vote(guest.nextId(), party.othersTrack(), 1))))
                    .isEqualTo(ErrorCode.FORBIDDEN);
            ok(guest.request(new Request.Vote(guest.nextId(), hostsPick, 1)));
        }
    }

    @Test
    void aTrackVotedDownToTheLineIsRemoved() {
        try (Party party = Party.start()) {
            ok(party.host().request(new Request.SetRules(party.host().nextId(), rules("votes", null, null, true, -2,
                    false, false, false, 0.5))));
            ok(party.guest().request(new Request.Vote(party.guest().nextId(), party.othersTrack(), -1)));
            party.host().awaitState(s -> s.track(party.othersTrack()).score() == -1);
            ok(party.cohost().request(new Request.Vote(party.cohost().nextId(), party.othersTrack(), -1)));
            party.other().awaitState(s -> s.track(party.othersTrack()) == null);
            assertThat(party.other().received().stream().anyMatch(f -> f.contains("\"reason\":\"votes\""))).isTrue();
        }
    }

    @Test
    void fairModeInterleavesGuestsButVotesStillWin() {
        Results.RoomCreated room = server.createRoom("Fair");
        try (RawClient host = RawClient.host(server.uri(), room.hostToken())) {
            ok(host.request(new Request.SetRules(host.nextId(), rules("fair", null, null, true, null, false, false,
                    false, 0.5))));
            List<RawClient> guests = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                guests.add(RawClient.guest(server.uri(), room.joinCode(), "g" + i));
            }
            try {
                RawClient greedy = guests.get(0);
                List<Long> greedyTracks = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    greedyTracks.add(add(greedy, DEMO[i]));
                }
                for (int g = 1; g < 6; g++) {
                    add(guests.get(g), DEMO[5 + g]);
                }
                List<Long> adders = new ArrayList<>();
                for (int n = 0; n < 7; n++) {
                    ok(host.request(new Request.Skip(host.nextId(), null)));
                    long seq = server.lastSeq(room.roomId());
                    host.awaitState(s -> s.seq() == seq);
                    adders.add(host.view().nowPlaying().addedBy());
                }
                List<Long> expected = new ArrayList<>();
                expected.add(greedy.guestId());
                for (int g = 1; g < 6; g++) {
                    expected.add(guests.get(g).guestId());
                }
                expected.add(greedy.guestId());
                assertThat(adders).as("each guest gets a turn before anyone's second").isEqualTo(expected);

                // with votes, votes still win: the greedy guest's last track, upvoted, plays before the others
                long upvoted = greedyTracks.get(5);
                ok(guests.get(1).request(new Request.Vote(guests.get(1).nextId(), upvoted, 1)));
                ok(host.request(new Request.Skip(host.nextId(), null)));
                long seq = server.lastSeq(room.roomId());
                host.awaitState(s -> s.seq() == seq);
                assertThat(host.view().nowPlaying().id()).isEqualTo(upvoted);
                // every client computes the same fair order
                Track head = host.view().head();
                guests.get(3).awaitState(s -> s.seq() == seq);
                assertThat(guests.get(3).view().head()).isEqualTo(head);
            } finally {
                guests.forEach(RawClient::close);
            }
        }
    }

    @Test
    void voteToSkipFollowsWhoIsPresent() {
        Results.RoomCreated room = server.createRoom("Skip votes");
        try (RawClient host = RawClient.host(server.uri(), room.hostToken());
             RawClient g1 = RawClient.guest(server.uri(), room.joinCode(), "g1");
             RawClient g2 = RawClient.guest(server.uri(), room.joinCode(), "g2");
             RawClient g3 = RawClient.guest(server.uri(), room.joinCode(), "g3")) {
            long first = add(g1, DEMO[0]);
            add(g2, DEMO[1]);
            ok(host.request(new Request.Skip(host.nextId(), null)));
            host.awaitState(s -> s.nowPlaying() != null && s.nowPlaying().id() == first);
            // 4 present, share 0.5: 2 of 4 needed
            ok(g1.request(new Request.SkipVote(g1.nextId(), first)));
            RawClient g4 = RawClient.guest(server.uri(), room.joinCode(), "g4"); // 5 present: 3 needed
            ok(g2.request(new Request.SkipVote(g2.nextId(), first)));
            ok(g2.request(new Request.SkipVote(g2.nextId(), first))); // asking twice counts once
            host.awaitState(s -> s.skipCount() == 2 && s.skipsNeeded() == 3);
            assertThat(host.view().nowPlaying().id()).isEqualTo(first);
            g4.close(); // back to 4 present: 2 of 2 needed — skipped
            host.awaitState(s -> s.nowPlaying() != null && s.nowPlaying().id() != first);
            assertThat(host.view().skipCount()).isZero();

            // someone who asked and left no longer counts
            long second = host.view().nowPlaying().id();
            add(g3, DEMO[2]);
            ok(g3.request(new Request.SkipVote(g3.nextId(), second)));
            g3.close();
            host.awaitState(s -> s.present().size() == 3);
            assertThat(host.view().skipCount()).isZero();
            assertThat(host.view().nowPlaying().id()).isEqualTo(second);
        }
    }

    @Test
    void presenceCountsAGuestWithSeveralWindowsOnce() {
        Results.RoomCreated room = server.createRoom("Presence");
        try (RawClient host = RawClient.host(server.uri(), room.hostToken());
             RawClient phone = RawClient.guest(server.uri(), room.joinCode(), "Ann")) {
            RawClient laptop = RawClient.greeted(server.uri());
            laptop.join(new Request.Join(laptop.nextId(), room.joinCode(), null, phone.guestToken(), null, null));
            host.awaitState(s -> s.present().size() == 2);
            assertThat(host.view().present()).extracting(p -> p.nickname()).containsExactly("Host", "Ann");
            laptop.close();
            phone.close();
            host.awaitState(s -> s.present().size() == 1);
            // one arrival and one departure for Ann, however many windows she had
            assertThat(host.received().stream().filter(f -> f.contains("\"guestJoined\"") && f.contains("Ann")))
                    .hasSize(1);
            assertThat(host.received().stream().filter(f -> f.contains("\"guestLeft\"")
                    && f.contains("\"guestId\":" + phone.guestId()))).hasSize(1);
        }
    }

    @Test
    void banRemovesTheGuestAndOptionallyTheirTracksUntilUnbanned() {
        try (Party party = Party.start()) {
            RawClient host = party.host();
            RawClient other = party.other();
            String token = other.guestToken();
            ok(host.request(new Request.Ban(host.nextId(), other.guestId(), true)));
            other.awaitClosed();
            host.awaitState(s -> s.track(party.othersTrack()) == null && s.person(other.guestId()) == null);
            try (RawClient again = RawClient.greeted(server.uri())) {
                assertThat(refused(again.request(new Request.Join(again.nextId(), party.room().joinCode(), null, token,
                        null, null)))).isEqualTo(ErrorCode.FORBIDDEN);
            }
            ServerMessage.Ack members = (ServerMessage.Ack) ok(host.request(new Request.Members(host.nextId())));
            assertThat(Codec.result(members, Results.Members.class).members())
                    .anySatisfy(m -> {
                        assertThat(m.guestId()).isEqualTo(other.guestId());
                        assertThat(m.banned()).isTrue();
                        assertThat(m.present()).isFalse();
                    });
            ok(host.request(new Request.Unban(host.nextId(), other.guestId())));
            try (RawClient back = RawClient.greeted(server.uri())) {
                back.join(new Request.Join(back.nextId(), party.room().joinCode(), null, token, null, null));
                assertThat(back.guestId()).isEqualTo(other.guestId());
            }
            // banning but keeping the tracks
            long gusTrack = add(party.guest(), DEMO[4]);
            ok(host.request(new Request.Ban(host.nextId(), party.guest().guestId(), false)));
            party.guest().awaitClosed();
            ok(host.request(new Request.Ping(host.nextId())));
            assertThat(host.view().track(gusTrack)).isNotNull();
        }
    }

    @Test
    void promotedCoHostModeratesUntilDemoted() throws Exception {
        try (Party party = Party.start()) {
            RawClient guest = party.guest();
            ok(party.host().request(new Request.SetRole(party.host().nextId(), guest.guestId(), Role.COHOST)));
            ok(guest.request(new Request.Skip(guest.nextId(), null)));
            // the role is stored, and read back as a co-host when the room is loaded again
            try (var tx = new app.queued.server.store.RoomStore(server.server().database())
                    .begin(party.room().roomId())) {
                assertThat(tx.member(guest.guestId()).role()).isEqualTo(Role.COHOST);
            }
            ok(party.host().request(new Request.SetRole(party.host().nextId(), guest.guestId(), Role.GUEST)));
            assertThat(refused(guest.request(new Request.Skip(guest.nextId(), null)))).isEqualTo(ErrorCode.FORBIDDEN);
            guest.awaitState(s -> s.person(guest.guestId()).role() == Role.GUEST);
        }
    }

    @Test
    void historyIsExportedAsCsv() {
        try (Party party = Party.start()) {
            RawClient host = party.host();
            add(party.guest(), DEMO[5]);
            ok(host.request(new Request.Vote(host.nextId(), party.othersTrack(), 1)));
            ok(host.request(new Request.Skip(host.nextId(), null)));
            ok(host.request(new Request.Skip(host.nextId(), null)));
            ServerMessage.Ack ack = (ServerMessage.Ack) ok(host.request(new Request.History(host.nextId())));
            Results.History history = Codec.result(ack, Results.History.class);
            assertThat(history.played()).extracting(t -> t.videoId()).containsExactly(DEMO[0], DEMO[1]);
            assertThat(history.played().get(1).finalScore()).isEqualTo(1);
            assertThat(history.played().get(1).addedByName()).isEqualTo("Otto");
            assertThat(history.csv().lines()).hasSize(3)
                    .element(2).asString().contains("https://www.youtube.com/watch?v=" + DEMO[1]).contains("Otto");
        }
        assertThat(Moderation.field("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
    }

    @Test
    void theFallbackPlaysWhenTheQueueRunsDryAndYieldsToAnyGuest() {
        try (Party party = Party.start()) {
            RawClient host = party.host();
            ServerMessage.Ack set = (ServerMessage.Ack) ok(host.request(new Request.SetFallback(host.nextId(), "links",
                    List.of("https://youtu.be/" + DEMO[10], DEMO[11]))));
            assertThat(Codec.result(set, Results.FallbackSet.class).tracks()).isEqualTo(2);
            ok(host.request(new Request.Skip(host.nextId(), null))); // Otto's queued track
            ok(host.request(new Request.Skip(host.nextId(), null))); // queue empty: fallback
            host.awaitState(s -> s.nowPlayingIsFallback() && s.nowPlaying().videoId().equals(DEMO[10]));
            long guests = add(party.guest(), DEMO[6]);
            host.awaitState(s -> !s.nowPlayingIsFallback() && s.nowPlaying().id() == guests);
            ServerMessage bad = host.request(new Request.SetFallback(host.nextId(), "links",
                    List.of(DEMO[10], "https://vimeo.com/1")));
            assertThat(refused(bad)).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(((ServerMessage.Error) bad).message()).startsWith("Link 2");
        }
    }

    @Test
    void closingTheRoomEndsThePartyForEveryone() {
        try (Party party = Party.start()) {
            ok(party.host().request(new Request.CloseRoom(party.host().nextId())));
            party.guest().awaitClosed();
            assertThat(party.guest().received()).anyMatch(f -> f.contains("\"kind\":\"roomClosed\""));
            try (RawClient late = RawClient.greeted(server.uri())) {
                assertThat(refused(late.request(new Request.Join(late.nextId(), party.room().joinCode(), "Late", null,
                        null, null)))).isEqualTo(ErrorCode.NOT_FOUND);
            }
        }
    }
}
