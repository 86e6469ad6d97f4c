package app.queued.fx;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where blocking work goes (starting and stopping the server, files, mDNS): never the UI thread. Results come back
 * as futures; hand them to the screen through {@link UiThread}. Tests use {@link #direct()} to run work inline.
 */
public interface Background extends AutoCloseable {

    <T> CompletableFuture<T> supply(Callable<T> work);

    /** Work without a result; what it throws fails the future. */
    default CompletableFuture<Void> run(ThrowingRunnable work) {
        return supply(() -> {
            work.run();
            return null;
        });
    }

    /** Stops taking work; what is queued still runs (on daemon threads, so it never holds the app open). */
    @Override
    void close();

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** A small pool of named daemon threads. */
    static Background pool(String name, int threads) {
        AtomicInteger numbers = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, name + "-" + numbers.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        return new Background() {
            @Override
            public <T> CompletableFuture<T> supply(Callable<T> work) {
                CompletableFuture<T> result = new CompletableFuture<>();
                try {
                    executor.execute(() -> complete(result, work));
                } catch (RejectedExecutionException e) {
                    result.completeExceptionally(e);
                }
                return result;
            }

            @Override
            public void close() {
                executor.shutdown();
            }
        };
    }

    /** Runs the work on the calling thread. */
    static Background direct() {
        return new Background() {
            @Override
            public <T> CompletableFuture<T> supply(Callable<T> work) {
                CompletableFuture<T> result = new CompletableFuture<>();
                complete(result, work);
                return result;
            }

            @Override
            public void close() {
            }
        };
    }

    private static <T> void complete(CompletableFuture<T> result, Callable<T> work) {
        try {
            result.complete(work.call());
        } catch (Exception | Error e) {
            result.completeExceptionally(e);
        }
    }
}
