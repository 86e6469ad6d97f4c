package app.queued.host;

import app.queued.host.party.HostLink;
import app.queued.protocol.ErrorCode;
import app.queued.protocol.ProtocolException;
import app.queued.protocol.Results;
import app.queued.protocol.Role;
import app.queued.protocol.RoomRules;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Records what a view model asked of the room; answers at once with success, or with the next queued failure. */
public final class FakeLink implements HostLink {
    public final List<String> calls = new ArrayList<>();
    public final List<RoomRules> rules = new ArrayList<>();
    private ErrorCode failNext;
    public Results.Members members = new Results.Members(List.of());
    public Results.SearchResults searchResults = new Results.SearchResults("Offline demo catalog", List.of());

    public FakeLink failNext(ErrorCode code) {
        failNext = code;
        return this;
    }

    private <T> CompletableFuture<T> answer(String call, T value) {
        calls.add(call);
        if (failNext != null) {
            ErrorCode code = failNext;
            failNext = null;
            return CompletableFuture.failedFuture(new ProtocolException(code, "refused: " + code.wire()));
        }
        return CompletableFuture.completedFuture(value);
    }

    @Override
    public CompletableFuture<?> vote(long trackId, int value) {
        return answer("vote " + trackId + " " + value, null);
    }

    @Override
    public CompletableFuture<Results.Added> add(String linkOrVideoId) {
        return answer("add " + linkOrVideoId, new Results.Added(99, "added"));
    }

    @Override
    public CompletableFuture<?> remove(long trackId) {
        return answer("remove " + trackId, null);
    }

    @Override
    public CompletableFuture<?> skip(Long currentTrackId) {
        return answer("skip " + currentTrackId, null);
    }

    @Override
    public CompletableFuture<Results.SearchResults> search(String query) {
        return answer("search " + query, searchResults);
    }

    @Override
    public CompletableFuture<?> setRules(RoomRules newRules) {
        rules.add(newRules);
        return answer("setRules", null);
    }

    @Override
    public CompletableFuture<?> ban(long guestId, boolean removeTracks) {
        return answer("ban " + guestId + " " + removeTracks, null);
    }

    @Override
    public CompletableFuture<?> unban(long guestId) {
        return answer("unban " + guestId, null);
    }

    @Override
    public CompletableFuture<Results.Members> members() {
        return answer("members", members);
    }

    public Results.History history = new Results.History(List.of(), "played_at,title,channel,link,added_by,"
            + "final_score,fallback\n");

    @Override
    public CompletableFuture<?> setRole(long guestId, Role role) {
        return answer("setRole " + guestId + " " + role.wire(), null);
    }

    @Override
    public CompletableFuture<Results.History> history() {
        return answer("history", history);
    }

    @Override
    public CompletableFuture<Results.FallbackSet> setFallback(String source, List<String> links) {
        return answer("setFallback " + source + " " + links, new Results.FallbackSet(source,
                source.equals("links") ? links.size() : 0));
    }

    @Override
    public CompletableFuture<?> closeRoom() {
        return answer("closeRoom", null);
    }

    public long count(String prefix) {
        return calls.stream().filter(c -> c.startsWith(prefix)).count();
    }
}
