package app.queued.host.app;

import app.queued.host.settings.HostSettings;
import app.queued.protocol.Change;
import app.queued.protocol.Role;
import app.queued.server.catalog.TrackCatalog;
import app.queued.server.catalog.youtube.YouTubeCredentials;
import java.nio.file.Path;
import java.util.List;
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
 * @param autoQuit      whether the app quits by itself: {@code --quit-when-open} (start-up measurements),
 *                      {@code --quit-after-guest} (the installers' smoke test)
 * @param tvFullScreen  open the TV screen full screen
 * @param onExit        what ends the app after everything stopped ({@code Platform::exit})
 */
public record HostConfig(Path appDataDir, String bindAddress, Integer portOverride, Boolean advertiseOverride,
                         String playerApiUrl, Map<String, String> playerFiles,
                         Function<HostSettings, TrackCatalog> catalogOverride, Map<String, String> env,
                         String autoRoom, AutoQuit autoQuit, boolean tvFullScreen, boolean animate,
                         YouTubeCredentials.Browser browser, Runnable onExit) {

    public static HostConfig defaults(Path appDataDir, Map<String, String> env, YouTubeCredentials.Browser browser,
                                      Runnable onExit) {
        return new HostConfig(appDataDir, "0.0.0.0", null, null, app.queued.host.player.PlayerPage.YOUTUBE_API,
                Map.of(), null, env, null, AutoQuit.NEVER, true, true, browser, onExit);
    }

    public HostConfig withAutoRoom(String room, AutoQuit quit) {
        return new HostConfig(appDataDir, bindAddress, portOverride, advertiseOverride, playerApiUrl, playerFiles,
                catalogOverride, env, room, quit, tvFullScreen, animate, browser, onExit);
    }

    public HostConfig withUi(YouTubeCredentials.Browser newBrowser, Runnable exit) {
        return new HostConfig(appDataDir, bindAddress, portOverride, advertiseOverride, playerApiUrl, playerFiles,
                catalogOverride, env, autoRoom, autoQuit, tvFullScreen, animate, newBrowser, exit);
    }

    public HostConfig withServer(String bind, Integer port) {
        return new HostConfig(appDataDir, bind, port, advertiseOverride, playerApiUrl, playerFiles, catalogOverride,
                env, autoRoom, autoQuit, tvFullScreen, animate, browser, onExit);
    }

    /** Whether the app quits by itself once the room is open; only ever used together with {@code --room}. */
    public enum AutoQuit {
        /** Someone quits it (the normal app). */
        NEVER,
        /** {@code --quit-when-open}: as soon as the room is open (start-up measurements). */
        WHEN_OPEN,
        /** {@code --quit-after-guest}: once the room is open and a guest joined it (the installers' smoke test). */
        AFTER_GUEST;

        /** The option on the command line (the last one given wins); the values of other options are skipped. */
        public static AutoQuit fromArgs(List<String> args) {
            AutoQuit quit = NEVER;
            for (int i = 0; i < args.size(); i++) {
                switch (args.get(i)) {
                    case "--quit-when-open" -> quit = WHEN_OPEN;
                    case "--quit-after-guest" -> quit = AFTER_GUEST;
                    case "--room", "--port", "--bind" -> i++;
                    default -> { }
                }
            }
            return quit;
        }

        /** Whether this change of the open room ends the run: with AFTER_GUEST, a guest (not the host) joined. */
        public boolean endsWith(Change change) {
            return this == AFTER_GUEST && change instanceof Change.GuestJoined joined
                    && joined.person().role() != Role.HOST;
        }
    }
}
