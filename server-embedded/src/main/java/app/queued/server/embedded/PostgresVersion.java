package app.queued.server.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.Properties;

/** PostgreSQL major versions: the one bundled with this build and the one that wrote a data folder. */
final class PostgresVersion {

    /** Queued's own record of the server major version, written after every successful start. */
    static final String VERSION_FILE = "queued-pg-version";
    /** PostgreSQL's own record, written by initdb. */
    static final String PG_VERSION_FILE = "PG_VERSION";

    private static final OptionalInt BUNDLED = loadBundledMajor();

    private PostgresVersion() {
    }

    /** Major version of the bundled binaries (from the build), empty if the build info is missing. */
    static OptionalInt bundledMajor() {
        return BUNDLED;
    }

    /**
     * Major version that wrote the data folder: PostgreSQL's PG_VERSION if present, else our own
     * record; empty for a fresh folder.
     *
     * @throws NumberFormatException if the file exists but is garbage
     */
    static OptionalInt dataMajor(Path dataDir) throws IOException {
        for (String name : new String[] {PG_VERSION_FILE, VERSION_FILE}) {
            Path file = dataDir.resolve(name);
            if (Files.isRegularFile(file)) {
                return OptionalInt.of(parseMajor(Files.readString(file, StandardCharsets.US_ASCII)));
            }
        }
        return OptionalInt.empty();
    }

    /** "17", "17.11" and "17.11.0" all give 17. */
    static int parseMajor(String version) {
        String trimmed = version.strip();
        int dot = trimmed.indexOf('.');
        return Integer.parseInt(dot < 0 ? trimmed : trimmed.substring(0, dot));
    }

    private static OptionalInt loadBundledMajor() {
        try (InputStream in = PostgresVersion.class.getResourceAsStream("bundled.properties")) {
            if (in == null) {
                return OptionalInt.empty();
            }
            Properties props = new Properties();
            props.load(in);
            return OptionalInt.of(parseMajor(props.getProperty("postgres.binaries.version", "")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NumberFormatException e) {
            return OptionalInt.empty(); // resource not filtered (e.g. an IDE build): skip the check
        }
    }
}
