package app.queued.guest.join;

import app.queued.discovery.DiscoveredRoom;
import app.queued.guest.identity.GuestIdentity;
import app.queued.guest.identity.IdentityStore;
import app.queued.guest.session.Party;
import app.queued.guest.session.PartyJoiner;
import app.queued.guest.session.Sentences;
import app.queued.guest.session.ServerAddress;
import app.queued.guest.ui.Background;
import app.queued.guest.ui.UiThread;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The join form: the party's address (picked from the parties nearby or typed), the room code and a nickname.
 * A guest who was in this room before comes back as the same person: the guest token saved for this server and
 * code is sent along, and the token from every successful join is saved again.
 */
public final class JoinViewModel {
    private static final Logger log = LoggerFactory.getLogger(JoinViewModel.class);
    static final int MAX_NICKNAME = 32;
    static final int MAX_CODE = 20;

    private final IdentityStore identities;
    private final PartyJoiner joiner;
    private final Background background;
    private final UiThread ui;
    private final Clock clock;
    private final Consumer<Party> onJoined;

    private final StringProperty address = new SimpleStringProperty("");
    private final StringProperty code = new SimpleStringProperty("");
    private final StringProperty nickname = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper chosenRoom = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper progress = new ReadOnlyStringWrapper("");
    private final BooleanBinding canJoin;

    public JoinViewModel(IdentityStore identities, PartyJoiner joiner, Background background, UiThread ui, Clock clock,
                         Consumer<Party> onJoined) {
        this.identities = identities;
        this.joiner = joiner;
        this.background = background;
        this.ui = ui;
        this.clock = clock;
        this.onJoined = onJoined;
        canJoin = Bindings.createBooleanBinding(() -> !busy.get() && !address.get().isBlank()
                && !code.get().isBlank() && !nickname.get().isBlank(), busy, address, code, nickname);
        // A typed address no longer matches the room picked from the list.
        address.addListener((obs, old, now) -> chosenRoom.set(""));
    }

    /** Fills in the form from the party joined last time (file read off the UI thread). */
    public void loadRemembered() {
        background.supply(identities::lastUsed).whenComplete((last, failure) -> ui.run(() -> {
            if (failure != null || last.isEmpty()) {
                return;
            }
            GuestIdentity identity = last.get();
            if (address.get().isBlank() && code.get().isBlank()) {
                address.set(identity.server());
                code.set(identity.code());
            }
            if (nickname.get().isBlank() && identity.nickname() != null) {
                nickname.set(identity.nickname());
            }
        }));
    }

    /** The guest picked a party from the list of parties nearby. */
    public void choose(DiscoveredRoom room) {
        address.set(room.address());
        chosenRoom.set(room.roomName());
        error.set("");
    }

    public void join() {
        if (busy.get()) {
            return;
        }
        URI server;
        try {
            server = ServerAddress.parse(address.get());
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
            return;
        }
        String roomCode = GuestIdentity.normalizeCode(code.get());
        if (roomCode.isEmpty()) {
            error.set("Type the room code shown on the host's screen.");
            return;
        }
        if (roomCode.length() > MAX_CODE) {
            error.set("That's longer than any room code; check the code on the host's screen.");
            return;
        }
        String name = nickname.get().strip();
        if (name.isEmpty()) {
            error.set("Choose a nickname, so the party knows who added what.");
            return;
        }
        if (name.length() > MAX_NICKNAME || name.chars().anyMatch(Character::isISOControl)) {
            error.set("Keep your nickname to " + MAX_NICKNAME + " letters or fewer.");
            return;
        }
        String serverKey = ServerAddress.key(server);
        String shownAddress = address.get().strip();
        busy.set(true);
        error.set("");
        progress.set("Joining…");
        background.supply(() -> identities.find(serverKey, roomCode))
                .exceptionally(failure -> Optional.empty())
                .thenCompose(saved -> joiner.join(server, roomCode, name, saved.map(GuestIdentity::guestToken)
                        .orElse(null)))
                .thenCompose(party -> background.supply(() -> remember(party, serverKey, name)))
                .whenComplete((party, failure) -> ui.run(() -> {
                    busy.set(false);
                    progress.set("");
                    if (failure != null) {
                        error.set(Sentences.joinFailed(failure, roomCode, shownAddress));
                    } else {
                        onJoined.accept(party);
                    }
                }));
    }

    /** Saves the token of this join, so the next join of this room is the same guest. Never fails the join. */
    private Party remember(Party party, String serverKey, String name) {
        var joined = party.joined();
        if (joined.guestToken() == null) {
            return party;
        }
        try {
            identities.save(new GuestIdentity(serverKey, joined.joinCode(), joined.guestToken(), name,
                    joined.roomName(), clock.millis()));
        } catch (Exception e) {
            log.warn("could not remember this guest for the next visit: {}", e.toString());
        }
        return party;
    }

    public StringProperty addressProperty() {
        return address;
    }

    public StringProperty codeProperty() {
        return code;
    }

    public StringProperty nicknameProperty() {
        return nickname;
    }

    /** The name of the party picked from the list, while the address is still the one picked. */
    public ReadOnlyStringProperty chosenRoomProperty() {
        return chosenRoom.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public BooleanBinding canJoinProperty() {
        return canJoin;
    }
}
