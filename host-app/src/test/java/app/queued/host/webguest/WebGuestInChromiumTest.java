package app.queued.host.webguest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.queued.client.QueuedClient;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The same phone flows in headless Chromium (Debian's chromium + chromium-driver, with the browser's own
 * WebSocket). Skipped where they are not installed; CI installs them (.ci/run).
 */
class WebGuestInChromiumTest {
    private static ChromePhone page;
    private WebGuestParty party;

    @BeforeAll
    static void openPhone() throws Exception {
        assumeTrue(ChromePhone.available(), "needs /usr/bin/chromium and /usr/bin/chromedriver "
                + "(apt-get install -y chromium chromium-driver)");
        page = ChromePhone.open();
    }

    @AfterAll
    static void closePhone() throws Exception {
        if (page != null) {
            page.close();
        }
    }

    @BeforeEach
    void startParty() throws Exception {
        party = WebGuestParty.start();
    }

    @AfterEach
    void stopParty() throws Exception {
        try {
            assertThat(page.consoleErrors()).as("script errors or blocked content").isEmpty();
        } finally {
            page.open("about:blank");
            party.close();
        }
    }

    @Test
    void joinsAddsVotesAndSeesAnotherGuestsVoteReorderTheQueue() throws Exception {
        WebGuestFlows.joinAddVoteAndSeeOthersReorder(page, party, WebGuestInWebKitTest.screenshots("chromium"));
    }

    @Test
    void aReloadKeepsTheSameGuest() throws Exception {
        WebGuestFlows.reloadKeepsTheGuest(page, party);
    }

    /**
     * A phone that slept: the tab is frozen, its connection drops meanwhile; it wakes and catches up exactly. In a
     * browser of its own: after a lifecycle override Chromium keeps treating the tab as in the background.
     */
    @Test
    void aFrozenTabWhoseConnectionDroppedCatchesUpWhenItWakes() throws Exception {
        try (ChromePhone sleeper = ChromePhone.open()) {
            QueuedClient bo = party.desktopGuest("Bo");
            long rick = bo.add(WebGuestFlows.RICK).get(10, TimeUnit.SECONDS).trackId();
            WebGuestFlows.join(sleeper, party, "Ana");
            WebGuestFlows.awaitSameQueue(sleeper, bo);

            sleeper.driver().executeCdpCommand("Page.setWebLifecycleState", Map.of("state", "frozen"));
            party.wifi().block();
            long nirvana = bo.add(WebGuestFlows.NIRVANA).get(10, TimeUnit.SECONDS).trackId();
            bo.vote(nirvana, 1).get(10, TimeUnit.SECONDS);
            bo.vote(rick, -1).get(10, TimeUnit.SECONDS);
            party.wifi().unblock();
            sleeper.driver().executeCdpCommand("Page.setWebLifecycleState", Map.of("state", "active"));

            WebGuestFlows.awaitCaughtUp(sleeper, bo);
            sleeper.await("document.getElementById('banner').hidden");
            assertThat(sleeper.consoleErrors()).isEmpty();
        }
    }

    @Test
    void refusalsShowTheServersOwnSentence() throws Exception {
        WebGuestFlows.refusalsShowTheServersSentence(page, party);
    }

    @Test
    void aDroppedConnectionShowsReconnectingThenCatchesUpExactly() throws Exception {
        WebGuestFlows.droppedConnectionCatchesUpExactly(page, party, WebGuestInWebKitTest.screenshots("chromium"));
    }
}
