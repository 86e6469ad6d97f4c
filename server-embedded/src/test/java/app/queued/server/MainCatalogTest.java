package app.queued.server;

import static org.assertj.core.api.Assertions.assertThat;

import app.queued.server.catalog.DemoCatalog;
import app.queued.server.catalog.youtube.YouTubeCatalog;
import app.queued.server.catalog.youtube.YouTubeCredentials;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainCatalogTest {

    @Test
    void demoByDefaultYouTubeWithAKeyWhenAskedFor() {
        Main demo = new Main();
        new CommandLine(demo).parseArgs();
        assertThat(demo.catalog()).isInstanceOf(DemoCatalog.class);

        Main youtube = new Main();
        new CommandLine(youtube).parseArgs("--catalog", "youtube", "--youtube-api-key", "AIzaFromTheCommandLine",
                "--youtube-region", "de");
        YouTubeCatalog catalog = (YouTubeCatalog) youtube.catalog();
        try {
            assertThat(catalog.name()).isEqualTo("YouTube");
            assertThat(catalog.region()).isEqualTo("DE");
            assertThat(catalog.credentials().mode()).isEqualTo(YouTubeCredentials.Mode.API_KEY);
            assertThat(catalog.credentials().file()).as("a key given on the command line is not stored").isNull();
        } finally {
            catalog.close();
        }
    }
}
