package punchline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import punchline.common.CertifiedKey;
import punchline.protocol.ClientMessage.Hello;
import punchline.protocol.Codec;
import punchline.protocol.Endpoint;
import punchline.protocol.ErrorCode;
import punchline.protocol.FrameReader;
import punchline.protocol.Message;
import punchline.protocol.Message.ErrorMessage;
import punchline.protocol.Message.Ping;
import punchline.protocol.Message.Pong;
import punchline.protocol.ProtocolException;
import punchline.protocol.ProtocolVersion;
import punchline.protocol.ServerMessage;
import punchline.protocol.ServerMessage.RelayReady;
import punchline.protocol.ServerMessage.UserInfo;
import punchline.protocol.ServerMessage.UserList;
import punchline.protocol.ServerMessage.Welcome;

/**
 * A client of the rendezvous server made of a plain blocking socket, for tests: it sends whatever it is
 * told (valid or not) and reads the server's frames one at a time, strictly in order. Every read is
 * bounded by the socket timeout, so a missing message fails the test instead of hanging it.
 * A relay connection reads its one frame without buffering ({@link #expectRelayReady}) and then the raw
 * bytes its peer sends ({@link #readRaw}); it never mixes those with the buffered frame reads.
 */
final class RawClient implements AutoCloseable {
    static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    private static final AtomicLong NONCES = new AtomicLong(1_000_000);

    private final Socket socket;
    /** The key this client proved in the TLS handshake (null on a plain connection). */
    private final CertifiedKey identity;
    private final OutputStream out;
    private final InputStream in;
    private final FrameReader reader;
    private final List<UserInfo> initialUsers = new ArrayList<>();
    private boolean readFramesBuffered;
    private Hello hello;
    private Welcome welcome;

    private RawClient(Socket socket, CertifiedKey identity) throws IOException {
        this.socket = socket;
        this.identity = identity;
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
        this.reader = new FrameReader(in);
    }

    /** Opens a TLS connection with a key of its own (as every client has) and says nothing yet. */
    static RawClient connect(InetSocketAddress server) {
        return connect(server, CertifiedKey.generate("test client"), null);
    }

    /** Opens a TLS connection presenting {@code identity} and says nothing yet. */
    static RawClient connect(InetSocketAddress server, CertifiedKey identity) {
        return connect(server, identity, null);
    }

    /** Opens a TLS connection from {@code from} (another loopback address: 127.0.0.0/8 is all ours). */
    static RawClient connect(InetSocketAddress server, InetAddress from) {
        return connect(server, CertifiedKey.generate("test client"), from);
    }

    /** Opens a TLS connection presenting {@code identity}, from {@code from} (null: any address). */
    static RawClient connect(InetSocketAddress server, CertifiedKey identity, InetAddress from) {
        Socket socket = new Socket();
        try {
            if (from != null) {
                socket.bind(new InetSocketAddress(from, 0));
            }
            socket.connect(server, (int) READ_TIMEOUT.toMillis());
            socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            socket.setTcpNoDelay(true);
            SSLSocket tls = TestTls.clientSocket(socket, identity);
            tls.startHandshake();
            return new RawClient(tls, identity);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UncheckedIOException("cannot connect to " + server, e);
        }
    }

    /**
     * A plain TCP connection (the NAT probe port, a client from before TLS, or one the server refuses:
     * a refusal comes in the clear, before any TLS).
     */
    static RawClient connectPlain(InetSocketAddress server) {
        return connectPlain(server, null);
    }

    /** The same from {@code from} (null: any address). */
    static RawClient connectPlain(InetSocketAddress server, InetAddress from) {
        Socket socket = new Socket();
        try {
            if (from != null) {
                socket.bind(new InetSocketAddress(from, 0));
            }
            socket.connect(server, (int) READ_TIMEOUT.toMillis());
            socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            socket.setTcpNoDelay(true);
            return new RawClient(socket, null);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UncheckedIOException("cannot connect to " + server, e);
        }
    }

    Socket socket() {
        return socket;
    }

    /** The ID of the key this client presented. */
    String id() {
        return identity.id();
    }

    /** The fingerprint of the certificate the server showed this client (a TLS connection only). */
    String serverFingerprint() {
        try {
            return CertifiedKey.fingerprintOf(((SSLSocket) socket).getSession().getPeerCertificates()[0]);
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            throw new AssertionError("the server showed no certificate", e);
        }
    }

    /** The fingerprint of the certificate this client presented. */
    String fingerprint() {
        return identity.fingerprint();
    }

    /** A hello as a real client sends it: its own local endpoint is its private endpoint, its own ID. */
    Hello hello(String name, String room) {
        return new Hello(ProtocolVersion.CURRENT, name, room, List.of(localEndpoint()), null, id());
    }

    /**
     * Sends {@code hello} and reads what every newcomer gets, in the server's order: welcome, the user
     * list (one or more chunks), and a first ping, which is answered. A hello without an id gets this
     * client's own (as every real client sends); tests of a missing or false id use {@link #send}.
     */
    RawClient register(Hello hello) {
        return register(hello, Duration.ZERO);
    }

    /** {@link #register}, answering the first ping only after {@code busy}, as a program just started may. */
    RawClient register(Hello hello, Duration busy) {
        if (hello.id() == null) {
            hello = new Hello(hello.version(), hello.name(), hello.room(), hello.privateEndpoints(),
                    hello.fingerprint(), id());
        }
        send(hello);
        welcome = expect(Welcome.class);
        UserList chunk;
        do {
            chunk = expect(UserList.class);
            assertEquals(welcome.room(), chunk.room(), "user list of the room joined");
            initialUsers.addAll(chunk.users());
        } while (!chunk.complete());
        Ping ping = expect(Ping.class);
        if (!busy.isZero()) {
            try {
                Thread.sleep(busy.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        send(new Pong(ping.nonce()));
        return this;
    }

    /**
     * {@link #register} on a cluster's node: the first ping comes right after the welcome and the user
     * list once the join is back from the cluster's presence stream, so the two may come in either order.
     */
    RawClient registerInCluster(Hello hello) {
        send(hello);
        welcome = expect(Welcome.class);
        boolean pinged = false;
        boolean listed = false;
        while (!pinged || !listed) {
            ServerMessage message = expectAny();
            if (message instanceof Ping ping) {
                send(new Pong(ping.nonce()));
                pinged = true;
            } else {
                UserList chunk = assertInstanceOf(UserList.class, message, () -> "expected the user list, got "
                        + Codec.toJson(message));
                assertEquals(welcome.room(), chunk.room(), "user list of the room joined");
                initialUsers.addAll(chunk.users());
                listed = chunk.complete();
            }
        }
        return this;
    }

    Welcome welcome() {
        assertNotNull(welcome, "not registered");
        return welcome;
    }

    String key() {
        return welcome().key();
    }

    /** This user as the others in the room see it. */
    UserInfo info() {
        return new UserInfo(key(), hello.name(), hello.id());
    }

    /** The room's other users as the user list announced them at join. */
    List<UserInfo> initialUsers() {
        return initialUsers;
    }

    Endpoint localEndpoint() {
        return Endpoint.of(socket.getLocalAddress(), socket.getLocalPort());
    }

    void send(Message message) {
        if (message instanceof Hello h) {
            hello = h;
        }
        sendRaw(Codec.encode(message));
    }

    void sendRaw(String text) {
        sendRaw(text.getBytes(StandardCharsets.UTF_8));
    }

    void sendRaw(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("send failed", e);
        }
    }

    /** The next message, whatever its type. */
    ServerMessage expectAny() {
        ServerMessage message = next("a message");
        if (message == null) {
            return fail("connection closed while expecting a message");
        }
        return message;
    }

    /** The next message, which must be a {@code type}. */
    <T extends ServerMessage> T expect(Class<T> type) {
        ServerMessage message = type == Ping.class ? next("a ping") : nextAnsweringPings("a " + Codec.typeOf(type));
        if (message == null) {
            return fail("connection closed while expecting " + Codec.typeOf(type));
        }
        return assertInstanceOf(type, message, () -> "expected " + Codec.typeOf(type) + " but got "
                + Codec.toJson(message));
    }

    /** The next message, which must be an error with {@code code}. */
    ErrorMessage expectError(ErrorCode code) {
        ErrorMessage error = expect(ErrorMessage.class);
        assertEquals(code, error.code(), () -> "error " + Codec.toJson(error));
        return error;
    }

    /** The server closes the connection with nothing more to say (an end of stream or a reset). */
    void expectClosed() {
        ServerMessage message;
        try {
            message = nextAnsweringPings("the end of the stream");
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof SocketException || e.getCause() instanceof SSLException) {
                return; // reset, or TCP closed without TLS's close_notify: closed too
            }
            throw e;
        }
        if (message != null) {
            fail("expected the connection to be closed but got " + Codec.toJson(message));
        }
    }

    /**
     * A ping round trip: the next message must be its pong. The server handles everything in order on
     * one thread, so this proves nothing was queued for this client before the ping, and that the
     * server still serves it.
     */
    void sync() {
        long nonce = NONCES.incrementAndGet();
        send(new Ping(nonce));
        assertEquals(nonce, expect(Pong.class).nonce(), "pong answers our ping");
    }

    /** {@link #sync()} on a server whose heartbeat is short: pings that come first are answered. */
    void syncThroughHeartbeats() {
        long nonce = NONCES.incrementAndGet();
        send(new Ping(nonce));
        ServerMessage message;
        while ((message = expectAny()) instanceof Ping ping) {
            send(new Pong(ping.nonce()));
        }
        assertEquals(new Pong(nonce), message, "pong answers our ping");
    }

    /**
     * The next frame, read a byte at a time so that nothing after its newline is consumed, as a relay
     * client reads its answer: after relay-ready the stream carries its peer's raw bytes.
     */
    ServerMessage expectAnyUnbuffered() {
        assertNoBufferedReads();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = readByte("a frame");
            if (b < 0) {
                return fail("connection closed while expecting a frame; got " + line.size() + " bytes of one");
            }
            if (b == '\n') {
                break;
            }
            line.write(b);
        }
        try {
            return Codec.decode(line.toString(StandardCharsets.UTF_8), ServerMessage.class);
        } catch (ProtocolException e) {
            return fail("the server sent a bad frame (" + e.code() + "): " + e.getMessage());
        }
    }

    /** The relay has spliced this connection to its peer: from now on the stream is the peer's bytes. */
    void expectRelayReady() {
        ServerMessage message = expectAnyUnbuffered();
        assertInstanceOf(RelayReady.class, message, () -> "expected relay-ready but got " + Codec.toJson(message));
    }

    /** Exactly {@code count} raw bytes, failing if the stream ends or stalls before. */
    byte[] readRaw(int count) {
        assertNoBufferedReads();
        byte[] bytes = new byte[count];
        int done = 0;
        while (done < count) {
            int read = read(bytes, done, count - done, count + " raw bytes (got " + done + ")");
            if (read < 0) {
                return fail("the stream ended after " + done + " of " + count + " raw bytes");
            }
            done += read;
        }
        return bytes;
    }

    /**
     * Every raw byte until the server ends the stream with a FIN (a reset fails), however many there
     * are; bounded by the socket timeout between two reads.
     */
    byte[] readRawToEnd() {
        assertNoBufferedReads();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] chunk = new byte[64 * 1024];
        int read;
        while ((read = read(chunk, 0, chunk.length, "the end of the stream (got " + all.size() + " bytes)")) >= 0) {
            all.write(chunk, 0, read);
        }
        return all.toByteArray();
    }

    /**
     * Writes {@code bytes} on a thread of its own, so a write that blocks (backpressure) cannot block the
     * test; the future fails if the write does. The thread ends at the latest when the socket is closed.
     */
    CompletableFuture<Void> sendRawInBackground(byte[] bytes) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread writer = new Thread(() -> {
            try {
                out.write(bytes);
                out.flush();
                done.complete(null);
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        }, "raw-client-writer " + socket.getLocalPort());
        writer.setDaemon(true);
        writer.start();
        return done;
    }

    /** Half-closes: the server reads the end of our stream, and we can still read. */
    void shutdownOutput() {
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            throw new UncheckedIOException("shutdownOutput failed", e);
        }
    }

    private int readByte(String what) {
        byte[] one = new byte[1];
        int read = read(one, 0, 1, what);
        return read < 0 ? -1 : one[0] & 0xff;
    }

    private int read(byte[] into, int offset, int length, String what) {
        try {
            return in.read(into, offset, length);
        } catch (SocketTimeoutException e) {
            return fail("nothing received within " + READ_TIMEOUT.toSeconds() + " s while expecting " + what);
        } catch (IOException e) {
            throw new UncheckedIOException("read failed while expecting " + what, e);
        }
    }

    private void assertNoBufferedReads() {
        if (readFramesBuffered) {
            throw new IllegalStateException("raw reads after buffered frame reads could miss bytes");
        }
    }

    /**
     * The next message but a ping, which is answered as every client answers it: the server pings when it
     * likes (a second round-trip sample a second after joining, heartbeats), whatever a test waits for.
     */
    private ServerMessage nextAnsweringPings(String what) {
        ServerMessage message;
        while ((message = next(what)) instanceof Ping ping) {
            send(new Pong(ping.nonce()));
        }
        return message;
    }

    private ServerMessage next(String what) {
        readFramesBuffered = true;
        try {
            return reader.read(ServerMessage.class);
        } catch (SocketTimeoutException e) {
            return fail("nothing received within " + READ_TIMEOUT.toSeconds() + " s while expecting " + what);
        } catch (IOException e) {
            throw new UncheckedIOException("read failed while expecting " + what, e);
        } catch (ProtocolException e) {
            return fail("the server sent a bad frame (" + e.code() + "): " + e.getMessage());
        }
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // test teardown
        }
    }

    @Override
    public String toString() {
        return welcome == null ? "RawClient" + socket.getLocalSocketAddress() : "RawClient " + welcome.key();
    }
}
