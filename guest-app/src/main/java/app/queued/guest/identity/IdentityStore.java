package app.queued.guest.identity;

import app.queued.fx.files.PrivateFiles;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Remembers who the guest has been in each room — one identity per nickname, so two nicknames are two people — in
 * one JSON file in the app-data folder, readable and
 * writable only by the user (mode 600 in a 700 folder where the file system has POSIX permissions; on Windows the
 * per-user app-data folder is private already). Writes go to a private temporary file that replaces the old one
 * atomically, so a crash never leaves half a file. An identity in use by a running app is held
 * ({@link IdentityHold}): a second app of the same user joining with that nickname comes in as a new person rather
 * than as the first one. Blocking: call it off the UI thread.
 */
public final class IdentityStore {
    public static final String FILE_NAME = "guest-identities.json";
    /** Lock files of the identities running apps are in ({@link IdentityHold}), beside the identities file. */
    static final String LOCK_DIR = "in-use";
    /** Enough for every party a guest goes to in years; the oldest are forgotten first. */
    static final int MAX_ENTRIES = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Path file;

    public IdentityStore(Path dir) {
        this.dir = dir;
        this.file = dir.resolve(FILE_NAME);
    }

    public Path file() {
        return file;
    }

    /** The identities used in that room, newest first. */
    public synchronized List<GuestIdentity> find(String server, String code) {
        GuestIdentity probe = new GuestIdentity(server, code, "", null, null, 0);
        return read().stream()
                .filter(e -> e.server().equals(probe.server()) && e.code().equals(probe.code()))
                .sorted(Comparator.comparingLong(GuestIdentity::lastJoinedAt).reversed())
                .toList();
    }

    /** The identity that nickname had in that room (the newest, if there were several), or empty. */
    public synchronized Optional<GuestIdentity> find(String server, String code, String nickname) {
        return find(server, code).stream().filter(e -> sameName(e.nickname(), nickname)).findFirst();
    }

    /**
     * Who a join of that room with that nickname goes in as: the person this nickname was there before, held for
     * this app until {@link Claim#close()} — unless another app holds them now, in which case the join goes in as
     * a new person ({@link Claim#nameInUseElsewhere()}).
     */
    public synchronized Claim claim(String server, String code, String nickname) throws IOException {
        List<GuestIdentity> sameName = find(server, code).stream()
                .filter(e -> sameName(e.nickname(), nickname)).toList();
        for (GuestIdentity candidate : sameName) {
            Optional<IdentityHold> hold = take(candidate);
            if (hold.isPresent()) {
                return new Claim(candidate, hold.get(), false);
            }
        }
        return new Claim(null, null, !sameName.isEmpty());
    }

    /** Holds an identity this app just got from the server (a new person), so no other app comes in as them. */
    public synchronized Optional<IdentityHold> hold(GuestIdentity identity) throws IOException {
        return take(identity);
    }

    private Optional<IdentityHold> take(GuestIdentity identity) throws IOException {
        PrivateFiles.privateDir(dir);
        PrivateFiles.privateDir(dir.resolve(LOCK_DIR));
        return IdentityHold.tryTake(lockFile(identity));
    }

    private Path lockFile(GuestIdentity identity) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(
                    (identity.server() + "\n" + identity.code() + "\n" + identity.guestToken())
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return dir.resolve(LOCK_DIR).resolve(java.util.HexFormat.of().formatHex(digest, 0, 16) + ".lock");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private static boolean sameName(String a, String b) {
        return a != null && b != null && a.strip().equalsIgnoreCase(b.strip());
    }

    /**
     * The outcome of {@link #claim}: the saved identity to join as (its token), held by this app, or none.
     *
     * @param identity           the identity to come back as, or null to join as a new person
     * @param hold               this app's hold on it, or null
     * @param nameInUseElsewhere another app of this user is in the room with this nickname right now
     */
    public record Claim(GuestIdentity identity, IdentityHold hold, boolean nameInUseElsewhere)
            implements AutoCloseable {
        public String tokenOrNull() {
            return identity == null ? null : identity.guestToken();
        }

        @Override
        public void close() {
            if (hold != null) {
                hold.close();
            }
        }
    }

    /** The party joined most recently, to fill in the join form. */
    public synchronized Optional<GuestIdentity> lastUsed() {
        return read().stream().max(Comparator.comparingLong(GuestIdentity::lastJoinedAt));
    }

    /** Stores the identity, or refreshes it (nickname, room name, time) when the token is already known. */
    public synchronized void save(GuestIdentity identity) throws IOException {
        List<GuestIdentity> all = new ArrayList<>(read());
        all.removeIf(e -> e.server().equals(identity.server()) && e.code().equals(identity.code())
                && e.guestToken().equals(identity.guestToken()));
        all.add(identity);
        all.sort(Comparator.comparingLong(GuestIdentity::lastJoinedAt).reversed());
        if (all.size() > MAX_ENTRIES) {
            all = new ArrayList<>(all.subList(0, MAX_ENTRIES));
        }
        write(all);
    }

    private List<GuestIdentity> read() {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            StoredFile stored = JSON.readValue(file.toFile(), StoredFile.class);
            return stored.parties() == null ? List.of() : stored.parties().stream()
                    .filter(e -> e.server() != null && e.code() != null && e.guestToken() != null)
                    .toList();
        } catch (IOException | RuntimeException e) {
            // An unreadable file must not keep the guest out: they join as a new guest and the file is rewritten.
            return List.of();
        }
    }

    private void write(List<GuestIdentity> entries) throws IOException {
        PrivateFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(new StoredFile(1, entries)));
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record StoredFile(int version, List<GuestIdentity> parties) {
    }
}
