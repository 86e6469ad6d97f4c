package app.queued.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Frames leave from the sending thread; what a full socket does not take leaves later, in order, never cut into by
 * the library's own frames.
 */
class DirectWriteChannelTest {
    /** A socket that records each write call and takes at most {@code room} bytes per call. */
    static final class RecordingSocket implements GatheringByteChannel {
        final ByteArrayOutputStream sent = new ByteArrayOutputStream();
        final List<Integer> calls = new ArrayList<>();
        int room = Integer.MAX_VALUE;

        @Override
        public long write(ByteBuffer[] sources, int offset, int length) {
            int taken = 0;
            for (int i = offset; i < offset + length; i++) {
                while (sources[i].hasRemaining() && taken < room) {
                    sent.write(sources[i].get());
                    taken++;
                }
            }
            calls.add(taken);
            return taken;
        }

        @Override
        public long write(ByteBuffer[] sources) {
            return write(sources, 0, sources.length);
        }

        @Override
        public int write(ByteBuffer source) {
            return (int) write(new ByteBuffer[] {source});
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    /** Drives the channel the way Java-WebSocket's SocketChannelIOHelper.batch does; true when all is written. */
    static boolean batch(DirectWriteChannel channel, Deque<ByteBuffer> libraryQueue) throws Exception {
        ByteBuffer head = libraryQueue.peek();
        if (head == null) {
            if (channel.isNeedWrite()) {
                channel.writeMore();
            }
            return !channel.isNeedWrite();
        }
        while (head != null) {
            channel.write(head);
            if (head.hasRemaining()) {
                return false;
            }
            libraryQueue.poll();
            head = libraryQueue.peek();
        }
        return true;
    }

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Deque<ByteBuffer> frames(String... texts) {
        Deque<ByteBuffer> queue = new ArrayDeque<>();
        for (String text : texts) {
            queue.add(bytes(text));
        }
        return queue;
    }

    @Test
    void aFrameGoesStraightOutFromTheSendingThread() throws Exception {
        RecordingSocket socket = new RecordingSocket();
        DirectWriteChannel channel = new DirectWriteChannel(null, socket, () -> true);

        assertThat(channel.send(bytes("ack;"))).isFalse();
        assertThat(channel.send(bytes("events;"))).isFalse();

        assertThat(socket.calls).containsExactly(4, 7);
        assertThat(socket.sent.toString(StandardCharsets.UTF_8)).isEqualTo("ack;events;");
        assertThat(channel.isNeedWrite()).isFalse();
        assertThat(channel.waitingBytes()).isZero();
    }

    @Test
    void whatAFullSocketLeavesWaitsInOrderAndLeavesInOneWriteWhenThereIsRoom() throws Exception {
        RecordingSocket socket = new RecordingSocket();
        DirectWriteChannel channel = new DirectWriteChannel(null, socket, () -> true);

        socket.room = 3;
        assertThat(channel.send(bytes("first;"))).isTrue(); // "fir" taken
        socket.room = 0;
        assertThat(channel.send(bytes("second;"))).isTrue();
        assertThat(channel.waitingBytes()).isEqualTo(3 + 7);
        socket.room = Integer.MAX_VALUE;
        socket.calls.clear();

        assertThat(batch(channel, new ArrayDeque<>())).isTrue(); // the selector's writeMore
        assertThat(socket.calls).containsExactly(10);
        assertThat(socket.sent.toString(StandardCharsets.UTF_8)).isEqualTo("first;second;");
        assertThat(channel.waitingBytes()).isZero();
    }

    @Test
    void theLibrarysFramesAndOursNeverCutIntoEachOther() throws Exception {
        RecordingSocket socket = new RecordingSocket();
        Deque<ByteBuffer> libraryQueue = new ArrayDeque<>();
        DirectWriteChannel channel = new DirectWriteChannel(null, socket, libraryQueue::isEmpty);

        socket.room = 4;
        channel.send(bytes("event;")); // "even" taken, "t;" waits
        libraryQueue.add(bytes("PONG;"));
        socket.room = 0;
        assertThat(batch(channel, libraryQueue)).isFalse(); // nothing may cut into our frame
        assertThat(libraryQueue).hasSize(1);
        socket.room = 9;
        channel.send(bytes("late;")); // the library's queue is not empty: not written from here
        assertThat(socket.sent.toString(StandardCharsets.UTF_8)).isEqualTo("even");

        socket.room = 4;
        assertThat(batch(channel, libraryQueue)).isFalse(); // "t;" finished, "la" of ours, the pong not started
        socket.room = 1;
        channel.send(bytes("x;")); // still not from here: the pong is queued
        assertThat(socket.sent.toString(StandardCharsets.UTF_8)).isEqualTo("event;la");
        socket.room = Integer.MAX_VALUE;
        assertThat(batch(channel, libraryQueue)).isTrue(); // ours that waited, then the pong
        assertThat(channel.isNeedWrite()).isFalse();
        assertThat(socket.sent.toString(StandardCharsets.UTF_8)).isEqualTo("event;late;x;PONG;");
        channel.send(bytes("next;")); // nothing ahead: straight out again
        assertThat(socket.sent.toString(StandardCharsets.UTF_8)).isEqualTo("event;late;x;PONG;next;");
    }

    @Test
    void aBacklogGoesOutInGatheringWritesOfBoundedCount() throws Exception {
        RecordingSocket socket = new RecordingSocket();
        DirectWriteChannel channel = new DirectWriteChannel(null, socket, () -> true);
        socket.room = 0;
        int frames = 3 * DirectWriteChannel.MAX_GATHER + 5;
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < frames; i++) {
            channel.send(bytes(i + ";"));
            expected.append(i).append(';');
        }
        socket.room = Integer.MAX_VALUE;
        socket.calls.clear();

        assertThat(batch(channel, new ArrayDeque<>())).isTrue();
        assertThat(socket.calls).hasSize(4);
        assertThat(socket.sent.toString(StandardCharsets.UTF_8)).isEqualTo(expected.toString());
    }
}
