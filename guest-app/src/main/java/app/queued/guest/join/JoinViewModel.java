package app.queued.guest.join;

import app.queued.discovery.DiscoveredRoom;
import app.queued.fx.Background;
import app.queued.fx.UiThread;
import app.queued.guest.identity.GuestIdentity;
import app.queued.guest.identity.IdentityStore;
import app.queued.guest.session.Party;
import app.queued.guest.session.PartyJoiner;
import app.queued.guest.session.Sentences;
import app.queued.guest.session.ServerAddress;
import java.net.URI;
import java.time.Clock;
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
 * A guest who was in this room before under this nickname comes back as the same person: the guest token saved for
 * this server, code and nickname is sent along, and the token from every successful join is saved again. Another
 * nickname is another person, and so is a second app of the same user joining under a nickname the first one is in
 * the room with right now: the server never renames someone because another window joined.
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
    private final Consumer<Joined> onJoined;

    private final StringProperty address = new SimpleStringProperty("");
    private final StringProperty code = new SimpleStringProperty("");
    private final StringProperty nickname = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper chosenRoom = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper progress = new ReadOnlyStringWrapper("");
    private final BooleanBinding canJoin;

    public JoinViewModel(IdentityStore identities, PartyJoiner joiner, Background background, UiThread ui, Clock clock,
                         Consumer<Joined> onJoined) {
        this.identities = identities;
        this.joiner = joiner;
        this.background = background;
        this.ui = ui;
        this.clock = clock;
        this.onJoined = onJoined;
        // Join stays clickable while a field is empty: pressing it says what is missing.
        canJoin = Bindings.createBooleanBinding(() -> !busy.get(), busy);
        // A typed address no longer matches the room picked from the list.
        address.addListener((obs, old, now) -> chosenRoom.set(""));
        // An error is about what was in the fields: it goes once the guest changes them.
        javafx.beans.InvalidationListener clearError = obs -> {
            if (!busy.get()) {
                error.set("");
            }
        };
        address.addListener(clearError);
        code.addListener(clearError);
        nickname.addListener(clearError);
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
        background.supply(() -> claim(serverKey, roomCode, name))
                .thenCompose(claim -> joiner.join(server, roomCode, name, claim.tokenOrNull())
                        .whenComplete((party, failure) -> {
                            if (failure != null) {
                                claim.close();
                            }
                        })
                        .thenCompose(party -> background.supply(() -> remember(party, claim, serverKey, name))))
                .whenComplete((joined, failure) -> ui.run(() -> {
                    busy.set(false);
                    progress.set("");
                    if (failure != null) {
                        error.set(Sentences.joinFailed(failure, roomCode, shownAddress));
                    } else {
                        onJoined.accept(joined);
                    }
                }));
    }

    /** Who to join as; a damaged or unwritable identity folder means joining as a new person, not failing. */
    private IdentityStore.Claim claim(String serverKey, String roomCode, String name) {
        try {
            return identities.claim(serverKey, roomCode, name);
        } catch (Exception e) {
            log.warn("could not read who this guest was in this room: {}", e.toString());
            return new IdentityStore.Claim(null, null, false);
        }
    }

    /**
     * Saves the token of this join, so the next join of this room under this nickname is the same person, and holds
     * it while this app is in the room. Never fails the join.
     */
    private Joined remember(Party party, IdentityStore.Claim claim, String serverKey, String name) {
        var joined = party.joined();
        String notice = claim.nameInUseElsewhere() ? "\u201c" + name + "\u201d is already in this party from another "
                + "window on this computer, so you joined as a second person. Another nickname helps people tell you "
                + "apart." : null;
        if (joined.guestToken() == null) {
            claim.close();
            return new Joined(party, null, notice);
        }
        GuestIdentity identity = new GuestIdentity(serverKey, joined.joinCode(), joined.guestToken(), name,
                joined.roomName(), clock.millis());
        AutoCloseable hold = claim;
        try {
            if (!joined.guestToken().equals(claim.tokenOrNull())) {
                // a new person (or the server no longer knew the saved one): hold the new identity instead
                claim.close();
                hold = identities.hold(identity).orElse(null);
            }
            identities.save(identity);
        } catch (Exception e) {
            log.warn("could not remember this guest for the next visit: {}", e.toString());
        }
        return new Joined(party, hold, notice);
    }

    /**
     * A room joined: the party, this app's hold on the identity it joined as (close it on leaving, so the next
     * app may come back as that person), and a sentence for the party screen, or null.
     */
    public record Joined(Party party, AutoCloseable hold, String notice) {
        /** Lets go of the identity; the party itself is left separately. */
        public void release() {
            if (hold != null) {
                try {
                    hold.close();
                } catch (Exception e) {
                    // a lock goes with the process in any case
                }
            }
        }
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
