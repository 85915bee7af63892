package punchline.server;

import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import punchline.protocol.ClientMessage;
import punchline.protocol.ClientMessage.Accept;
import punchline.protocol.ClientMessage.Cancel;
import punchline.protocol.ClientMessage.Connect;
import punchline.protocol.ClientMessage.Hello;
import punchline.protocol.ClientMessage.NatReport;
import punchline.protocol.ClientMessage.RelayJoin;
import punchline.protocol.ClientMessage.Reject;
import punchline.protocol.Codec;
import punchline.protocol.ErrorCode;
import punchline.protocol.Message;
import punchline.protocol.Message.Bye;
import punchline.protocol.Message.Ping;
import punchline.protocol.Message.Pong;
import punchline.protocol.ProtocolException;
import punchline.protocol.ProtocolVersion;
import punchline.protocol.ServerMessage.Welcome;
import punchline.common.TokenBucket;

/**
 * The protocol state of one connection: waiting for hello, then registered. Decodes each frame,
 * enforces order and rate, and hands the user's requests to the {@link Lobby}. It sees the server only
 * through its {@link SessionContext}. I/O thread only.
 */
final class ClientSession implements ClientMessage.Handler {
    private static final System.Logger LOG = System.getLogger(ClientSession.class.getName());
    /** When the second round-trip sample is taken, after the first (see {@link #onPong}). */
    private static final long SECOND_SAMPLE_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final SessionContext context;
    private final Connection connection;
    private final TokenBucket frameBudget;
    private final Budgets.Address budget;
    private User user;
    private boolean left;
    private long pingNonce;
    private long pingSentNanos;
    private long nextPingNanos;

    ClientSession(SessionContext context, Connection connection, Budgets.Address budget, long now) {
        this.context = context;
        this.connection = connection;
        this.budget = budget;
        ServerOptions options = context.options();
        this.frameBudget = new TokenBucket(options.frameBurst(), options.framesPerSecond(), now);
    }

    /** Handles one frame; a ProtocolException closes the connection with that error. */
    void onFrame(String frame) throws ProtocolException {
        if (connection.isClosing()) {
            return;
        }
        if (connection.state().isRelay()) {
            throw RelayForwarder.notReady();
        }
        if (!frameBudget.tryTake(context.now())) {
            throw new ProtocolException(ErrorCode.FLOODING, "too many messages; slow down");
        }
        ClientMessage message = Codec.decode(frame, ClientMessage.class);
        boolean opensSession = message instanceof Hello || message instanceof RelayJoin;
        boolean anyTime = message instanceof Ping || message instanceof Pong || message instanceof Bye;
        if (user == null && !opensSession && !anyTime) {
            throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE,
                    "say hello first: '" + Codec.typeOf(message.getClass()) + "' before hello");
        }
        if (user != null && opensSession) {
            throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, "hello was already received; "
                    + "a relay needs a connection of its own");
        }
        message.dispatchTo(this);
    }

    /** What the connection's address may still do (its budgets survive its reconnects). */
    Budgets.Address budget() {
        return budget;
    }

    void send(Message message) {
        send(Codec.encode(message));
    }

    void send(byte[] frame) {
        if (!connection.send(frame)) {
            context.dropSlowConsumer(connection);
        }
    }

    /** Sends a heartbeat ping when one is due; returns whether the client has been silent too long. */
    boolean heartbeat(long now) {
        if (now - connection.lastReceivedNanos() > context.options().idleTimeout().toNanos()) {
            return false;
        }
        if (now - nextPingNanos >= 0) {
            sendPing(now);
        }
        return true;
    }

    private void sendPing(long now) {
        pingNonce = context.nextPingNonce();
        pingSentNanos = now;
        nextPingNanos = now + context.options().heartbeatInterval().toNanos();
        send(new Ping(pingNonce));
    }

    @Override
    public void onHello(Hello hello) {
        long now = context.now();
        if (!ProtocolVersion.isSupported(hello.version())) {
            fail(ErrorCode.UNSUPPORTED_VERSION, "this server speaks protocol version " + ProtocolVersion.CURRENT
                    + "; please update Punchline");
            return;
        }
        // The ID is the hash of the key the client proved it holds in the TLS handshake: a hello may only
        // claim that one, so nobody registers under another person's ID.
        SecureChannel tls = connection.secure();
        if (hello.id() == null || !hello.id().equals(tls.peerId())) {
            fail(ErrorCode.ID_MISMATCH, hello.id() == null ? "hello carries no id"
                    : "the id in hello is not the id of the certificate this connection presented");
            return;
        }
        if (hello.fingerprint() != null && !hello.fingerprint().equals(tls.peerFingerprint())) {
            fail(ErrorCode.ID_MISMATCH, "the fingerprint in hello is not that of the certificate this connection"
                    + " presented");
            return;
        }
        String refusal = budget.tryJoin(hello.room(), now);
        if (refusal != null) {
            fail(ErrorCode.ROOM_FULL, refusal);
            return;
        }
        try {
            user = context.lobby().admit(hello, connection, now);
        } catch (ProtocolException e) {
            context.fail(connection, e.toErrorMessage());
            return;
        }
        send(new Welcome(user.key, user.publicEndpoint, user.room.name,
                (int) Math.max(1, context.options().heartbeatInterval().toSeconds()), ProtocolVersion.CURRENT,
                context.probePort(), context.relayEnabled(), user.id));
        connection.registered();
        context.lobby().enter(user);
        sendPing(now); // a first round-trip sample for timing introductions
        LOG.log(Level.DEBUG, "{0} joined room {1} from {2}", user, user.room.name, connection.remote());
    }

    @Override
    public void onConnect(Connect connect) {
        // Charged here, to the address, before any lobby: a new key (a reconnect) gets no fresh budget.
        if (!budget.tryRequest(context.now())) {
            send(new Message.ErrorMessage(ErrorCode.RATE_LIMITED, "too many requests; wait a moment", connect.to()));
            return;
        }
        context.lobby().connect(user, connect.to(), context.now());
    }

    @Override
    public void onCancel(Cancel cancel) {
        context.lobby().cancel(user, cancel.to(), context.now());
    }

    @Override
    public void onAccept(Accept accept) {
        context.lobby().accept(user, accept.from(), context.now());
    }

    @Override
    public void onReject(Reject reject) {
        context.lobby().reject(user, reject.from(), context.now());
    }

    @Override
    public void onNatReport(NatReport report) {
        user.nat = report.nat();
    }

    @Override
    public void onRelayJoin(RelayJoin join) {
        context.joinRelay(connection, join);
    }

    @Override
    public void onPing(Ping ping) {
        send(new Pong(ping.nonce()));
    }

    @Override
    public void onPong(Pong pong) {
        if (user != null && pong.nonce() == pingNonce && pingSentNanos != 0) {
            long now = context.now();
            boolean first = user.rttNanos < 0;
            user.recordRtt(now - pingSentNanos);
            pingSentNanos = 0;
            if (first) {
                // The first pong comes from a program that has just started (busy loading, measuring
                // its NAT): a second sample a moment later is the path's, and an introduction soon
                // after joining is timed by it.
                nextPingNanos = Math.min(nextPingNanos, now + SECOND_SAMPLE_AFTER_NANOS);
            }
        }
    }

    @Override
    public void onBye(Bye bye) {
        LOG.log(Level.DEBUG, "{0} said bye: {1}", this, bye.reason());
        context.closeGracefully(connection);
    }

    private void fail(ErrorCode code, String message) {
        context.fail(connection, new Message.ErrorMessage(code, message, null));
    }

    /** Unregisters the user (once): the room and everyone with an open request is told. */
    void leave() {
        if (left || user == null) {
            left = true;
            return;
        }
        left = true;
        boolean serverStopping = context.isShuttingDown();
        context.lobby().leave(user, serverStopping);
        if (!serverStopping) {
            LOG.log(Level.DEBUG, "{0} left", user);
        }
    }

    @Override
    public String toString() {
        return user != null ? user.toString() : connection.toString();
    }
}
