package app.queued.client;

import app.queued.protocol.Request;
import app.queued.protocol.ServerMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * Requests waiting for their {@code ack} or {@code error}, in the order they were made (the order they are resent
 * in after a reconnect). Bounded, so an app offline for long cannot pile up work without limit. Not thread-safe:
 * only the client thread touches it.
 */
final class PendingRequests {

    record Entry(Request request, CompletableFuture<ServerMessage.Ack> future, Future<?> timeout) {
    }

    private final Map<String, Entry> byId = new LinkedHashMap<>();
    private final int capacity;

    PendingRequests(int capacity) {
        this.capacity = capacity;
    }

    boolean isFull() {
        return byId.size() >= capacity;
    }

    boolean contains(String requestId) {
        return byId.containsKey(requestId);
    }

    /** The pending request with this id, or null. */
    Request request(String requestId) {
        Entry entry = byId.get(requestId);
        return entry == null ? null : entry.request();
    }

    void add(Entry entry) {
        byId.put(entry.request().requestId(), entry);
    }

    /** The entry waiting for this id, or null. */
    Entry get(String requestId) {
        return byId.get(requestId);
    }

    /**
     * Whether the request must wait before it is sent: a vote waits while an earlier vote on the same track is
     * unanswered, so that the server applies a person's votes on a track in the order they were made even when one
     * of them has to be resent (protocol section 9.3).
     */
    boolean waitsForAnEarlierVote(Request request) {
        if (!(request instanceof Request.Vote vote)) {
            return false;
        }
        for (Entry entry : byId.values()) {
            if (entry.request() == request) {
                return false;
            }
            if (entry.request() instanceof Request.Vote earlier && earlier.trackId().equals(vote.trackId())) {
                return true;
            }
        }
        return false;
    }

    /** The vote on this track that waited for the one just answered, if any: the earliest still pending. */
    Request nextVoteOn(long trackId) {
        for (Entry entry : byId.values()) {
            if (entry.request() instanceof Request.Vote vote && vote.trackId() == trackId) {
                return vote;
            }
        }
        return null;
    }

    /** Removes the answered request and stops its timeout; null if it is not (or no longer) pending. */
    Entry answer(String requestId) {
        Entry entry = byId.remove(requestId);
        if (entry != null) {
            entry.timeout().cancel(false);
        }
        return entry;
    }

    /** Removes the request if this future still waits for it; false if it was answered already. */
    boolean expire(String requestId, CompletableFuture<ServerMessage.Ack> future) {
        Entry entry = byId.get(requestId);
        if (entry == null || entry.future() != future) {
            return false;
        }
        byId.remove(requestId);
        return true;
    }

    /** What to send on a new connection: every pending request in order, but no vote behind another on its track. */
    List<Request> sendable() {
        List<Request> requests = new ArrayList<>(byId.size());
        java.util.Set<Long> votedTracks = new java.util.HashSet<>();
        for (Entry entry : byId.values()) {
            if (!(entry.request() instanceof Request.Vote vote) || votedTracks.add(vote.trackId())) {
                requests.add(entry.request());
            }
        }
        return requests;
    }

    List<Entry> drain() {
        List<Entry> entries = new ArrayList<>(byId.values());
        byId.clear();
        entries.forEach(entry -> entry.timeout().cancel(false));
        return entries;
    }
}
