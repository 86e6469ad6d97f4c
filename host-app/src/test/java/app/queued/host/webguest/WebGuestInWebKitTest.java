package app.queued.host.webguest;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The phone page in WebKit (JavaFX's WebView at 390×844), served by a real vote server, against desktop guests on
 * the Java client. The page's WebSocket travels over {@link WebViewSockets} (this WebView cannot open one itself).
 * Set {@code -Dqueued.screenshots=DIR} to keep the screenshots.
 */
class WebGuestInWebKitTest {
    private static PhoneWebView page;
    private WebGuestParty party;

    @BeforeAll
    static void openPhone() throws Exception {
        page = PhoneWebView.open();
    }

    @BeforeEach
    void startParty() throws Exception {
        party = WebGuestParty.start();
    }

    @AfterEach
    void stopParty() throws Exception {
        page.close();
        party.close();
    }

    /** Where to keep screenshots ({@code -Dqueued.screenshots=DIR}, a folder per engine), or null. */
    static Path screenshots(String engine) throws Exception {
        String dir = System.getProperty("queued.screenshots");
        return dir == null ? null : Files.createDirectories(Path.of(dir, engine));
    }

    @Test
    void joinsAddsVotesAndSeesAnotherGuestsVoteReorderTheQueue() throws Exception {
        WebGuestFlows.joinAddVoteAndSeeOthersReorder(page, party, screenshots("webkit"));
    }

    @Test
    void aReloadKeepsTheSameGuest() throws Exception {
        WebGuestFlows.reloadKeepsTheGuest(page, party);
    }

    @Test
    void refusalsShowTheServersOwnSentence() throws Exception {
        WebGuestFlows.refusalsShowTheServersSentence(page, party);
    }

    @Test
    void aDroppedConnectionShowsReconnectingThenCatchesUpExactly() throws Exception {
        WebGuestFlows.droppedConnectionCatchesUpExactly(page, party, screenshots("webkit"));
    }

    @Test
    void theRoomsRulesShapeThePage() throws Exception {
        WebGuestFlows.roomRulesShapeThePage(page, party);
    }
}
