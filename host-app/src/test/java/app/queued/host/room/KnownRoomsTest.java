package app.queued.host.room;

import app.queued.fx.Background;
import app.queued.fx.UiThread;
import app.queued.protocol.Results;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class KnownRoomsTest {
    @TempDir
    Path appData;

    @Test
    void roomsAndTheirTokensAreKeptOwnerOnlyNewestFirstPerStorage() throws Exception {
        KnownRooms rooms = new KnownRooms(appData);
        rooms.put(new KnownRoom(1, "Old", "AAAAAA", "tok-1", "embedded", 10, 10));
        rooms.put(new KnownRoom(2, "New", "BBBBBB", "tok-2", "embedded", 20, 20));
        rooms.put(new KnownRoom(1, "Elsewhere", "CCCCCC", "tok-3", "external:jdbc:x", 30, 30));

        assertThat(new KnownRooms(appData).in("embedded")).extracting(KnownRoom::name).containsExactly("New", "Old");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(rooms.file()))).isEqualTo("rw-------");
        assertThat(new KnownRoom(1, "Old", "AAAAAA", "tok-1", "embedded", 10, 10).toString()).doesNotContain("tok-1");

        rooms.forget(new KnownRoom(2, "New", "BBBBBB", "tok-2", "embedded", 20, 20));
        assertThat(rooms.in("embedded")).extracting(KnownRoom::roomId).containsExactly(1L);
    }

    @Test
    void creatingARoomRemembersItsTokenAndOpensIt() {
        KnownRooms rooms = new KnownRooms(appData);
        RoomsViewModel model = new RoomsViewModel(rooms, "embedded",
                name -> new Results.RoomCreated(7, name, "K7QX4M", "secret-token"), Background.direct(),
                UiThread.direct(), Clock.fixed(Instant.ofEpochMilli(5000), ZoneOffset.UTC));
        KnownRoom[] opened = new KnownRoom[1];
        model.setOnOpen(room -> opened[0] = room);
        model.newNameProperty().set("  ");
        assertThat(model.nameInvalid().get()).isTrue();
        model.newNameProperty().set("Friday night");
        model.create();

        assertThat(opened[0].hostToken()).isEqualTo("secret-token");
        assertThat(rooms.in("embedded")).extracting(KnownRoom::joinCode).containsExactly("K7QX4M");
    }
}
