package app.queued.client;

import app.queued.protocol.ServerMessage;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs everything that may execute caller code — listener methods and the completion of request futures (their
 * dependent stages run there too) — on one named thread, in order, away from the socket and client threads.
 */
final class ListenerDispatcher {
    private static final Logger log = LoggerFactory.getLogger(ListenerDispatcher.class);

    private final ClientListener listener;
    private final ExecutorService executor;

    ListenerDispatcher(ClientListener listener, String threadName) {
        this.listener = listener;
        this.executor = Executors.newSingleThreadExecutor(new NamedThreads(threadName));
    }

    void status(ConnectionStatus status, String detail) {
        run(() -> listener.onStatus(status, detail));
    }

    void roomChanged(RoomView view) {
        run(() -> listener.onRoomChanged(view));
    }

    void event(ServerMessage.Event event) {
        run(() -> listener.onEvent(event));
    }

    void serverError(ServerMessage.Error error) {
        run(() -> listener.onServerError(error));
    }

    <T> void complete(CompletableFuture<T> future, T value) {
        settle(() -> future.complete(value));
    }

    void fail(CompletableFuture<?> future, Throwable failure) {
        settle(() -> future.completeExceptionally(failure));
    }

    /** Runs what is already queued, then lets the thread end. */
    void shutdown() {
        executor.shutdown();
    }

    private void run(Runnable callback) {
        try {
            executor.execute(() -> {
                try {
                    callback.run();
                } catch (RuntimeException e) {
                    log.warn("a client listener threw; the client carries on", e);
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("client closed; a listener callback was dropped");
        }
    }

    /** A future must settle even after shutdown, or a caller would wait forever. */
    private void settle(Runnable completion) {
        try {
            executor.execute(completion);
        } catch (RejectedExecutionException e) {
            completion.run();
        }
    }
}
