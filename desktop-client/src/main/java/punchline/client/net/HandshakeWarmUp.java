package punchline.client.net;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import punchline.client.net.ClientEvent.Route;
import punchline.protocol.Endpoint;
import punchline.protocol.NatType;
import punchline.protocol.PeerMessage;
import punchline.protocol.PeerMessage.Chat;
import punchline.protocol.ProtocolException;
import punchline.protocol.ServerMessage.Introduce;
import punchline.protocol.ServerMessage.Role;

/**
 * The warm path (issue 10): the first chat after launch must be as fast as the tenth. A fresh JVM's
 * first TLS handshake costs about half a second of CPU (class loading, the TLS context, the curve
 * code running interpreted), so while the user is still looking at the user list this runs the real
 * candidate handshake a few times between two ends of our own on loopback, with our own identity, and
 * a chat frame over it: the same code the first punch runs, on a thread of lowest priority. It also
 * loads the look-alike name check a request runs first. Nothing leaves this machine. {@link #stop}
 * cuts it short and waits for it.
 */
final class HandshakeWarmUp {
    private static final System.Logger LOG = System.getLogger(HandshakeWarmUp.class.getName());
    static final int ROUNDS = 10;
    private static final String OURS = "000000";
    private static final String THEIRS = "000001";

    private final PeerTls tls;
    private volatile boolean stopped;
    private volatile ServerSocket listener;
    private volatile Socket dialled;
    private Thread thread;
    private Thread peer;
    private int rounds;
    private long firstNanos;
    private long lastNanos;

    HandshakeWarmUp(PeerTls tls) {
        this.tls = tls;
    }

    synchronized void start() {
        if (thread == null && !stopped) {
            thread = Threads.start("punchline-warmup", this::run);
            thread.setPriority(Thread.MIN_PRIORITY);
        }
    }

    /** No further rounds (a real punch needs the CPU); returns at once. */
    void yieldTo() {
        stopped = true;
    }

    void stop() {
        stopped = true;
        Sockets.closeQuietly(listener);
        Sockets.abort(dialled);
        Thread running;
        synchronized (this) {
            running = thread;
        }
        Threads.join(running);
    }

    /** Handshakes completed (tests). */
    synchronized int rounds() {
        return rounds;
    }

    private void run() {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener = server;
            tls.prepare();
            // A request or introduction checks the name against the contacts' (Contacts.recognize): the
            // first check loads ICU's confusables data, tens of milliseconds a user would wait.
            Lookalikes.skeleton("warm-up");
            for (int round = 0; round < ROUNDS && !stopped; round++) {
                long started = System.nanoTime();
                handshake(server);
                long took = System.nanoTime() - started;
                synchronized (this) {
                    rounds++;
                    firstNanos = rounds == 1 ? took : firstNanos;
                    lastNanos = took;
                }
            }
            LOG.log(Level.DEBUG, "peer handshake warmed up: {0} ms the first time, {1} ms the last",
                    TimeUnit.NANOSECONDS.toMillis(firstNanos), TimeUnit.NANOSECONDS.toMillis(lastNanos));
        } catch (IOException | CandidateHandshake.Rejected | ProtocolException | RuntimeException e) {
            if (!stopped) {
                LOG.log(Level.DEBUG, "peer handshake warm-up stopped: {0}", e.toString());
            }
        } finally {
            Threads.join(peer);
        }
    }

    /** One handshake between our two ends, the initiator on this thread, the responder on another. */
    private void handshake(ServerSocket server) throws IOException, CandidateHandshake.Rejected,
            ProtocolException {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Endpoint here = Endpoint.of(server.getInetAddress(), server.getLocalPort());
        String session = PeerAuth.sessionId(Base64.getUrlDecoder().decode(token));
        peer = Threads.start("punchline-warmup-peer", () -> respond(server, introduce(OURS, Role.RESPONDER, token,
                here), session));
        peer.setPriority(Thread.MIN_PRIORITY);
        try (Socket socket = Sockets.boundSocket(InetAddress.getLoopbackAddress(), 0)) {
            dialled = socket;
            socket.connect(server.getLocalSocketAddress(), CandidateHandshake.TIMEOUT_MILLIS);
            CandidateHandshake.Authenticated won = new CandidateHandshake(OURS, tls,
                    introduce(THEIRS, Role.INITIATOR, token, here), session).run(socket, null, here, Route.DIRECT);
            won.channel().out().write(won.commit());
            Sockets.write(won.channel().out(), new Chat(1, "warming up", System.currentTimeMillis()));
            won.channel().reader().read(PeerMessage.class); // the responder's chat back
            Sockets.closeQuietly(won.channel().socket());
        } finally {
            Threads.join(peer);
        }
    }

    private void respond(ServerSocket server, Introduce intro, String session) {
        try (Socket socket = server.accept()) {
            CandidateHandshake.Authenticated won = new CandidateHandshake(THEIRS, tls, intro, session)
                    .run(socket, null, Endpoint.of(socket.getInetAddress(), socket.getPort()), Route.DIRECT);
            PeerChannel channel = won.channel();
            channel.reader().read(PeerMessage.class); // chosen
            channel.reader().read(PeerMessage.class); // the chat
            Sockets.write(channel.out(), new Chat(1, "warm", System.currentTimeMillis()));
            Sockets.closeQuietly(channel.socket());
        } catch (IOException | CandidateHandshake.Rejected | ProtocolException | RuntimeException e) {
            if (!stopped) {
                LOG.log(Level.DEBUG, "peer handshake warm-up, other end: {0}", e.toString());
            }
        }
    }

    /** An introduction of the other end of our own loopback pair: our own certificate, a fresh token. */
    private Introduce introduce(String otherKey, Role role, String token, Endpoint at) {
        return new Introduce(otherKey, "warm-up", at, List.of(), token, role, 0, false, tls.identity().fingerprint(),
                NatType.OPEN);
    }
}
