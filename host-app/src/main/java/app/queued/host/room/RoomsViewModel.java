package app.queued.host.room;

import app.queued.fx.Background;
import app.queued.fx.UiThread;
import app.queued.host.ui.Failures;
import app.queued.protocol.Results;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** "Start a party": name a new room, or reopen one of the rooms this app created before. */
public final class RoomsViewModel {

    /** Creates a room in the running server; returns its id, name, join code and host token. */
    @FunctionalInterface
    public interface RoomCreator {
        Results.RoomCreated create(String name) throws Exception;
    }

    private final javafx.beans.property.StringProperty notice = new javafx.beans.property.SimpleStringProperty("");
    private final KnownRooms known;
    private final String storageKey;
    private final RoomCreator creator;
    private final Background background;
    private final UiThread ui;
    private final Clock clock;
    private final StringProperty newName = new SimpleStringProperty("");
    private final ObservableList<KnownRoom> rooms = FXCollections.observableArrayList();
    private final StringProperty error = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private Consumer<KnownRoom> onOpen = room -> { };

    public RoomsViewModel(KnownRooms known, String storageKey, RoomCreator creator, Background background,
                          UiThread ui, Clock clock) {
        this.known = known;
        this.storageKey = storageKey;
        this.creator = creator;
        this.background = background;
        this.ui = ui;
        this.clock = clock;
    }

    public void setOnOpen(Consumer<KnownRoom> onOpen) {
        this.onOpen = onOpen;
    }

    public StringProperty newNameProperty() {
        return newName;
    }

    public ObservableList<KnownRoom> rooms() {
        return rooms;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }

    /** True while the name is not one a room can have (1–60 characters). */
    public BooleanBinding nameInvalid() {
        return Bindings.createBooleanBinding(() -> {
            String name = newName.get() == null ? "" : newName.get().strip();
            return name.isEmpty() || name.length() > 60;
        }, newName);
    }

    /** Reads the remembered rooms of this storage. */
    public void load() {
        background.supply(() -> known.in(storageKey)).whenComplete((list, failure) -> ui.run(() -> {
            if (failure != null) {
                error.set(Failures.sentence(failure));
                return;
            }
            rooms.setAll(list);
        }));
    }

    public void create() {
        String name = newName.get() == null ? "" : newName.get().strip();
        if (name.isEmpty() || name.length() > 60 || busy.get()) {
            return;
        }
        busy.set(true);
        error.set("");
        background.supply(() -> {
            Results.RoomCreated created = creator.create(name);
            long now = clock.millis();
            KnownRoom room = new KnownRoom(created.roomId(), created.name(), created.joinCode(), created.hostToken(),
                    storageKey, now, now);
            known.put(room);
            return room;
        }).whenComplete((room, failure) -> ui.run(() -> {
            busy.set(false);
            if (failure != null) {
                error.set(Failures.sentence(failure));
                return;
            }
            onOpen.accept(room);
        }));
    }

    public void reopen(KnownRoom room) {
        if (room == null || busy.get()) {
            return;
        }
        error.set("");
        background.run(() -> known.put(room.opened(clock.millis())));
        onOpen.accept(room);
    }

    /** Removes the room from this list (the room itself stays in the database). */
    public void forget(KnownRoom room) {
        if (room == null) {
            return;
        }
        rooms.remove(room);
        background.run(() -> known.forget(room));
    }

    /** The room named so (case-insensitive), if this app knows one: used by {@code --room}. */
    public KnownRoom findByName(String name, List<KnownRoom> list) {
        return list.stream().filter(r -> r.name().equalsIgnoreCase(name.strip())).findFirst().orElse(null);
    }

    /** Tells the screen something that went well (e.g. a party that just ended). */
    public void showNotice(String message) {
        notice.set(message);
    }

    public ReadOnlyStringProperty noticeProperty() {
        return notice;
    }

    /** Tells the screen that opening a room failed (e.g. its token is no longer valid). */
    public void showError(String message) {
        error.set(message);
    }
}
