package app.queued.guest.session;

import static org.assertj.core.api.Assertions.assertThat;

import app.queued.client.RequestFailedException;
import app.queued.protocol.ProtocolException;
import app.queued.server.catalog.youtube.YouTubeCatalog;
import app.queued.server.catalog.youtube.YouTubeCredentials;
import org.junit.jupiter.api.Test;

/** What a guest reads when the host's YouTube is not usable, from the error the real catalog sends. */
class SentencesTest {

    private static RequestFailedException whatTheServerSends(Runnable call) {
        try {
            call.run();
        } catch (ProtocolException e) {
            return new RequestFailedException(e.code(), e.getMessage());
        }
        throw new AssertionError("the catalog should have refused");
    }

    @Test
    void youTubeNotSetUpTellsTheGuestTheHostMustFixItNotToTryAgain() {
        YouTubeCatalog catalog = YouTubeCatalog.builder(YouTubeCredentials.none()).retentionPeriod(null).build();
        try {
            String search = Sentences.searchFailed(whatTheServerSends(() -> catalog.search("queen", 15)));
            String add = Sentences.addFailed(whatTheServerSends(() -> catalog.lookup("dQw4w9WgXcQ")));
            for (String sentence : new String[] {search, add}) {
                assertThat(sentence).doesNotContain("Try again").contains("host", "YouTube set-up");
            }
            assertThat(search).isEqualTo("The host needs to fix the YouTube set-up in Queued before songs can be "
                    + "searched. You can still vote on the queue.");
            assertThat(add).isEqualTo("The host needs to fix the YouTube set-up in Queued before new songs can be "
                    + "added. You can still vote on the queue.");
        } finally {
            catalog.close();
        }
    }
}
