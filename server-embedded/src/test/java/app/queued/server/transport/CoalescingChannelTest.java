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

/** Frames queued together leave in one write, in order, and nothing is lost when the socket takes only part. */
class CoalescingChannelTest {
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

    /** Drives the channel the way Java-WebSocket's SocketChannelIOHelper.batch does; true when the queue emptied. */
    static boolean batch(CoalescingChannel channel, Deque<ByteBuffer> queue) throws Exception {
        ByteBuffer head;
        while ((head = queue.peek()) != null) {
            channel.write(head);
            if (head.hasRemaining()) {
                return false;
            }
            queue.poll();
        }
        return true;
    }

    private static Deque<ByteBuffer> frames(String... texts) {
        Deque<ByteBuffer> queue = new ArrayDeque<>();
        for (String text : texts) {
            queue.add(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        }
        return queue;
    }

    @Test
    void framesQueuedTogetherLeaveInOneWrite() throws Exception {
        RecordingSocket socket = new RecordingSocket();
        Deque<ByteBuffer> queue = frames("ack;", "events;", "more;");
        CoalescingChannel channel = new CoalescingChannel(null, socket, queue::size);

        assertThat(batch(channel, queue)).isTrue();
        assertThat(socket.calls).containsExactly(16);
        assertThat(socket.sent.toString(StandardCharsets.UTF_8)).isEqualTo("ack;events;more;");
    }

    @Test
    void aLoneFrameGoesStraightOut() throws Exception {
        RecordingSocket socket = new RecordingSocket();
        Deque<ByteBuffer> queue = frames("event;");
        CoalescingChannel channel = new CoalescingChannel(null, socket, queue::size);

        assertThat(batch(channel, queue)).isTrue();
        assertThat(socket.calls).containsExactly(6);
    }

    @Test
    void aFullSocketKeepsTheRestInOrderUntilItTakesMore() throws Exception {
        RecordingSocket socket = new RecordingSocket();
        Deque<ByteBuffer> queue = frames("first;", "second;", "third;");
        CoalescingChannel channel = new CoalescingChannel(null, socket, queue::size);

        socket.room = 4; // takes part of the held frames only
        assertThat(batch(channel, queue)).isFalse();
        assertThat(queue).hasSize(1); // the last frame is reported as not taken
        // a frame queued meanwhile joins behind what is still held
        queue.add(ByteBuffer.wrap("fourth;".getBytes(StandardCharsets.UTF_8)));
        socket.room = 9;
        assertThat(batch(channel, queue)).isFalse();
        socket.room = Integer.MAX_VALUE;
        assertThat(batch(channel, queue)).isTrue();
        assertThat(socket.sent.toString(StandardCharsets.UTF_8)).isEqualTo("first;second;third;fourth;");
    }

    @Test
    void aBacklogGoesOutInWritesOfBoundedSize() throws Exception {
        RecordingSocket socket = new RecordingSocket();
        String big = "x".repeat(CoalescingChannel.MAX_HELD_BYTES / 2);
        Deque<ByteBuffer> queue = frames(big, big, big, big);
        CoalescingChannel channel = new CoalescingChannel(null, socket, queue::size);

        assertThat(batch(channel, queue)).isTrue();
        assertThat(socket.calls).hasSizeGreaterThan(1).allMatch(n -> n <= CoalescingChannel.MAX_HELD_BYTES + big.length());
        assertThat(socket.sent.size()).isEqualTo(4 * big.length());
    }
}
