package punchline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
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
import punchline.protocol.ServerMessage.UserInfo;
import punchline.protocol.ServerMessage.UserList;
import punchline.protocol.ServerMessage.Welcome;

/**
 * A client of the rendezvous server made of a plain blocking socket, for tests: it sends whatever it is
 * told (valid or not) and reads the server's frames one at a time, strictly in order. Every read is
 * bounded by the socket timeout, so a missing message fails the test instead of hanging it.
 */
final class RawClient implements AutoCloseable {
    static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    private static final AtomicLong NONCES = new AtomicLong(1_000_000);

    private final Socket socket;
    private final OutputStream out;
    private final FrameReader reader;
    private final List<UserInfo> initialUsers = new ArrayList<>();
    private Hello hello;
    private Welcome welcome;

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.reader = new FrameReader(socket.getInputStream());
    }

    /** Opens a connection and says nothing yet. */
    static RawClient connect(InetSocketAddress server) {
        Socket socket = new Socket();
        try {
            socket.connect(server, (int) READ_TIMEOUT.toMillis());
            socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            socket.setTcpNoDelay(true);
            return new RawClient(socket);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UncheckedIOException("cannot connect to " + server, e);
        }
    }

    /** A hello as a real client sends it: its own local endpoint is its private endpoint. */
    Hello hello(String name, String room) {
        return new Hello(ProtocolVersion.CURRENT, name, room, List.of(localEndpoint()));
    }

    /**
     * Sends {@code hello} and reads what every newcomer gets, in the server's order: welcome, the user
     * list (one or more chunks), and a first ping, which is answered.
     */
    RawClient register(Hello hello) {
        send(hello);
        welcome = expect(Welcome.class);
        UserList chunk;
        do {
            chunk = expect(UserList.class);
            assertEquals(welcome.room(), chunk.room(), "user list of the room joined");
            initialUsers.addAll(chunk.users());
        } while (!chunk.complete());
        Ping ping = expect(Ping.class);
        send(new Pong(ping.nonce()));
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
        return new UserInfo(key(), hello.name());
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
        ServerMessage message = next("a " + Codec.typeOf(type));
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
            message = next("the end of the stream");
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof SocketException) {
                return; // reset: closed too
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

    private ServerMessage next(String what) {
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
