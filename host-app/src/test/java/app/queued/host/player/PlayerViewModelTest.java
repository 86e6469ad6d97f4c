package app.queued.host.player;

import app.queued.fx.UiThread;
import app.queued.host.FakeLink;
import app.queued.host.Tracks;
import app.queued.protocol.ErrorCode;
import app.queued.protocol.Track;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlayerViewModelTest {
    private final FakeLink link = new FakeLink();
    private final Clock clock = Clock.fixed(Instant.ofEpochMilli(1_000_000), ZoneOffset.UTC);
    private final PlayerViewModel model = new PlayerViewModel(link, UiThread.direct(), clock);
    private final List<String> player = new ArrayList<>();

    @BeforeEach
    void attach() {
        model.attach(new PlayerViewModel.Player() {
            @Override
            public void load(String videoId, double startSeconds) {
                player.add("load " + videoId + " " + startSeconds);
            }

            @Override
            public void play() {
                player.add("play");
            }

            @Override
            public void pause() {
                player.add("pause");
            }

            @Override
            public void stop() {
                player.add("stop");
            }

            @Override
            public void setVolume(int volume) {
                player.add("volume " + volume);
            }

            @Override
            public void reload() {
                player.add("reload");
            }
        });
    }

    @Test
    void aTrackThatEndsTwiceAdvancesOnce() {
        model.apiReady();
        Track t = Tracks.track(7, 0, 1);
        model.nowPlaying(t, clock.millis());
        assertThat(player).contains("load vid00000007 0.0");

        model.state(PlayerViewModel.ENDED);
        model.state(PlayerViewModel.ENDED);

        assertThat(link.calls).containsExactly("skip 7");
    }

    @Test
    void aConflictOnSkipIsTheServerSayingItAlreadyMovedOn() {
        model.apiReady();
        model.nowPlaying(Tracks.track(7, 0, 1), clock.millis());
        link.failNext(ErrorCode.CONFLICT);
        model.state(PlayerViewModel.ENDED);
        assertThat(model.noticeProperty().get()).isEmpty();
    }

    @Test
    void aTrackYouTubeWillNotEmbedIsSkippedWithANotice() {
        model.apiReady();
        model.nowPlaying(Tracks.track(8, 0, 1), clock.millis());
        model.error(150);
        model.error(150);
        assertThat(link.calls).containsExactly("skip 8");
        assertThat(model.noticeProperty().get()).contains("Song 8").contains("cannot be played here");
    }

    @Test
    void nothingPlayingAndSongsWaitingStartsTheHeadOnce() {
        model.queueSize(3);
        assertThat(link.calls).as("not before the player is ready").isEmpty();
        model.apiReady();
        model.queueSize(4);
        assertThat(link.calls).containsExactly("skip null");
    }

    @Test
    void skipWithNothingPlayingSaysWhy() {
        model.apiReady();
        model.skip();
        assertThat(model.noticeProperty().get()).isEqualTo(PlayerViewModel.NOTHING_TO_SKIP);
        assertThat(link.calls).isEmpty();
        model.offline("script");
        model.queueSize(2);
        model.skip();
        assertThat(model.noticeProperty().get()).contains("cannot reach YouTube");
        assertThat(link.calls).isEmpty();
    }

    @Test
    void offlineShowsAMessageAndStartsNothing() {
        model.offline("script");
        model.queueSize(3);
        assertThat(model.modeProperty().get()).isEqualTo(PlayerViewModel.Mode.OFFLINE);
        assertThat(model.messageProperty().get()).contains("queue and votes still work");
        assertThat(link.calls).isEmpty();
        model.retry();
        assertThat(player).contains("reload");
    }

    @Test
    void timeShowsElapsedAndRemaining() {
        model.apiReady();
        model.nowPlaying(Tracks.track(9, 0, 1), clock.millis());
        model.time(65, 200);
        assertThat(model.elapsedTextProperty().get()).isEqualTo("1:05");
        assertThat(model.remainingTextProperty().get()).isEqualTo("-2:15");
        assertThat(model.progressProperty().get()).isEqualTo(65 / 200.0);
    }

    @Test
    void reopeningMidTrackResumesWhereItWas() {
        model.apiReady();
        model.nowPlaying(Tracks.track(9, 0, 1), clock.millis() - 42_000);
        assertThat(player).contains("load vid00000009 42.0");
    }

    @Test
    void playPauseAndVolumeGoToThePlayer() {
        model.apiReady();
        model.nowPlaying(Tracks.track(9, 0, 1), clock.millis());
        model.togglePlay();
        model.state(PlayerViewModel.PLAYING);
        model.togglePlay();
        model.changeVolume(50);
        assertThat(player).contains("play", "pause", "volume 100");
    }
}
