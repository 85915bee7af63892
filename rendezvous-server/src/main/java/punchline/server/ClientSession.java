package punchline.server;

import java.lang.System.Logger.Level;
import java.util.List;
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
import punchline.protocol.Limits;
import punchline.protocol.Message;
import punchline.protocol.Message.Bye;
import punchline.protocol.Message.Ping;
import punchline.protocol.Message.Pong;
import punchline.protocol.ProtocolException;
import punchline.protocol.ProtocolVersion;
import punchline.protocol.ServerMessage.UserInfo;
import punchline.protocol.ServerMessage.UserJoined;
import punchline.protocol.ServerMessage.UserLeft;
import punchline.protocol.ServerMessage.UserList;
import punchline.protocol.ServerMessage.Welcome;
import punchline.common.TokenBucket;

/**
 * The protocol state of one connection: waiting for hello, then registered. Decodes each frame,
 * enforces order and rate, and hands requests to the {@link Matchmaker}. I/O thread only.
 */
final class ClientSession implements ClientMessage.Handler {
    private static final System.Logger LOG = System.getLogger(ClientSession.class.getName());

    private final RendezvousServer server;
    private final Connection connection;
    private final TokenBucket frameBudget;
    private User user;
    private boolean left;
    private long pingNonce;
    private long pingSentNanos;
    private long nextPingNanos;

    ClientSession(RendezvousServer server, Connection connection, long now) {
        this.server = server;
        this.connection = connection;
        ServerOptions options = server.options();
        this.frameBudget = new TokenBucket(options.frameBurst(), options.framesPerSecond(), now);
    }

    User user() {
        return user;
    }

    boolean isRegistered() {
        return user != null;
    }

    /** Handles one frame; a ProtocolException closes the connection with that error. */
    void onFrame(String frame) throws ProtocolException {
        if (connection.isClosing()) {
            return;
        }
        if (connection.state().isRelay()) {
            throw RelayForwarder.notReady();
        }
        if (!frameBudget.tryTake(server.now())) {
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

    void send(Message message) {
        send(Codec.encode(message));
    }

    void send(byte[] frame) {
        if (!connection.send(frame)) {
            server.dropSlowConsumer(connection);
        }
    }

    /** Sends a heartbeat ping when one is due; returns whether the client has been silent too long. */
    boolean heartbeat(long now) {
        ServerOptions options = server.options();
        if (now - connection.lastReceivedNanos() > options.idleTimeout().toNanos()) {
            return false;
        }
        if (now - nextPingNanos >= 0) {
            sendPing(now);
        }
        return true;
    }

    private void sendPing(long now) {
        pingNonce = server.nextNonce();
        pingSentNanos = now;
        nextPingNanos = now + server.options().heartbeatInterval().toNanos();
        send(new Ping(pingNonce));
    }

    @Override
    public void onHello(Hello hello) {
        long now = server.now();
        if (!ProtocolVersion.isSupported(hello.version())) {
            fail(ErrorCode.UNSUPPORTED_VERSION, "this server speaks protocol version " + ProtocolVersion.CURRENT
                    + "; please update Punchline");
            return;
        }
        Directory directory = server.directory();
        if (directory.roomSize(hello.room()) >= server.options().maxRoomSize()) {
            fail(ErrorCode.ROOM_FULL, "room '" + hello.room() + "' is full");
            return;
        }
        Room room = directory.room(hello.room());
        user = new User(directory.newKey(), hello.name(), room, connection.remote(), hello.privateEndpoints(),
                connection, System.currentTimeMillis(), new TokenBucket(server.options().requestBurst(),
                server.options().requestsPerMinute() / 60.0, now), hello.fingerprint());
        send(new Welcome(user.key, user.publicEndpoint, room.name,
                (int) Math.max(1, server.options().heartbeatInterval().toSeconds()), ProtocolVersion.CURRENT,
                server.probePort(), server.relays().enabled()));
        connection.registered();
        sendUserList(room);
        directory.add(user);
        room.broadcast(new UserJoined(user.info), user);
        sendPing(now); // a first round-trip sample for timing introductions
        LOG.log(Level.DEBUG, "{0} joined room {1} from {2}", user, room.name, connection.remote());
    }

    private void sendUserList(Room room) {
        List<UserInfo> chunk = new java.util.ArrayList<>(Math.min(room.size(), Limits.USERS_PER_LIST_FRAME));
        for (User member : room.members()) {
            chunk.add(member.info);
            if (chunk.size() == Limits.USERS_PER_LIST_FRAME) {
                send(new UserList(room.name, chunk, false));
                chunk.clear();
            }
        }
        send(new UserList(room.name, chunk, true));
    }

    @Override
    public void onConnect(Connect connect) {
        server.matchmaker().connect(user, connect.to(), server.now());
    }

    @Override
    public void onCancel(Cancel cancel) {
        server.matchmaker().cancel(user, cancel.to(), server.now());
    }

    @Override
    public void onAccept(Accept accept) {
        server.matchmaker().accept(user, accept.from(), server.now());
    }

    @Override
    public void onReject(Reject reject) {
        server.matchmaker().reject(user, reject.from(), server.now());
    }

    @Override
    public void onNatReport(NatReport report) {
        user.nat = report.nat();
    }

    @Override
    public void onRelayJoin(RelayJoin join) {
        try {
            Relay relay = server.relays().join(connection, join.token(), join.key(), server.now());
            if (relay != null) {
                server.startRelay(relay);
            }
        } catch (ProtocolException e) {
            if (e.code() == ErrorCode.RELAY_FULL) {
                // The side already waiting would otherwise wait for a partner who has just been sent away.
                Connection waiting = server.relays().abandon(join.token());
                if (waiting != null) {
                    server.fail(waiting, e.toErrorMessage());
                }
            }
            server.fail(connection, e.toErrorMessage());
        }
    }

    @Override
    public void onPing(Ping ping) {
        send(new Pong(ping.nonce()));
    }

    @Override
    public void onPong(Pong pong) {
        if (user != null && pong.nonce() == pingNonce && pingSentNanos != 0) {
            user.recordRtt(server.now() - pingSentNanos);
            pingSentNanos = 0;
        }
    }

    @Override
    public void onBye(Bye bye) {
        LOG.log(Level.DEBUG, "{0} said bye: {1}", this, bye.reason());
        server.closeGracefully(connection);
    }

    private void fail(ErrorCode code, String message) {
        server.fail(connection, new Message.ErrorMessage(code, message, null));
    }

    /** Unregisters the user (once): the room and everyone with an open request is told. */
    void leave() {
        if (left || user == null) {
            left = true;
            return;
        }
        left = true;
        server.directory().remove(user);
        if (server.isShuttingDown()) {
            return; // everyone is told "bye" instead; a flurry of user-left would only bury it
        }
        server.matchmaker().leave(user);
        user.room.broadcast(new UserLeft(user.key), user);
        LOG.log(Level.DEBUG, "{0} left", user);
    }

    @Override
    public String toString() {
        return user != null ? user.toString() : connection.toString();
    }
}
