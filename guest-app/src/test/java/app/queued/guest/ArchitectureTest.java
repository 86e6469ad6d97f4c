package app.queued.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Rules of the guest app's code, checked on its sources. */
class ArchitectureTest {
    private static final Path MAIN = Path.of("src/main/java/app/queued/guest");

    @Test
    void onlyTheGatewayCallsRunLater() throws IOException {
        assertThat(filesContaining("Platform.runLater")).containsExactly("ui/FxThread.java");
    }

    @Test
    void theGuestAppNeverUsesTheServer() throws IOException {
        assertThat(filesContaining("app.queued.server")).isEmpty();
    }

    @Test
    void viewModelsKnowNoControlsSoTheyRunWithoutAWindow() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            List<String> offenders = files.filter(p -> p.getFileName().toString().endsWith("ViewModel.java"))
                    .filter(p -> read(p).contains("import javafx.scene")).map(p -> MAIN.relativize(p).toString())
                    .toList();
            assertThat(offenders).isEmpty();
        }
    }

    private static List<String> filesContaining(String text) throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(p -> p.toString().endsWith(".java")).filter(p -> read(p).contains(text))
                    .map(p -> MAIN.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
