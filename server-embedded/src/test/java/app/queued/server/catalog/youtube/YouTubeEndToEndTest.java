package app.queued.server.catalog.youtube;

import static org.assertj.core.api.Assertions.assertThat;

import app.queued.protocol.CatalogEntry;
import app.queued.protocol.Codec;
import app.queued.protocol.ErrorCode;
import app.queued.protocol.Request;
import app.queued.protocol.Results;
import app.queued.protocol.ServerMessage;
import app.queued.server.testing.RawClient;
import app.queued.server.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real vote server with the YouTube catalog pointed at the stub: guests search and add over real WebSockets,
 * and no frame any guest receives carries the API key or an OAuth token (invariant I6).
 */
class YouTubeEndToEndTest {
    static final String KEY = "AIzaSyE2E-party-secret-key-do-not-leak";

    FakeYouTube yt;
    @TempDir
    Path home;

    @BeforeEach
    void stub() throws Exception {
        yt = new FakeYouTube();
        yt.requiredKey = KEY;
        for (int i = 0; i < 20; i++) {
            yt.video(String.format("gangnamvi%02d", i)).title("PSY & friends \u2013 Gangnam Style #" + i + " \uD83D\uDD7A")
                    .channel("officialpsy").duration("PT4M12S").add();
        }
        yt.video("gangnamlive").title("Gangnam Style 24/7 radio").live("live").add();
        yt.video("pastedsong1").title("A pasted song").channel("Someone").duration("PT2M30S").add();
        yt.video("noembedsong").title("Label says no").embeddable(false).add();
    }

    @AfterEach
    void stop() {
        yt.close();
    }

    private static Results.SearchResults search(RawClient client, String query) {
        ServerMessage reply = client.request(new Request.Search(client.nextId(), query));
        assertThat(reply).as("search %s", query).isInstanceOf(ServerMessage.Ack.class);
        return Codec.result((ServerMessage.Ack) reply, Results.SearchResults.class);
    }

    private static Results.Added add(RawClient client, String track) {
        ServerMessage reply = client.request(new Request.Add(client.nextId(), track));
        assertThat(reply).as("add %s", track).isInstanceOf(ServerMessage.Ack.class);
        return Codec.result((ServerMessage.Ack) reply, Results.Added.class);
    }

    private static ServerMessage.Error refused(RawClient client, Request request) {
        ServerMessage reply = client.request(request);
        assertThat(reply).isInstanceOf(ServerMessage.Error.class);
        return (ServerMessage.Error) reply;
    }

    @Test
    void guestsSearchAndAddWithAnApiKeyThatNeverReachesThem() {
        MutableClock clock = new MutableClock(java.time.Instant.now());
        YouTubeCatalog catalog = YouTubeCatalog.builder(YouTubeCredentials.apiKeyOnly(KEY)).rootUrl(yt.rootUrl())
                .region("US").clock(clock).timeout(Duration.ofSeconds(3)).retentionPeriod(null).build();
        List<RawClient> guests = new ArrayList<>();
        try (TestServer server = TestServer.start(catalog, config -> config)) {
            Results.RoomCreated room = server.createRoom("YouTube party");
            try (RawClient host = RawClient.host(server.uri(), room.hostToken())) {
                for (String name : List.of("Ana", "Ben", "Cleo")) {
                    guests.add(RawClient.guest(server.uri(), room.joinCode(), name));
                }
                RawClient ana = guests.get(0);
                RawClient ben = guests.get(1);
                RawClient cleo = guests.get(2);

                Results.SearchResults found = search(ana, "Gangnam Style");
                assertThat(found.source()).isEqualTo("YouTube");
                assertThat(found.results()).hasSize(15).extracting(CatalogEntry::videoId).doesNotContain("gangnamlive");
                assertThat(found.results().get(0)).isEqualTo(new CatalogEntry("gangnamvi00",
                        "PSY & friends \u2013 Gangnam Style #0 \uD83D\uDD7A", "officialpsy", 252,
                        "https://i.ytimg.com/vi/gangnamvi00/hqdefault.jpg"));
                assertThat(search(ben, "gangnam  style").results()).isEqualTo(found.results());
                assertThat(search(cleo, "GANGNAM STYLE").results()).isEqualTo(found.results());

                // add search results, paste a link, add a queued one again (an upvote)
                assertThat(add(ana, found.results().get(0).videoId()).outcome()).isEqualTo("added");
                assertThat(add(ben, found.results().get(1).videoId()).outcome()).isEqualTo("added");
                assertThat(add(cleo, "https://youtu.be/pastedsong1?si=share").outcome()).isEqualTo("added");
                assertThat(add(ben, "https://www.youtube.com/watch?v=gangnamvi00&t=42").outcome()).isEqualTo("upvoted");
                host.awaitState(s -> s.queueSize() == 3);
                assertThat(host.view().orderedQueue().get(0).title()).isEqualTo("PSY & friends \u2013 Gangnam Style #0 \uD83D\uDD7A");

                // links to videos that cannot play say why
                ServerMessage.Error live = refused(ana, new Request.Add(ana.nextId(), "youtube.com/live/gangnamlive"));
                assertThat(live.code()).isEqualTo(ErrorCode.BAD_REQUEST);
                assertThat(live.message()).contains("live stream");
                ServerMessage.Error noEmbed = refused(ana, new Request.Add(ana.nextId(), "noembedsong"));
                assertThat(noEmbed.message()).contains("embedding");
                ServerMessage.Error gone = refused(ana, new Request.Add(ana.nextId(), "https://youtu.be/deletedvid1"));
                assertThat(gone.code()).isEqualTo(ErrorCode.NOT_FOUND);

                assertThat(yt.searchCalls.get()).as("three guests, one search call").isEqualTo(1);
                // search: 1 videos.list; look-ups: pasted song, noembed, deleted
                assertThat(yt.videoCalls.get()).isEqualTo(4);

                // quota used up mid-party: cached searches and known videos still work
                yt.quotaExhausted = true;
                assertThat(search(cleo, "gangnam style").results()).hasSize(15);
                assertThat(add(cleo, found.results().get(2).videoId()).outcome()).isEqualTo("added");
                assertThat(add(ana, "pastedsong1").outcome()).isEqualTo("upvoted");
                ServerMessage.Error quota = refused(ben, new Request.Search(ben.nextId(), "something new"));
                assertThat(quota.code()).isEqualTo(ErrorCode.QUOTA_EXCEEDED);
                assertThat(quota.message()).contains("used up", "midnight Pacific time");
                ServerMessage.Error quotaAdd = refused(ben, new Request.Add(ben.nextId(), "neverseen01"));
                assertThat(quotaAdd.code()).isEqualTo(ErrorCode.QUOTA_EXCEEDED);
                assertThat(catalog.quota().exhausted()).isTrue();
                assertThat(catalog.quota().unitsUsedToday()).isEqualTo(104);

                // a key YouTube refuses: the guest hears it in words, never the key
                yt.quotaExhausted = false;
                clock.advance(Duration.ofDays(1)); // a new Pacific day: the quota is back
                assertThat(catalog.quota().exhausted()).isFalse();
                yt.requiredKey = "AIzaSomeOtherKey";
                ServerMessage.Error badKey = refused(ana, new Request.Search(ana.nextId(), "fresh query"));
                assertThat(badKey.code()).isEqualTo(ErrorCode.SETUP_REQUIRED);
                assertThat(badKey.message()).isEqualTo(YouTubeApi.KEY_REFUSED);

                assertNoSecrets(guests, List.of(KEY, "AIza"));
                assertThat(yt.requests).as("the key did go to YouTube").anyMatch(r -> r.contains("key=" + KEY));
            }
        } finally {
            guests.forEach(RawClient::close);
            catalog.close();
        }
    }

    @Test
    void guestsSearchAndAddWithTheHostsGoogleSignInThatNeverReachesThem() throws Exception {
        yt.tokenLifetimeSeconds = 30; // under a minute: the client refreshes before every call
        YouTubeCredentials credentials = YouTubeCredentials.inFolder(home);
        credentials.signInWithGoogle(yt.oauthClient(), FakeYouTube.browser(), Duration.ofSeconds(10));
        YouTubeCatalog catalog = YouTubeCatalog.builder(YouTubeCredentials.inFolder(home)).rootUrl(yt.rootUrl())
                .region("US").retentionPeriod(null).build();
        List<RawClient> guests = new ArrayList<>();
        try (TestServer server = TestServer.start(catalog, config -> config)) {
            Results.RoomCreated room = server.createRoom("Signed-in party");
            for (String name : List.of("Dee", "Eli")) {
                guests.add(RawClient.guest(server.uri(), room.joinCode(), name));
            }
            RawClient dee = guests.get(0);
            RawClient eli = guests.get(1);
            Results.SearchResults found = search(dee, "gangnam");
            assertThat(found.results()).hasSize(15);
            add(dee, found.results().get(3).videoId());
            add(eli, "https://m.youtube.com/watch?v=pastedsong1");
            search(eli, "pasted song");
            eli.awaitState(s -> s.queueSize() == 2);
            assertThat(yt.refreshes.get()).as("tokens were refreshed during the party").isGreaterThanOrEqualTo(1);
            assertThat(yt.requests).anyMatch(r -> r.contains("auth=Bearer ya29."));

            // the host signs out: guests are told YouTube is not set up
            catalog.credentials().signOut();
            ServerMessage.Error notSetUp = refused(eli, new Request.Search(eli.nextId(), "another song"));
            assertThat(notSetUp.code()).isEqualTo(ErrorCode.SETUP_REQUIRED);
            assertThat(notSetUp.message()).startsWith("The host has not set up YouTube yet");

            List<String> secrets = new ArrayList<>(yt.issuedSecrets);
            secrets.add(yt.clientSecret);
            secrets.add("ya29.");
            secrets.add("1//");
            assertThat(secrets).hasSizeGreaterThan(4);
            assertNoSecrets(guests, secrets);
        } finally {
            guests.forEach(RawClient::close);
            catalog.close();
        }
    }

    private static void assertNoSecrets(List<RawClient> guests, List<String> secrets) {
        int frames = 0;
        for (RawClient guest : guests) {
            for (String frame : guest.received()) {
                frames++;
                for (String secret : secrets) {
                    assertThat(frame).as("frame sent to a guest").doesNotContain(secret);
                }
            }
        }
        assertThat(frames).as("frames scanned").isGreaterThan(10);
    }
}
