package app.queued.guest.discovery;

import app.queued.discovery.DiscoveredRoom;
import app.queued.fx.Background;
import app.queued.fx.UiThread;
import app.queued.protocol.Protocol;
import java.util.List;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The parties found on this network, kept current while the app runs. */
public final class DiscoveryViewModel {
    private static final Logger log = LoggerFactory.getLogger(DiscoveryViewModel.class);
    static final String LOOKING = "Looking for parties on this network…";
    static final String FOUND = "Pick your party, or type its address below.";

    private final RoomSource source;
    private final Background background;
    private final UiThread ui;
    private final ObservableList<DiscoveredRoom> rooms = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper looking = new ReadOnlyBooleanWrapper();
    private AutoCloseable running;
    private boolean started;
    private boolean stopped;

    public DiscoveryViewModel(RoomSource source, Background background, UiThread ui) {
        this.source = source;
        this.background = background;
        this.ui = ui;
    }

    /** Starts looking (once); the browser starts on a background thread. */
    public void start() {
        if (started) {
            return;
        }
        started = true;
        looking.set(true);
        status.set(LOOKING);
        background.supply(() -> source.start(found -> ui.run(() -> show(found))))
                .whenComplete((handle, failure) -> ui.run(() -> {
                    if (failure != null) {
                        log.info("not looking for parties nearby: {}", failure.getMessage());
                        looking.set(false);
                        status.set("Can't look for parties on this network (" + rootMessage(failure)
                                + "). Type the address shown on the host's screen.");
                    } else if (stopped) {
                        background.run(() -> closeQuietly(handle));
                    } else {
                        running = handle;
                    }
                }));
    }

    /** Stops looking; the browser closes on a background thread (mDNS says goodbye first). */
    public void stop() {
        stopped = true;
        looking.set(false);
        AutoCloseable handle = running;
        running = null;
        if (handle != null) {
            background.run(() -> closeQuietly(handle));
        }
    }

    private void show(List<DiscoveredRoom> found) {
        if (stopped) {
            return;
        }
        rooms.setAll(found);
        status.set(found.isEmpty() ? LOOKING : FOUND);
    }

    /** True when the app can talk to the room's server (it speaks our protocol). */
    /** Where a party nearby runs, or that this app cannot talk to it. */
    public static String where(DiscoveredRoom room) {
        return compatible(room) ? room.address() : room.address() + " · needs a different version of this app";
    }

    public static boolean compatible(DiscoveredRoom room) {
        return room.protocolVersion() == Protocol.VERSION;
    }

    public ObservableList<DiscoveredRoom> rooms() {
        return rooms;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty lookingProperty() {
        return looking.getReadOnlyProperty();
    }

    private static void closeQuietly(AutoCloseable handle) {
        try {
            handle.close();
        } catch (Exception e) {
            log.debug("closing the room browser failed", e);
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
}
