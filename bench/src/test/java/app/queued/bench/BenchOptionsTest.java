package app.queued.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** The bench reads --db-url as the server does (one class, the same checks), and logs only what matters. */
class BenchOptionsTest {

    /** Not the shell's QUEUED_* variables: an empty default is "not set", as an empty variable is. */
    private static BenchMain parse(String... args) {
        BenchMain main = new BenchMain();
        new CommandLine(main).setDefaultValueProvider(argSpec -> argSpec instanceof CommandLine.Model.OptionSpec option
                && List.of("--db-url", "--db-password").contains(option.longestName()) ? "" : null).parseArgs(args);
        return main;
    }

    @Test
    void theDatabaseOfARunningServerTakesTheServersForms() {
        BenchMain main = parse("--server", "ws://10.0.0.5:7765", "--admin-token", "t",
                "--db-url", "postgresql://queued:s3cret@10.0.0.5/queued");
        assertThat(main.server).isEqualTo(URI.create("ws://10.0.0.5:7765"));
        assertThat(main.serverDatabase.jdbc().urlWithCredentials())
                .isEqualTo("jdbc:postgresql://10.0.0.5:5432/queued?user=queued&password=s3cret");

        BenchMain jdbc = parse("--server", "ws://10.0.0.5:7765", "--db-url", "jdbc:postgresql://db/q?user=x",
                "--db-password", "pw");
        assertThat(jdbc.serverDatabase.jdbc().urlWithCredentials()).isEqualTo("jdbc:postgresql://db/q?user=x&password=pw");

        assertThat(parse("--server", "ws://10.0.0.5:7765").serverDatabase.jdbc()).as("no checks").isNull();
    }

    @Test
    void aDatabaseUrlOfTheWrongFormIsRefusedBeforeAnythingRuns() {
        assertThatThrownBy(() -> parse("--db-url", "mysql://root:hunter2@db/x"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--db-url").hasMessageNotContaining("hunter2");
    }

    @Test
    void theBenchLogsItsOwnLinesNotItsLibrariesDebugOutput() {
        assertThat(LoggerFactory.getLogger("io.netty.channel.nio.NioEventLoop").isDebugEnabled()).isFalse();
        assertThat(LoggerFactory.getLogger("io.zonky.test.db.postgres.embedded.EmbeddedPostgres").isInfoEnabled())
                .isFalse();
        assertThat(LoggerFactory.getLogger(BenchMain.class).isInfoEnabled()).isTrue();
        assertThat(LoggerFactory.getLogger(BenchMain.class).isDebugEnabled()).isFalse();
    }
}
