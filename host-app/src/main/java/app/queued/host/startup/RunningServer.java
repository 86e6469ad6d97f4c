package app.queued.host.startup;

import app.queued.host.settings.HostSettings;
import app.queued.server.VoteServer;
import app.queued.server.catalog.TrackCatalog;
import app.queued.server.catalog.youtube.YouTubeCredentials;

/**
 * The vote server this app started, with what it was started from. {@code credentials} is the YouTube sign-in
 * store (present even with the demo catalog, so Settings can set YouTube up for the next start).
 */
public record RunningServer(VoteServer server, TrackCatalog catalog, YouTubeCredentials credentials,
                            HostSettings settings, String storageKey) {
}
