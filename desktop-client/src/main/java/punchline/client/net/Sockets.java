package punchline.client.net;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import punchline.protocol.Codec;
import punchline.protocol.ErrorCode;
import punchline.protocol.Message;
import punchline.protocol.ProtocolException;

/**
 * Socket plumbing for hole punching (Ford et al. 2005, §4.1): one local port both listens and dials,
 * so every socket on it sets SO_REUSEADDR and, where the OS has it, SO_REUSEPORT.
 */
final class Sockets {
    static final boolean REUSE_PORT = probeReusePort();

    private Sockets() {
    }

    private static boolean probeReusePort() {
        try (Socket probe = new Socket()) {
            return probe.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * An unconnected socket bound to {@code localPort} on {@code localAddress} (null: every address),
     * ready to dial from it.
     */
    static Socket boundSocket(InetAddress localAddress, int localPort) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setReuseAddress(true);
            if (REUSE_PORT) {
                socket.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            socket.setTcpNoDelay(true);
            socket.bind(new InetSocketAddress(localAddress, localPort));
            return socket;
        } catch (IOException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    /** A listening socket on {@code localPort} (0: any free port) that dialling sockets may share. */
    static ServerSocket listener(int localPort) throws IOException {
        return listener(null, localPort);
    }

    /** The same on {@code localAddress} only (null: every address). */
    static ServerSocket listener(InetAddress localAddress, int localPort) throws IOException {
        ServerSocket server = new ServerSocket();
        try {
            server.setReuseAddress(true);
            if (REUSE_PORT) {
                server.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            server.bind(new InetSocketAddress(localAddress, localPort), 64);
            return server;
        } catch (IOException e) {
            closeQuietly(server);
            throw e;
        }
    }

    /** Writes one frame and flushes it. */
    static void write(OutputStream out, Message message) throws IOException {
        out.write(Codec.encode(message));
        out.flush();
    }

    /**
     * Reads one frame byte by byte, so nothing after its newline is consumed: the first frame on a
     * candidate connection is read before either side knows how the rest of the stream is handled.
     */
    static String readFrameUnbuffered(InputStream in, int maxBytes) throws IOException, ProtocolException {
        return readFrameUnbuffered(in, maxBytes, () -> { });
    }

    /**
     * The same within a total deadline ({@link System#nanoTime()}), however slowly the bytes trickle in:
     * each read may only wait for what is left of it.
     */
    static String readFrameUnbuffered(Socket socket, int maxBytes, long deadlineNanos)
            throws IOException, ProtocolException {
        InputStream in = socket.getInputStream();
        return readFrameUnbuffered(in, maxBytes, () -> {
            long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
            if (left <= 0) {
                throw new SocketTimeoutException("no complete first frame in time");
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
        });
    }

    /** Runs before each read of a frame. */
    private interface BeforeRead {
        void run() throws IOException;
    }

    private static String readFrameUnbuffered(InputStream in, int maxBytes, BeforeRead beforeRead)
            throws IOException, ProtocolException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        while (true) {
            beforeRead.run();
            int b = in.read();
            if (b < 0) {
                throw new EOFException("closed before the first frame ended");
            }
            if (b == '\n') {
                break;
            }
            if (line.size() >= maxBytes) {
                throw new ProtocolException(ErrorCode.FRAME_TOO_LARGE, "first frame longer than " + maxBytes + " bytes");
            }
            line.write(b);
        }
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        java.nio.charset.CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
        try {
            return utf8.decode(java.nio.ByteBuffer.wrap(bytes, 0, length)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ProtocolException(ErrorCode.INVALID_UTF8, "first frame is not valid UTF-8");
        }
    }

    /** Closes with a reset instead of a FIN: no TIME_WAIT holds the port's 4-tuple afterwards. */
    static void abort(Socket socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException ignored) {
            // already closed
        }
        closeQuietly(socket);
    }

    static void closeQuietly(Closeable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }
}
