package app.queued.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The storage options of the server's and the benchmark's command lines, read and checked in one place. */
class StorageOptionsTest {

    @Command
    static final class Server {
        @Mixin
        StorageOptions storage = new StorageOptions();
    }

    @Command
    static final class OnlyTheDatabase {
        @Mixin
        StorageOptions.Database database = new StorageOptions.Database();
    }

    private static StorageOptions parse(String... args) {
        Server server = new Server();
        new CommandLine(server).setDefaultValueProvider(noEnvironment()).parseArgs(args);
        return server.storage;
    }

    /**
     * The options' defaults come from QUEUED_* variables; a test must not depend on the shell's. A provider's value
     * wins over the annotation's, and an empty one is "not set", as an empty variable is.
     */
    private static CommandLine.IDefaultValueProvider noEnvironment() {
        return argSpec -> argSpec instanceof CommandLine.Model.OptionSpec option
                && List.of("--db-url", "--db-password", "--redis-url").contains(option.longestName()) ? "" : null;
    }

    @Test
    void readsBothUrlFormsAndLetsThePasswordOptionWin() {
        StorageOptions libpq = parse("--db-url", "postgresql://ann:s3cret@db.local:6543/party",
                "--redis-url", "redis://cache.local:6379");
        assertThat(libpq.jdbc()).isEqualTo(new StorageUrls.Jdbc("jdbc:postgresql://db.local:6543/party", "ann",
                "s3cret"));
        assertThat(libpq.redisUrl()).isEqualTo("redis://cache.local:6379");

        StorageOptions password = parse("--db-url", "jdbc:postgresql://db:5432/q?user=x", "--db-password", "other");
        assertThat(password.jdbc()).isEqualTo(new StorageUrls.Jdbc("jdbc:postgresql://db:5432/q?user=x", null,
                "other"));
    }

    @Test
    void refusesAUrlOfTheWrongFormWhileParsingNamingTheOptionNotThePassword() {
        assertThatThrownBy(() -> parse("--db-url", "mysql://root:hunter2@db/x"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--db-url").hasMessageContaining("postgresql://")
                .hasMessageNotContaining("hunter2");
        OnlyTheDatabase bench = new OnlyTheDatabase();
        assertThatThrownBy(() -> new CommandLine(bench).setDefaultValueProvider(noEnvironment())
                .parseArgs("--db-url", "db.local:5432"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--db-url");
    }

    @Test
    void withoutADatabaseTheStorageIsEmbeddedAndARedisUrlIsIgnored() {
        StorageOptions none = parse("--data-dir", "/srv/queued", "--redis-url", "redis://cache.local:6379");
        assertThat(none.jdbc()).isNull();
        assertThat(none.redisUrl()).isNull();
        assertThat(none.redisWithoutDatabase()).isTrue();
        ServerConfig config = none.applyTo(ServerConfig.builder()).build();
        assertThat(config.embedded()).isTrue();
        assertThat(config.dataDir()).isEqualTo(Path.of("/srv/queued"));
        assertThat(config.redisUrl()).isNull();

        assertThat(parse("--db-url", " ").jdbc()).as("an empty variable is none").isNull();
    }

    @Test
    void appliesExternalStorageToTheServerConfig() {
        ServerConfig config = parse("--db-url", "postgresql://ann@db.local/party", "--db-password", "pw",
                "--redis-url", "redis://cache.local:6379").applyTo(ServerConfig.builder()).build();
        assertThat(config.embedded()).isFalse();
        assertThat(config.dbUrl()).isEqualTo("jdbc:postgresql://db.local:5432/party");
        assertThat(config.dbUser()).isEqualTo("ann");
        assertThat(config.dbPassword()).isEqualTo("pw");
        assertThat(config.redisUrl()).isEqualTo("redis://cache.local:6379");
    }

    @Test
    void aJdbcUrlCarriesItsCredentialsForDriverManagerAndHidesThePasswordWhenPrinted() {
        StorageUrls.Jdbc jdbc = new StorageUrls.Jdbc("jdbc:postgresql://db:5432/q", "ann", "p&ss w");
        assertThat(jdbc.urlWithCredentials()).isEqualTo("jdbc:postgresql://db:5432/q?user=ann&password=p%26ss+w");
        assertThat(new StorageUrls.Jdbc("jdbc:postgresql://db:5432/q?ssl=true", null, "pw").urlWithCredentials())
                .isEqualTo("jdbc:postgresql://db:5432/q?ssl=true&password=pw");
        assertThat(jdbc.toString()).contains("ann").doesNotContain("p&ss");
    }
}
