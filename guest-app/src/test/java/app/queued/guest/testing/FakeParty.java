package app.queued.guest.testing;

import app.queued.client.ConnectionStatus;
import app.queued.client.RequestFailedException;
import app.queued.client.RoomView;
import app.queued.guest.session.Party;
import app.queued.guest.session.PartyListener;
import app.queued.protocol.Results;
import app.queued.protocol.Role;
import app.queued.protocol.RoomInfo;
import app.queued.protocol.ServerMessage;
import app.queued.protocol.Track;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A party the test scripts: it records requests and leaves their answers to the test, and pushes room views,
 * statuses and errors to the listener. For view-model tests without a server or a window.
 */
public final class FakeParty implements Party {
    public static final long ME = 7;
    public static final RoomInfo ROOM = new RoomInfo(3, "Test party", "K7QX4M");

    public record Sent(String kind, long trackId, int value, String text, CompletableFuture<?> answer) {
    }

    public final List<Sent> sent = new ArrayList<>();
    private PartyListener listener;
    private RoomView view = RoomView.EMPTY;
    private ConnectionStatus status = ConnectionStatus.CONNECTED;
    private RequestFailedException endCause;
    public boolean left;

    public static Track track(long id, int score, long addedAt, long addedBy) {
        return new Track(id, "vid" + String.format("%08d", id), "Song " + id, "Channel", 200, null, addedBy,
                addedBy == ME ? "Ana" : "Bo", addedAt, score);
    }

    /** A view at {@code seq}, its queue in play order as the client gives it; {@code myVotes}: trackId, value pairs. */
    public static RoomView view(long seq, List<Track> tracks, long... myVotes) {
        List<Track> queue = new ArrayList<>(tracks);
        queue.sort(app.queued.room.QueueOrder.COMPARATOR);
        Map<Long, Integer> votes = new HashMap<>();
        for (int i = 0; i + 1 < myVotes.length; i += 2) {
            votes.put(myVotes[i], (int) myVotes[i + 1]);
        }
        return new RoomView(seq, ROOM, null, null, queue, votes);
    }

    public void push(RoomView next) {
        view = next;
        if (listener != null) {
            listener.roomChanged(next);
        }
    }

    public void pushStatus(ConnectionStatus next, RequestFailedException cause) {
        status = next;
        endCause = cause;
        if (listener != null) {
            listener.statusChanged(next);
        }
    }

    public void pushEnded(String sentence) {
        listener.ended(sentence);
    }

    public void pushError(ServerMessage.Error error) {
        listener.serverError(error);
    }

    public Sent last() {
        return sent.get(sent.size() - 1);
    }

    @SuppressWarnings("unchecked")
    public <T> CompletableFuture<T> answerOf(int index) {
        return (CompletableFuture<T>) sent.get(index).answer();
    }

    @Override
    public Results.Joined joined() {
        return new Results.Joined(ROOM.id(), ROOM.name(), ROOM.joinCode(), ME, "Ana", "secret-token", Role.GUEST);
    }

    @Override
    public String serverKey() {
        return "127.0.0.1:7765";
    }

    /** Where the guest reached the party; a test may set another. */
    public java.net.URI server = java.net.URI.create("ws://192.168.1.20:7765/");

    @Override
    public java.net.URI server() {
        return server;
    }

    @Override
    public RoomView view() {
        return view;
    }

    @Override
    public ConnectionStatus status() {
        return status;
    }

    /** The room's order; a test may set another (the fair mode). Views pushed should be in this order. */
    public java.util.Comparator<Track> order = app.queued.room.QueueOrder.COMPARATOR;

    @Override
    public java.util.Comparator<Track> queueOrder() {
        return order;
    }

    @Override
    public Optional<RequestFailedException> endCause() {
        return Optional.ofNullable(endCause);
    }

    @Override
    public void listen(PartyListener newListener) {
        listener = newListener;
    }

    @Override
    public CompletableFuture<ServerMessage.Ack> vote(long trackId, int value) {
        CompletableFuture<ServerMessage.Ack> answer = new CompletableFuture<>();
        sent.add(new Sent("vote", trackId, value, null, answer));
        return answer;
    }

    @Override
    public CompletableFuture<ServerMessage.Ack> skipVote(long trackId) {
        CompletableFuture<ServerMessage.Ack> answer = new CompletableFuture<>();
        sent.add(new Sent("skipVote", trackId, 0, null, answer));
        return answer;
    }

    @Override
    public CompletableFuture<Results.Added> add(String videoIdOrLink) {
        CompletableFuture<Results.Added> answer = new CompletableFuture<>();
        sent.add(new Sent("add", 0, 0, videoIdOrLink, answer));
        return answer;
    }

    @Override
    public CompletableFuture<Results.SearchResults> search(String query) {
        CompletableFuture<Results.SearchResults> answer = new CompletableFuture<>();
        sent.add(new Sent("search", 0, 0, query, answer));
        return answer;
    }

    @Override
    public void leave() {
        left = true;
    }
}
