package app.queued.host.party;

import app.queued.protocol.RoomRules;
import app.queued.protocol.Results;
import app.queued.protocol.Role;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the host's screens ask of the room. The app's implementation is {@link HostSession} (the shared client over
 * loopback, the same path guests take); view-model tests use a recording fake. Futures complete off the UI thread.
 */
public interface HostLink {

    CompletableFuture<?> vote(long trackId, int value);

    CompletableFuture<Results.Added> add(String linkOrVideoId);

    CompletableFuture<?> remove(long trackId);

    /** With the now-playing track's id, so a second "ended" for the same track advances nothing. */
    CompletableFuture<?> skip(Long currentTrackId);

    CompletableFuture<Results.SearchResults> search(String query);

    CompletableFuture<?> setRules(RoomRules rules);

    CompletableFuture<?> ban(long guestId, boolean removeTracks);

    CompletableFuture<?> unban(long guestId);

    CompletableFuture<Results.Members> members();

    /** Makes a guest a co-host ({@link Role#COHOST}) or a co-host a guest again ({@link Role#GUEST}). */
    CompletableFuture<?> setRole(long guestId, Role role);

    CompletableFuture<Results.History> history();

    /** {@code source}: {@code none}, {@code history} or {@code links} (then {@code links} is the list). */
    CompletableFuture<Results.FallbackSet> setFallback(String source, List<String> links);

    /** Ends the party for everyone; the room cannot be opened again. */
    CompletableFuture<?> closeRoom();
}
