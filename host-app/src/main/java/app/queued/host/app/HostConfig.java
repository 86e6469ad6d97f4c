package app.queued.host.app;

import app.queued.host.settings.HostSettings;
import app.queued.server.catalog.TrackCatalog;
import app.queued.server.catalog.youtube.YouTubeCredentials;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * How this run of the host app is set up (as opposed to {@link HostSettings}, which the host chooses and which are
 * saved). The real app uses {@link #defaults}; tests point it at a temporary folder, loopback and a stand-in player.
 *
 * @param appDataDir    where settings, rooms and the built-in database live
 * @param bindAddress   where the vote server listens: {@code 0.0.0.0} (the LAN) or {@code 127.0.0.1}
 * @param portOverride  a port that wins over the settings (tests: 0), or null
 * @param advertiseOverride false keeps the room off mDNS regardless of the settings (tests), or null
 * @param playerApiUrl  the YouTube IFrame API script; a path beginning with {@code /} is served from
 *                      {@code playerFiles} (tests' stand-in)
 * @param catalogOverride builds the catalog instead of the settings' choice (tests, measurements), or null
 * @param autoRoom      {@code --room NAME}: reopen the room of that name, or create it, without asking
 * @param quitWhenOpen  {@code --quit-when-open}: quit as soon as the room is open (start-up measurements)
 * @param tvFullScreen  open the TV screen full screen
 * @param onExit        what ends the app after everything stopped ({@code Platform::exit})
 */
public record HostConfig(Path appDataDir, String bindAddress, Integer portOverride, Boolean advertiseOverride,
                         String playerApiUrl, Map<String, String> playerFiles,
                         Function<HostSettings, TrackCatalog> catalogOverride, Map<String, String> env,
                         String autoRoom, boolean quitWhenOpen, boolean tvFullScreen, boolean animate,
                         YouTubeCredentials.Browser browser, Runnable onExit) {

    public static HostConfig defaults(Path appDataDir, Map<String, String> env, YouTubeCredentials.Browser browser,
                                      Runnable onExit) {
        return new HostConfig(appDataDir, "0.0.0.0", null, null, app.queued.host.player.PlayerPage.YOUTUBE_API,
                Map.of(), null, env, null, false, true, true, browser, onExit);
    }

    public HostConfig withAutoRoom(String room, boolean quit) {
        return new HostConfig(appDataDir, bindAddress, portOverride, advertiseOverride, playerApiUrl, playerFiles,
                catalogOverride, env, room, quit, tvFullScreen, animate, browser, onExit);
    }

    public HostConfig withUi(YouTubeCredentials.Browser newBrowser, Runnable exit) {
        return new HostConfig(appDataDir, bindAddress, portOverride, advertiseOverride, playerApiUrl, playerFiles,
                catalogOverride, env, autoRoom, quitWhenOpen, tvFullScreen, animate, newBrowser, exit);
    }

    public HostConfig withServer(String bind, Integer port) {
        return new HostConfig(appDataDir, bind, port, advertiseOverride, playerApiUrl, playerFiles, catalogOverride,
                env, autoRoom, quitWhenOpen, tvFullScreen, animate, browser, onExit);
    }
}
