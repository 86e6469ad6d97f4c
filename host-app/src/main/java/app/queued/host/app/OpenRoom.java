package app.queued.host.app;

import app.queued.client.ConnectionStatus;
import app.queued.client.RoomView;
import app.queued.fx.Background;
import app.queued.fx.UiThread;
import app.queued.host.fallback.FallbackView;
import app.queued.host.fallback.FallbackViewModel;
import app.queued.host.history.HistoryView;
import app.queued.host.history.HistoryViewModel;
import app.queued.host.party.HostSession;
import app.queued.host.party.PartyView;
import app.queued.host.party.PartyViewModel;
import app.queued.host.people.PeopleView;
import app.queued.host.people.PeopleViewModel;
import app.queued.host.player.PlayerPage;
import app.queued.host.player.PlayerView;
import app.queued.host.player.PlayerViewModel;
import app.queued.host.room.KnownRoom;
import app.queued.host.rules.RulesView;
import app.queued.host.rules.RulesViewModel;
import app.queued.host.tvscreen.TvScreenView;
import app.queued.invite.InviteLink;
import app.queued.protocol.Change;
import app.queued.protocol.Person;
import app.queued.protocol.Results;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.stage.Stage;

/**
 * The room the host has open: the host's session in it, the presentation models of its screens and the views
 * over them. It binds the models to each other when it opens and lets go of every listener when it is released
 * (Bisq 2's activate/deactivate), so a closed room leaves nothing attached to the app or to the next room.
 * {@link HostApp} decides when a room opens and closes; this class is what a room is while it is open.
 */
final class OpenRoom {

    /** What the room asks of the app around it. */
    interface Host {
        /** {@code --quit-after-guest}: a guest joined. */
        void guestJoined(Person guest);

        /** The fallback the host chose, to be kept with the room (the server cannot tell it back). */
        void rememberFallback(KnownRoom room, FallbackViewModel.Setting setting);
    }

    private final KnownRoom room;
    private final HostSession session;
    private final PartyViewModel party;
    private final PlayerViewModel player;
    private final RulesViewModel rules;
    private final PeopleViewModel people;
    private final HistoryViewModel history;
    private final FallbackViewModel fallback;
    private final List<Runnable> releases = new ArrayList<>();
    private PartyView partyView;
    private PlayerView playerView;
    private TvScreenView tv;
    private boolean released;

    OpenRoom(KnownRoom room, URI server, HostConfig.AutoQuit autoQuit, Background background, UiThread ui,
             Clock clock, Host host) {
        this.room = room;
        this.session = new HostSession(server, this::onView,
                (status, detail) -> ui.run(() -> onStatus(status, detail)),
                event -> onEvent(event.change(), autoQuit, ui, host), ui::run);
        this.party = new PartyViewModel(session, ui);
        this.player = new PlayerViewModel(session, ui, clock);
        this.rules = new RulesViewModel(session, ui);
        this.people = new PeopleViewModel(session, ui);
        this.history = new HistoryViewModel(session, background, ui, ZoneId.systemDefault());
        this.fallback = new FallbackViewModel(session, ui, setting -> host.rememberFallback(room, setting));
        activate();
    }

    private void onView(RoomView view) {
        party.apply(view);
    }

    private void onStatus(ConnectionStatus status, String detail) {
        party.status(status, detail);
    }

    /** On the client's thread. */
    private void onEvent(Change change, HostConfig.AutoQuit autoQuit, UiThread ui, Host host) {
        if (change instanceof Change.GuestJoined || change instanceof Change.GuestLeft
                || change instanceof Change.GuestBanned || change instanceof Change.GuestUnbanned
                || change instanceof Change.RoleChanged) {
            people.refresh(); // who is here, live
        }
        if (change instanceof Change.NowPlaying) {
            ui.run(history::refresh); // the song that stopped joined the history
        }
        if (autoQuit.endsWith(change)) {
            ui.run(() -> host.guestJoined(((Change.GuestJoined) change).person()));
        }
    }

    /** The screens follow each other: the player the queue and what plays, the rules the room's and who is here. */
    private void activate() {
        listen(party.nowPlayingProperty(), (obs, old, now) ->
                player.nowPlaying(now, party.nowPlayingStartedAtProperty().get()));
        listen(party.queueSizeProperty(), (obs, old, now) -> player.queueSize(now.intValue()));
        listen(party.rulesProperty(), (obs, old, now) -> rules.rulesFromServer(now));
        listen(party.peopleHereProperty(), (obs, old, now) -> rules.presentChanged(now.intValue()));
    }

    private <T> void listen(ObservableValue<T> value, ChangeListener<? super T> listener) {
        value.addListener(listener);
        releases.add(() -> value.removeListener(listener));
    }

    /** Connects and joins as the room's host; completes with the join answer. */
    CompletableFuture<Results.Joined> open() {
        return session.open(room.hostToken());
    }

    /** The join went through: every model starts from the room as it is now. Call on the FX thread. */
    void joined(Results.Joined joined, InviteLink invite, String address, boolean cacheAvailable,
                Consumer<KnownRoom> onEnded) {
        party.setRoom(joined.roomName(), joined.joinCode(), joined.guestId(), invite, address);
        party.setCacheAvailable(cacheAvailable);
        party.apply(session.client().view());
        player.queueSize(party.queueSizeProperty().get());
        player.nowPlaying(party.nowPlayingProperty().get(), party.nowPlayingStartedAtProperty().get());
        rules.rulesFromServer(party.rulesProperty().get());
        rules.presentChanged(party.peopleHereProperty().get());
        people.refresh();
        history.refresh();
        if (room.fallbackSource() != null) {
            fallback.show(new FallbackViewModel.Setting(FallbackViewModel.Source.fromWire(room.fallbackSource()),
                    room.fallbackLinks()));
        }
        party.setOnEnded(() -> onEnded.accept(room));
        releases.add(() -> party.setOnEnded(() -> { }));
    }

    /** The room screen with its tabs and the player. Call on the FX thread. */
    PartyView screen(PlayerPage page, Function<String, Optional<Path>> chooseCsvFile, PartyView.Navigation navigation,
                     boolean animate) {
        playerView = new PlayerView(player, page);
        PartyView.Tabs tabs = new PartyView.Tabs(new RulesView(rules).root(), new PeopleView(people).root(),
                new HistoryView(history, chooseCsvFile).root(), new FallbackView(fallback).root(),
                history::refresh);
        partyView = new PartyView(party, player, rules, playerView.root(), tabs, navigation);
        partyView.queueList().setAnimated(animate);
        return partyView;
    }

    /** Shows the TV screen (made on first use) over {@code owner}. Call on the FX thread. */
    void showTvScreen(Stage owner, boolean fullScreen, boolean animate) {
        if (tv == null) {
            tv = new TvScreenView(party, player);
            tv.queueList().setAnimated(animate);
        }
        tv.show(owner, fullScreen);
    }

    /** Closes the room's own windows (the TV screen). Call on the FX thread. */
    void closeWindows() {
        if (tv != null) {
            tv.close();
            tv = null;
        }
    }

    /** Lets go of every listener and window of the room; the session stays for {@link #closeSession}. FX thread. */
    void release() {
        if (released) {
            return;
        }
        released = true;
        closeWindows();
        releases.forEach(Runnable::run);
        releases.clear();
    }

    /** Leaves the room (the server connection); any thread. */
    void closeSession() {
        session.close();
    }

    KnownRoom room() {
        return room;
    }

    HostSession session() {
        return session;
    }

    PartyViewModel party() {
        return party;
    }

    PlayerViewModel player() {
        return player;
    }

    RulesViewModel rules() {
        return rules;
    }

    PeopleViewModel people() {
        return people;
    }

    HistoryViewModel history() {
        return history;
    }

    FallbackViewModel fallback() {
        return fallback;
    }

    PartyView partyView() {
        return partyView;
    }

    PlayerView playerView() {
        return playerView;
    }

    TvScreenView tvScreen() {
        return tv;
    }
}
