package app.queued.server.testing;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * A WebSocket spoken byte by byte over a plain TCP socket, for frames no library would send: fragments of any size,
 * invalid UTF-8. Client frames are masked with an all-zero key, so their payload goes as is.
 */
public final class WireSocket implements AutoCloseable {
    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int CLOSE = 0x8;

    /** A server frame. */
    public record Frame(boolean fin, int opcode, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The status code of a Close frame. */
        public int closeCode() {
            return payload.length < 2 ? -1 : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    private WireSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** Connects and completes the opening handshake. */
    public static WireSocket open(URI uri) throws IOException {
        WireSocket wire = new WireSocket(new Socket(uri.getHost(), uri.getPort()));
        wire.out.write(("GET / HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        wire.out.flush();
        String head = readHttpHead(wire.in);
        if (!head.startsWith("HTTP/1.1 101")) {
            wire.close();
            throw new IOException("handshake refused: " + head);
        }
        return wire;
    }

    public void sendText(String text) throws IOException {
        send(true, TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends one frame (RFC 6455 §5.2). */
    public void send(boolean fin, int opcode, byte[] payload) throws IOException {
        int length = payload.length;
        byte[] header;
        if (length <= 125) {
            header = new byte[] {(byte) ((fin ? 0x80 : 0) | opcode), (byte) (0x80 | length)};
        } else if (length <= 0xFFFF) {
            header = new byte[] {(byte) ((fin ? 0x80 : 0) | opcode), (byte) (0x80 | 126),
                    (byte) (length >> 8), (byte) length};
        } else {
            header = new byte[10];
            header[0] = (byte) ((fin ? 0x80 : 0) | opcode);
            header[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                header[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
            }
        }
        out.write(header);
        out.write(new byte[4]); // the mask key: zeros
        out.write(payload);
        out.flush();
    }

    /** The next frame from the server within the time, or empty if the connection ended or nothing came. */
    public Optional<Frame> read(Duration within) throws IOException {
        socket.setSoTimeout((int) Math.max(1, within.toMillis()));
        try {
            int first = in.readUnsignedByte();
            int second = in.readUnsignedByte();
            long length = second & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            return Optional.of(new Frame((first & 0x80) != 0, first & 0x0F, payload));
        } catch (SocketTimeoutException | EOFException e) {
            return Optional.empty();
        } catch (IOException e) {
            if (socket.isClosed() || "Connection reset".equals(e.getMessage())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Reads frames until one matches the opcode, the connection ends, or the time is up. */
    public Optional<Frame> await(int opcode, Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Frame> frame = read(Duration.ofNanos(deadline - System.nanoTime()));
            if (frame.isEmpty() || frame.get().opcode() == opcode) {
                return frame;
            }
        }
        return Optional.empty();
    }

    private static String readHttpHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.indexOf("\r\n\r\n") < 0) {
            int b = in.read();
            if (b == -1) {
                throw new EOFException("connection closed during the handshake: " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
