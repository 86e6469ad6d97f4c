package app.queued.client;

import java.util.concurrent.ThreadFactory;

/** Daemon threads with a fixed name, so a thread dump (or a leak test) says whose they are. */
final class NamedThreads implements ThreadFactory {
    private final String name;

    NamedThreads(String name) {
        this.name = name;
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
