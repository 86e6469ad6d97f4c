package app.queued.client;

import app.queued.protocol.ServerMessage;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps everything a client reported, and on which threads. */
final class RecordingListener implements ClientListener {
    record Status(ConnectionStatus status, String detail) {
    }

    final List<Status> statuses = new CopyOnWriteArrayList<>();
    final List<ServerMessage.Event> events = new CopyOnWriteArrayList<>();
    final List<RoomView> views = new CopyOnWriteArrayList<>();
    final List<ServerMessage.Error> serverErrors = new CopyOnWriteArrayList<>();
    final Set<String> threads = ConcurrentHashMap.newKeySet();

    @Override
    public void onStatus(ConnectionStatus status, String detail) {
        threads.add(Thread.currentThread().getName());
        statuses.add(new Status(status, detail));
    }

    @Override
    public void onRoomChanged(RoomView view) {
        threads.add(Thread.currentThread().getName());
        views.add(view);
    }

    @Override
    public void onEvent(ServerMessage.Event event) {
        threads.add(Thread.currentThread().getName());
        events.add(event);
    }

    @Override
    public void onServerError(ServerMessage.Error error) {
        threads.add(Thread.currentThread().getName());
        serverErrors.add(error);
    }

    List<ConnectionStatus> statusSequence() {
        return statuses.stream().map(Status::status).toList();
    }

    List<Long> eventSeqs() {
        return events.stream().map(ServerMessage.Event::seq).toList();
    }

    RoomView lastView() {
        return views.isEmpty() ? null : views.get(views.size() - 1);
    }
}
