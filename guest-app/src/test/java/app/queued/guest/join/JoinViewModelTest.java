package app.queued.guest.join;

import app.queued.client.RequestFailedException;
import app.queued.discovery.DiscoveredRoom;
import app.queued.fx.Background;
import app.queued.fx.UiThread;
import app.queued.guest.identity.GuestIdentity;
import app.queued.guest.identity.IdentityStore;
import app.queued.guest.session.Party;
import app.queued.guest.testing.FakeParty;
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

import static org.assertj.core.api.Assertions.assertThat;

/** The join form without a window: checks, the saved guest token going out, the new one coming back in. */
class JoinViewModelTest {
    record Attempt(URI server, String code, String nickname, String token, CompletableFuture<Party> answer) {
    }

    @TempDir
    Path dir;
    private final List<Attempt> attempts = new ArrayList<>();
    private final List<Party> joined = new ArrayList<>();
    private final List<JoinViewModel.Joined> joins = new ArrayList<>();

    private JoinViewModel model(IdentityStore store) {
        return new JoinViewModel(store, (server, code, nickname, token) -> {
            CompletableFuture<Party> answer = new CompletableFuture<>();
            attempts.add(new Attempt(server, code, nickname, token, answer));
            return answer;
        }, Background.direct(), UiThread.direct(), Clock.fixed(Instant.ofEpochMilli(5_000), ZoneOffset.UTC),
                j -> {
                    joins.add(j);
                    joined.add(j.party());
                });
    }

    @Test
    void eachMissingOrWrongFieldIsASentence() {
        JoinViewModel model = model(new IdentityStore(dir));
        assertThat(model.canJoinProperty().get()).as("clickable: pressing it says what is missing").isTrue();
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
        model.join();
        assertThat(model.errorProperty().get()).isEqualTo("Choose a nickname, so the party knows who added what.");
        model.nicknameProperty().set("x".repeat(33));
        model.join();
        assertThat(model.errorProperty().get()).isEqualTo("Keep your nickname to 32 letters or fewer.");
        model.nicknameProperty().set("Ana");
        model.addressProperty().set("192.168.1.20:99999");
        model.join();
        assertThat(model.errorProperty().get()).isEqualTo(
                "“99999” is not a port: the part after the colon is a number from 1 to 65535, like 7765.");
        model.addressProperty().set("192.168.1.20:77a");
        model.join();
        assertThat(model.errorProperty().get()).startsWith("“77a” is not a port");
        assertThat(attempts).isEmpty();
    }

    @Test
    void anOldErrorGoesWhenTheGuestChangesAField() {
        JoinViewModel model = model(new IdentityStore(dir));
        model.join();
        assertThat(model.errorProperty().get()).isNotEmpty();
        model.addressProperty().set("1");
        assertThat(model.errorProperty().get()).isEmpty();
        model.join();
        assertThat(model.errorProperty().get()).isNotEmpty();
        model.nicknameProperty().set("A");
        assertThat(model.errorProperty().get()).isEmpty();
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
        GuestIdentity saved = store.find("192.168.1.20:7765", "K7QX4M", "Ana").orElseThrow();
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
    void anotherNicknameIsAnotherPersonAndNeverTakesOverASavedOne() throws Exception {
        IdentityStore store = new IdentityStore(dir);
        store.save(new GuestIdentity("192.168.1.20:7765", "K7QX4M", "anas-token", "Ana", "Test party", 1));
        JoinViewModel model = model(store);
        model.addressProperty().set("192.168.1.20:7765");
        model.codeProperty().set("K7QX4M");
        model.nicknameProperty().set("Ben");
        model.join();
        assertThat(attempts.get(0).token()).as("Ben is not sent in as Ana").isNull();
        attempts.get(0).answer().complete(new FakeParty()); // the fake answers with token "secret-token"
        assertThat(store.find("192.168.1.20:7765", "K7QX4M")).extracting(GuestIdentity::nickname)
                .containsExactlyInAnyOrder("Ana", "Ben");
        assertThat(store.find("192.168.1.20:7765", "K7QX4M", "Ana").orElseThrow().guestToken())
                .isEqualTo("anas-token");
    }

    @Test
    void aSecondAppCannotComeInAsThePersonTheFirstOneIsInTheRoomAs() throws Exception {
        IdentityStore store = new IdentityStore(dir);
        store.save(new GuestIdentity("192.168.1.20:7765", "K7QX4M", "anas-token", "Ana", "Test party", 1));
        JoinViewModel first = model(store);
        first.addressProperty().set("192.168.1.20:7765");
        first.codeProperty().set("K7QX4M");
        first.nicknameProperty().set("Ana");
        first.join();
        FakeParty back = new FakeParty();
        back.guestToken = "anas-token"; // the server knows Ana again
        attempts.get(0).answer().complete(back);
        assertThat(attempts.get(0).token()).isEqualTo("anas-token");

        JoinViewModel second = model(new IdentityStore(dir)); // another app, same folder
        second.addressProperty().set("192.168.1.20:7765");
        second.codeProperty().set("K7QX4M");
        second.nicknameProperty().set("ana");
        second.join();
        assertThat(attempts.get(1).token()).isNull();
        attempts.get(1).answer().complete(new FakeParty());
        assertThat(joins.get(1).notice()).contains("another window");

        // the first app leaves: its person is free again
        joins.get(0).release();
        JoinViewModel third = model(new IdentityStore(dir));
        third.addressProperty().set("192.168.1.20:7765");
        third.codeProperty().set("K7QX4M");
        third.nicknameProperty().set("Ana");
        third.join();
        assertThat(attempts.get(2).token()).isEqualTo("anas-token");
        joins.forEach(JoinViewModel.Joined::release);
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
