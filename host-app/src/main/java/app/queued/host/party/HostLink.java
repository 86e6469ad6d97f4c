package app.queued.host.party;

import app.queued.protocol.RoomRules;
import app.queued.protocol.Results;
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
}
