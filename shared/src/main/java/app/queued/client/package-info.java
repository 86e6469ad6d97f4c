/**
 * The Java client of the Queued protocol, shared by the guest app, the host app and the benchmark.
 *
 * <p>{@link app.queued.client.QueuedClient} is the one entry point. Threads: Java-WebSocket's socket threads only
 * hand frames over; one client thread ({@code queued-client-N}) owns the connection, pending requests and timers;
 * one callback thread ({@code queued-client-N-callbacks}) runs listener methods and completes request futures, in
 * the order things happened. {@code close()} ends all of them.
 */
package app.queued.client;
