package app.queued.host.webguest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.queued.client.QueuedClient;
import app.queued.client.RoomView;
import app.queued.protocol.Person;
import app.queued.protocol.RoomRules;
import app.queued.protocol.Track;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What a guest does on the phone page, written once and run in every engine ({@link PhoneBrowser}): WebKit in
 * JavaFX's WebView and headless Chromium. Every flow runs against a real vote server that serves the page itself.
 */
final class WebGuestFlows {
    static final String RICK = "dQw4w9WgXcQ";
    static final String QUEEN = "fJ9rUzIMcZQ";
    static final String NIRVANA = "hTWKbfoikeg";
    static final String DONT_STOP_ME_NOW = "HgzGwKwLmgM";
    private static final String ROWS = "[...document.querySelectorAll('#queue li')]";

    private WebGuestFlows() {
    }

    /** The queue as the page shows it: "id:score,…" from top to bottom. */
    static String pageOrder(PhoneBrowser page) throws Exception {
        return page.eval(ROWS + ".map(r => r.dataset.trackId + ':' + Number(r.querySelector('.score').textContent))"
                + ".join(',')");
    }

    static String row(long trackId) {
        return "#queue li[data-track-id='" + trackId + "']";
    }

    static String text(PhoneBrowser page, String id) throws Exception {
        return page.eval("document.getElementById('" + id + "').textContent");
    }

    static boolean visible(PhoneBrowser page, String id) throws Exception {
        return "false".equals(page.eval("document.getElementById('" + id + "').hidden"));
    }

    /** Opens the QR code's address, types a nickname, joins. */
    static void join(PhoneBrowser page, WebGuestParty party, String nickname) throws Exception {
        join(page, party, nickname, null);
    }

    static void join(PhoneBrowser page, WebGuestParty party, String nickname, Path screenshots) throws Exception {
        page.open(party.pageUrl());
        page.await("document.getElementById('join-code').value === '" + party.code() + "'"); // from the fragment
        page.type("#join-nickname", nickname);
        if (screenshots != null) {
            page.settle();
            page.screenshot(screenshots.resolve("web-guest-join.png"));
        }
        page.click("#join-submit");
        page.await("!document.getElementById('party-screen').hidden"
                + " && document.getElementById('party-body').dataset.seq !== undefined");
    }

    /** Waits until the page shows the same queue (order and scores) as the desktop guest's client. */
    static void awaitSameQueue(PhoneBrowser page, QueuedClient desktop) throws Exception {
        awaitSame(page, () -> WebGuestParty.order(desktop));
    }

    static void awaitSame(PhoneBrowser page, Supplier<String> expected) throws Exception {
        long deadline = System.nanoTime() + PhoneBrowser.WAIT.toNanos();
        String shown = null;
        while (System.nanoTime() < deadline) {
            shown = pageOrder(page);
            if (shown.equals(expected.get())) {
                return;
            }
            Thread.sleep(20); // the deadline loop's polling interval
        }
        assertThat(shown).as("the page's queue").isEqualTo(expected.get());
    }

    static long trackOf(QueuedClient client, String videoId) throws Exception {
        long deadline = System.nanoTime() + PhoneBrowser.WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (Track track : client.view().queue()) {
                if (track.videoId().equals(videoId)) {
                    return track.id();
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError(videoId + " never reached the queue");
    }

    static void awaitView(QueuedClient client, java.util.function.Predicate<RoomView> condition) throws Exception {
        long deadline = System.nanoTime() + PhoneBrowser.WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.test(client.view())) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the desktop client's view never matched: " + client.view());
    }

    /**
     * Join; paste a link; search and add; vote up, take it back, vote down; and see a desktop guest's votes
     * reorder the queue exactly as the desktop client orders it.
     */
    static void joinAddVoteAndSeeOthersReorder(PhoneBrowser page, WebGuestParty party, Path screenshots)
            throws Exception {
        QueuedClient bo = party.desktopGuest("Bo");
        QueuedClient cy = party.desktopGuest("Cy");
        QueuedClient host = party.host();
        host.add(DONT_STOP_ME_NOW).get(10, TimeUnit.SECONDS);
        host.skip(null).get(10, TimeUnit.SECONDS); // now playing
        long rick = bo.add(RICK).get(10, TimeUnit.SECONDS).trackId();
        long queen = bo.add(QUEEN).get(10, TimeUnit.SECONDS).trackId();

        join(page, party, "Ana", screenshots);
        awaitSameQueue(page, bo);
        assertThat(pageOrder(page)).isEqualTo(rick + ":0," + queen + ":0");
        assertThat(text(page, "room-name")).isEqualTo("Friday party");
        page.await("document.getElementById('people-list').textContent.includes('Ana (you)')");
        assertThat(text(page, "now-title")).isEqualTo("Queen - Don't Stop Me Now (Official Video)");

        // ask to skip: 1 of the 2 needed among the 4 present
        page.click("#skip-button");
        page.await("document.getElementById('skip-count').textContent === '1 of 2 asked'");
        assertThat(text(page, "skip-button")).isEqualTo("You asked to skip");
        awaitView(bo, view -> view.skipCount() == 1);
        if (screenshots != null) {
            page.settle();
            page.screenshot(screenshots.resolve("web-guest-queue.png"));
        }

        // paste a YouTube link
        page.type("#add-input", "https://youtu.be/" + NIRVANA + "?si=party");
        page.await("document.getElementById('add-submit').textContent === 'Add'");
        page.click("#add-submit");
        long nirvana = trackOf(bo, NIRVANA);
        page.await("document.querySelector(\"" + row(nirvana) + "\") !== null");
        page.await("document.getElementById('toast').textContent.startsWith('Added')");

        // search the catalog and add a result
        page.type("#add-input", "despacito");
        page.click("#add-submit");
        page.await("document.querySelectorAll('#results li').length > 0");
        assertThat(text(page, "results-source")).contains("demo catalog");
        if (screenshots != null) {
            page.settle();
            page.screenshot(screenshots.resolve("web-guest-search.png"));
        }
        page.click("#results li button.add");
        awaitView(bo, view -> view.queue().size() == 4);
        awaitSameQueue(page, bo);

        // vote up: the server counts it, the row moves to the top
        page.click(row(nirvana) + " .vote.up");
        awaitView(bo, view -> view.queue().stream().anyMatch(t -> t.id() == nirvana && t.score() == 1));
        awaitSameQueue(page, bo);
        assertThat(pageOrder(page)).startsWith(nirvana + ":1,");
        page.await("document.querySelector(\"" + row(nirvana) + " .vote.up\").getAttribute('aria-pressed') === 'true'");

        // another guest's votes reorder it: Queen passes the page's own vote
        bo.vote(queen, 1).get(10, TimeUnit.SECONDS);
        cy.vote(queen, 1).get(10, TimeUnit.SECONDS);
        awaitSameQueue(page, bo);
        assertThat(pageOrder(page)).startsWith(queen + ":2," + nirvana + ":1,");

        // the lit arrow again takes the vote back; a downvote sinks Rick to the end
        page.click(row(nirvana) + " .vote.up");
        page.click(row(rick) + " .vote.down");
        awaitView(bo, view -> view.queue().stream().anyMatch(t -> t.id() == rick && t.score() == -1)
                && view.queue().stream().anyMatch(t -> t.id() == nirvana && t.score() == 0));
        awaitSameQueue(page, bo);
        assertThat(pageOrder(page)).endsWith(rick + ":-1");
        page.await("document.querySelector(\"" + row(nirvana) + " .vote.up\").getAttribute('aria-pressed') === 'false'");

        // a guest may take their own song out again (only their own: Bo's rows have no Remove)
        assertThat(page.eval("document.querySelector(\"" + row(rick) + " .remove\") === null")).isEqualTo("true");
        page.click(row(nirvana) + " .remove");
        awaitView(bo, view -> view.queue().stream().noneMatch(t -> t.id() == nirvana));
        awaitSameQueue(page, bo);
    }

    /** A reload brings back the same guest (same id, same votes) from this browser's storage, never from the URL. */
    static void reloadKeepsTheGuest(PhoneBrowser page, WebGuestParty party) throws Exception {
        QueuedClient bo = party.desktopGuest("Bo");
        long rick = bo.add(RICK).get(10, TimeUnit.SECONDS).trackId();
        join(page, party, "Ana");
        page.click(row(rick) + " .vote.up");
        awaitView(bo, view -> view.queue().stream().anyMatch(t -> t.id() == rick && t.score() == 1));
        long anaId = anaIn(bo);
        page.click("#people-button"); // "who is here" must not take the party's code out of the address
        assertThat(page.eval("location.href")).isEqualTo(party.pageUrl());

        page.reload();
        page.await("!document.getElementById('party-screen').hidden"
                + " && document.querySelector(\"" + row(rick) + " .vote.up\") !== null"
                + " && document.querySelector(\"" + row(rick) + " .vote.up\").getAttribute('aria-pressed') === 'true'");
        assertThat(visible(page, "join-screen")).as("no nickname asked again").isFalse();
        awaitView(bo, view -> view.present().stream().filter(p -> p.nickname().equals("Ana")).count() == 1);
        assertThat(anaIn(bo)).as("the same guest").isEqualTo(anaId);
        assertThat(page.eval("location.href")).isEqualTo(party.pageUrl());
        String stored = page.eval("Object.keys(localStorage).filter(k => k.startsWith('queued.guest.v1:'))"
                + ".map(k => localStorage.getItem(k)).join('')");
        assertThat(stored).contains("guestToken");
        assertThat(page.eval("location.href + document.documentElement.outerHTML"))
                .as("the token is in no URL and not on the page")
                .doesNotContain(stored.replaceAll(".*\"guestToken\":\"([^\"]+)\".*", "$1"));

        // and a page vote after the reload counts for the same guest (replacing its vote, not adding one)
        page.click(row(rick) + " .vote.down");
        awaitView(bo, view -> view.queue().stream().anyMatch(t -> t.id() == rick && t.score() == -1));

        // and again: the rejoin by token (whose ack carries no new token) must not lose the stored one
        page.reload();
        page.await("!document.getElementById('party-screen').hidden"
                + " && document.querySelector(\"" + row(rick) + " .vote.down\") !== null"
                + " && document.querySelector(\"" + row(rick) + " .vote.down\").getAttribute('aria-pressed') === 'true'");
        assertThat(anaIn(bo)).as("still the same guest").isEqualTo(anaId);
    }

    private static long anaIn(QueuedClient client) throws Exception {
        awaitView(client, view -> view.present().stream().anyMatch(p -> p.nickname().equals("Ana")));
        return client.view().present().stream().filter(p -> p.nickname().equals("Ana")).findFirst()
                .map(Person::guestId).orElseThrow();
    }

    /** Every refusal shows the server's own sentence: a wrong code at the door, an unknown video, a host's cap. */
    static void refusalsShowTheServersSentence(PhoneBrowser page, WebGuestParty party) throws Exception {
        page.open(party.pageUrl().replace("#code=" + party.code(), "#code=ZZZ2ZZ"));
        page.await("document.getElementById('join-code').value === 'ZZZ2ZZ'");
        page.type("#join-nickname", "Ana");
        page.click("#join-submit");
        page.await("!document.getElementById('join-error').hidden");
        assertThat(text(page, "join-error"))
                .isEqualTo("No party with code ZZZ2ZZ is running here. Check the code on the host's screen.");

        QueuedClient bo = party.desktopGuest("Bo");
        String unknown = "aaaaaaaaaaa";
        String catalogSays = refusalOf(() -> bo.add(unknown).get(10, TimeUnit.SECONDS));
        join(page, party, "Ana");
        page.type("#add-input", "https://www.youtube.com/watch?v=" + unknown);
        page.click("#add-submit");
        page.await("document.getElementById('toast').classList.contains('error')");
        assertThat(text(page, "toast")).isEqualTo(catalogSays);

        QueuedClient host = party.host();
        host.send(new app.queued.protocol.Request.SetRules(host.nextRequestId(),
                new RoomRules(RoomRules.VOTES, 1, null, true, null, false, false, false, 0.5)))
                .get(10, TimeUnit.SECONDS);
        page.await("document.getElementById('add-note').textContent.includes('0 of 1')");
        page.type("#add-input", "https://youtu.be/" + RICK);
        page.click("#add-submit");
        trackOf(bo, RICK);
        page.await("document.getElementById('add-note').textContent.includes('1 of 1')");
        page.type("#add-input", "https://youtu.be/" + QUEEN);
        page.click("#add-submit");
        page.await("document.getElementById('toast').classList.contains('error')"
                + " && document.getElementById('toast').textContent.startsWith('You already')");
        assertThat(text(page, "toast"))
                .isEqualTo("You already have 1 track in the queue, the most the host allows; add more when one has played.");
    }

    private static String refusalOf(ThrowingRunnable action) {
        Throwable[] caught = new Throwable[1];
        assertThatThrownBy(action::run).satisfies(t -> caught[0] = t);
        Throwable cause = caught[0];
        while (cause.getCause() != null && !(cause instanceof app.queued.client.RequestFailedException)) {
            cause = cause.getCause();
        }
        return ((app.queued.client.RequestFailedException) cause).getMessage();
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /**
     * The phone's network drops: "Reconnecting…" shows over the last queue; the room moves on meanwhile (votes, an
     * add, a remove, a skip); when the network is back the page rejoins as the same guest with its lastSeq and
     * shows exactly the server's state. Then a longer outage than the server's replay window (a snapshot).
     */
    static void droppedConnectionCatchesUpExactly(PhoneBrowser page, WebGuestParty party, Path screenshots)
            throws Exception {
        QueuedClient bo = party.desktopGuest("Bo");
        QueuedClient host = party.host();
        long rick = bo.add(RICK).get(10, TimeUnit.SECONDS).trackId();
        long queen = bo.add(QUEEN).get(10, TimeUnit.SECONDS).trackId();
        join(page, party, "Ana");
        awaitSameQueue(page, bo);
        page.click(row(queen) + " .vote.up");
        awaitView(bo, view -> view.queue().stream().anyMatch(t -> t.id() == queen && t.score() == 1));

        party.wifi().block();
        page.await("!document.getElementById('banner').hidden"
                + " && document.getElementById('banner-text').textContent.startsWith('Reconnecting')");
        if (screenshots != null) {
            page.settle();
            page.screenshot(screenshots.resolve("web-guest-reconnecting.png"));
        }
        long nirvana = bo.add(NIRVANA).get(10, TimeUnit.SECONDS).trackId();
        bo.vote(nirvana, 1).get(10, TimeUnit.SECONDS);
        bo.vote(rick, -1).get(10, TimeUnit.SECONDS);
        host.skip(null).get(10, TimeUnit.SECONDS); // Queen (the page's upvote) starts playing
        bo.remove(rick).get(10, TimeUnit.SECONDS);
        bo.add(DONT_STOP_ME_NOW).get(10, TimeUnit.SECONDS);
        awaitView(bo, view -> view.nowPlaying() != null && view.queue().size() == 2);

        party.wifi().unblock();
        page.await("document.getElementById('banner').hidden", Duration.ofSeconds(30));
        awaitCaughtUp(page, bo);
        assertThat(text(page, "now-title")).isEqualTo(bo.view().nowPlaying().title());

        // longer than the replay window (500 events): the server sends a snapshot, and the page equals it too
        page.run("window.__snapshots = 0; document.addEventListener('queued:rendered',"
                + " (e) => { if (e.detail.snapshot) { window.__snapshots++; } });");
        party.wifi().block();
        page.await("!document.getElementById('banner').hidden");
        for (int i = 0; i < 260; i++) {
            bo.vote(nirvana, i % 2 == 0 ? -1 : 1).get(10, TimeUnit.SECONDS);
            host.vote(nirvana, i % 2 == 0 ? 1 : -1).get(10, TimeUnit.SECONDS);
        }
        long lastNirvana = bo.vote(nirvana, 1).get(30, TimeUnit.SECONDS).seq();
        awaitView(bo, view -> view.seq() >= lastNirvana);
        party.wifi().unblock();
        page.await("document.getElementById('banner').hidden", Duration.ofSeconds(30));
        awaitCaughtUp(page, bo);
        assertThat(page.eval("window.__snapshots")).as("caught up by a snapshot").isNotEqualTo("0");
    }

    /** Same seq, queue, now playing and people as the desktop client (which applies the same events). */
    static void awaitCaughtUp(PhoneBrowser page, QueuedClient desktop) throws Exception {
        awaitSame(page, () -> WebGuestParty.order(desktop));
        long deadline = System.nanoTime() + PhoneBrowser.WAIT.toNanos();
        while (System.nanoTime() < deadline
                && !String.valueOf(desktop.view().seq()).equals(page.eval(
                        "document.getElementById('party-body').dataset.seq"))) {
            Thread.sleep(20);
        }
        RoomView view = desktop.view();
        assertThat(page.eval("document.getElementById('party-body').dataset.seq")).isEqualTo(String.valueOf(view.seq()));
        assertThat(pageOrder(page)).isEqualTo(WebGuestParty.order(desktop));
        assertThat(text(page, "people-total")).isEqualTo(String.valueOf(view.present().size()));
    }

    /** The room's rules shape the page: downvotes off hides ▼, a voting lock disables voting, fair order applies. */
    static void roomRulesShapeThePage(PhoneBrowser page, WebGuestParty party) throws Exception {
        QueuedClient bo = party.desktopGuest("Bo");
        QueuedClient host = party.host();
        long rick = bo.add(RICK).get(10, TimeUnit.SECONDS).trackId();
        join(page, party, "Ana");
        page.await("document.querySelector(\"" + row(rick) + " .vote.down\").hidden === false");

        setRules(host, new RoomRules(RoomRules.VOTES, null, null, false, null, false, false, false, 0.5));
        page.await("document.querySelector(\"" + row(rick) + " .vote.down\").hidden === true");
        assertThat(text(page, "queue-note")).isEqualTo("Downvotes are off in this room.");

        setRules(host, new RoomRules(RoomRules.VOTES, null, null, true, null, false, true, false, 0.5));
        page.await("document.querySelector(\"" + row(rick) + " .vote.up\").disabled === true");
        assertThat(text(page, "queue-note")).isEqualTo("The host has paused voting for now.");

        setRules(host, new RoomRules(RoomRules.VOTES, null, null, true, null, true, false, false, 0.5));
        page.await("document.getElementById('add-input').disabled === true");
        assertThat(text(page, "add-note")).isEqualTo("The host has paused adding tracks for now.");

        // fair order: Bo had a track played, so Ana's later track goes before Bo's on equal votes
        setRules(host, new RoomRules(RoomRules.FAIR, null, null, true, null, false, false, false, 0.5));
        long queen = bo.add(QUEEN).get(10, TimeUnit.SECONDS).trackId();
        host.skip(null).get(10, TimeUnit.SECONDS); // Rick (Bo's) plays: Bo's played count is 1
        page.await("!document.getElementById('add-input').disabled"); // adding is open again
        page.type("#add-input", "https://youtu.be/" + NIRVANA);
        page.click("#add-submit");
        long nirvana = trackOf(bo, NIRVANA);
        awaitSameQueue(page, bo);
        assertThat(pageOrder(page)).isEqualTo(nirvana + ":0," + queen + ":0");
        page.await("document.getElementById('queue-note').textContent.startsWith('Fair order')");
    }

    private static void setRules(QueuedClient host, RoomRules rules) throws Exception {
        host.send(new app.queued.protocol.Request.SetRules(host.nextRequestId(), rules)).get(10, TimeUnit.SECONDS);
    }
}
