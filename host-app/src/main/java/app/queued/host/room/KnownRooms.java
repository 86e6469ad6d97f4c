package app.queued.host.room;

import app.queued.fx.files.PrivateFiles;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rooms this app created and their host tokens, in {@value #FILE_NAME} in the app-data folder, readable only
 * by the user. Blocking file work: call it off the UI thread. Thread-safe.
 */
public final class KnownRooms {
    public static final String FILE_NAME = "host-rooms.json";
    private static final Logger log = LoggerFactory.getLogger(KnownRooms.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    public KnownRooms(Path appDataDir) {
        this.file = appDataDir.resolve(FILE_NAME);
    }

    public Path file() {
        return file;
    }

    /** Every remembered room, last opened first. */
    public synchronized List<KnownRoom> all() {
        try {
            List<KnownRoom> rooms = new ArrayList<>(JSON.readValue(PrivateFiles.read(file),
                    new TypeReference<List<KnownRoom>>() { }));
            rooms.sort(Comparator.comparingLong(KnownRoom::lastOpenedAt).reversed());
            return rooms;
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException | RuntimeException e) {
            log.warn("Ignoring unreadable room list {}: {}", file, e.getMessage());
            return List.of();
        }
    }

    /** The rooms that live in this storage. */
    public List<KnownRoom> in(String storageKey) {
        return all().stream().filter(r -> storageKey.equals(r.storageKey())).toList();
    }

    /** Adds the room, or replaces the one with the same id in the same storage. */
    public synchronized void put(KnownRoom room) throws IOException {
        List<KnownRoom> rooms = new ArrayList<>(all());
        rooms.removeIf(r -> r.roomId() == room.roomId() && r.storageKey().equals(room.storageKey()));
        rooms.add(room);
        PrivateFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(rooms));
    }

    public synchronized void forget(KnownRoom room) throws IOException {
        List<KnownRoom> rooms = new ArrayList<>(all());
        rooms.removeIf(r -> r.roomId() == room.roomId() && r.storageKey().equals(room.storageKey()));
        PrivateFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(rooms));
    }
}
