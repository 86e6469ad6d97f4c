package app.queued.guest.join;

import static org.assertj.core.api.Assertions.assertThat;

import app.queued.client.RequestFailedException;
import app.queued.discovery.DiscoveredRoom;
import app.queued.guest.identity.GuestIdentity;
import app.queued.guest.identity.IdentityStore;
import app.queued.guest.session.Party;
import app.queued.guest.testing.FakeParty;
import app.queued.guest.ui.Background;
import app.queued.guest.ui.UiThread;
import app.queued.protocol.ErrorCode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The join form without a window: checks, the saved guest token going out, the new one coming back in. */
class JoinViewModelTest {
    record Attempt(URI server, String code, String nickname, String token, CompletableFuture<Party> answer) {
    }

    @TempDir
    Path dir;
    private final List<Attempt> attempts = new ArrayList<>();
    private final List<Party> joined = new ArrayList<>();

    private JoinViewModel model(IdentityStore store) {
        return new JoinViewModel(store, (server, code, nickname, token) -> {
            CompletableFuture<Party> answer = new CompletableFuture<>();
            attempts.add(new Attempt(server, code, nickname, token, answer));
            return answer;
        }, Background.direct(), UiThread.direct(), Clock.fixed(Instant.ofEpochMilli(5_000), ZoneOffset.UTC),
                joined::add);
    }

    @Test
    void eachMissingOrWrongFieldIsASentence() {
        JoinViewModel model = model(new IdentityStore(dir));
        assertThat(model.canJoinProperty().get()).isFalse();
        model.join();
        assertThat(model.errorProperty().get()).isEqualTo("Type the party's address, as shown on the host's screen.");
        model.addressProperty().set("http://192.168.1.20");
        model.join();
        assertThat(model.errorProperty().get()).contains("starts with ws://");
        model.addressProperty().set("192.168.1.20");
        model.codeProperty().set(" - ");
        model.join();
        assertThat(model.errorProperty().get()).isEqualTo("Type the room code shown on the host's screen.");
        model.codeProperty().set("k7qx-4m");
        model.nicknameProperty().set("x".repeat(33));
        model.join();
        assertThat(model.errorProperty().get()).isEqualTo("Keep your nickname to 32 letters or fewer.");
        assertThat(attempts).isEmpty();
    }

    @Test
    void aFirstJoinSendsNoTokenAndSavesTheOneItGets() throws Exception {
        IdentityStore store = new IdentityStore(dir);
        JoinViewModel model = model(store);
        model.addressProperty().set("192.168.1.20");
        model.codeProperty().set("k7qx-4m");
        model.nicknameProperty().set(" Ana ");
        assertThat(model.canJoinProperty().get()).isTrue();
        model.join();
        assertThat(model.busyProperty().get()).isTrue();
        Attempt attempt = attempts.get(0);
        assertThat(attempt.server()).hasToString("ws://192.168.1.20:7765/");
        assertThat(attempt.code()).isEqualTo("K7QX4M");
        assertThat(attempt.nickname()).isEqualTo("Ana");
        assertThat(attempt.token()).isNull();

        FakeParty party = new FakeParty();
        attempt.answer().complete(party);
        assertThat(joined).containsExactly(party);
        assertThat(model.busyProperty().get()).isFalse();
        GuestIdentity saved = store.find("192.168.1.20:7765", "K7QX4M").orElseThrow();
        assertThat(saved.guestToken()).isEqualTo("secret-token");
        assertThat(saved.nickname()).isEqualTo("Ana");
        assertThat(saved.roomName()).isEqualTo("Test party");
        assertThat(saved.lastJoinedAt()).isEqualTo(5_000);
    }

    @Test
    void aReturningGuestSendsTheSavedTokenAndTheFormIsFilledIn() throws Exception {
        IdentityStore store = new IdentityStore(dir);
        store.save(new GuestIdentity("192.168.1.20:7765", "K7QX4M", "old-token", "Ana", "Test party", 1));
        JoinViewModel model = model(store);
        model.loadRemembered();
        assertThat(model.addressProperty().get()).isEqualTo("192.168.1.20:7765");
        assertThat(model.codeProperty().get()).isEqualTo("K7QX4M");
        assertThat(model.nicknameProperty().get()).isEqualTo("Ana");
        model.join();
        assertThat(attempts.get(0).token()).isEqualTo("old-token");
    }

    @Test
    void pickingAPartyNearbyFillsInItsAddress() {
        JoinViewModel model = model(new IdentityStore(dir));
        model.choose(new DiscoveredRoom("Friday", "Friday night", "192.168.1.20", 7765, "queued/0.1", 1));
        assertThat(model.addressProperty().get()).isEqualTo("192.168.1.20:7765");
        assertThat(model.chosenRoomProperty().get()).isEqualTo("Friday night");
        model.addressProperty().set("10.0.0.2");
        assertThat(model.chosenRoomProperty().get()).isEmpty();
    }

    @Test
    void aRefusedJoinIsASentenceAndTheFormIsUsableAgain() {
        JoinViewModel model = model(new IdentityStore(dir));
        model.addressProperty().set("192.168.1.20:7765");
        model.codeProperty().set("ABCDEF");
        model.nicknameProperty().set("Ana");
        model.join();
        attempts.get(0).answer().completeExceptionally(new RequestFailedException(ErrorCode.NOT_FOUND, "no"));
        assertThat(model.errorProperty().get()).isEqualTo(
                "There's no party with the code ABCDEF at 192.168.1.20:7765. Check the code on the host's screen.");
        assertThat(model.busyProperty().get()).isFalse();
        assertThat(model.canJoinProperty().get()).isTrue();
        assertThat(joined).isEmpty();
    }
}
