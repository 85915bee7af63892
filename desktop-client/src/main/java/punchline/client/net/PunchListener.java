package punchline.client.net;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import punchline.protocol.Codec;
import punchline.protocol.Endpoint;
import punchline.protocol.ErrorCode;
import punchline.protocol.PeerMessage;
import punchline.protocol.PeerMessage.PeerHello;
import punchline.protocol.ProtocolException;

/**
 * Listens on the registered port for the whole life of the client: a punched stream often surfaces
 * through accept() rather than connect() (Ford et al. 2005, §4.3). Each accepted socket's first frame
 * names the punch it belongs to; anything else is closed.
 *
 * <p>Anyone can connect here, so waiting for that first frame is bounded twice (issue 12: a slowloris
 * sending a byte every 2 s held every slot and real punched streams were dropped): each socket has
 * {@link #FIRST_FRAME_DEADLINE_MILLIS} in total, however it trickles; and at most
 * {@link #MAX_UNIDENTIFIED} wait at once per kind, the oldest giving way to a newcomer. The kinds are
 * sockets from the address of a peer we are punching with, and all others: strangers can only push
 * each other out, never a peer's stream.
 */
final class PunchListener {
    private static final System.Logger LOG = System.getLogger(PunchListener.class.getName());
    static final int FIRST_FRAME_MAX_BYTES = 1024;
    /** A real peer's hello follows its connect at once: one round trip is plenty; this is for slow links. */
    static final int FIRST_FRAME_DEADLINE_MILLIS = 3_000;
    static final int MAX_UNIDENTIFIED = 16;

    private final ServerSocket server;
    private final ExecutorService workers;
    private final Function<String, PunchAttempt> attemptsBySession;
    private final Predicate<InetAddress> peerAddress;
    /** Sockets still waiting for their first frame, oldest first; guarded by {@code this}. */
    private final ArrayDeque<Socket> fromPeers = new ArrayDeque<>();
    private final ArrayDeque<Socket> fromOthers = new ArrayDeque<>();
    private volatile boolean stopped;
    private Thread thread;

    /**
     * {@code attemptsBySession}: the punch a hello names (null: none). {@code peerAddress}: whether an
     * address is one a running punch dials (a peer's stream comes from there).
     */
    PunchListener(ServerSocket server, ExecutorService workers, Function<String, PunchAttempt> attemptsBySession,
                  Predicate<InetAddress> peerAddress) {
        this.server = server;
        this.workers = workers;
        this.attemptsBySession = attemptsBySession;
        this.peerAddress = peerAddress;
    }

    int port() {
        return server.getLocalPort();
    }

    void start() {
        thread = Threads.start("punchline-punch-listener", this::run);
    }

    void stop() {
        stopped = true;
        Sockets.closeQuietly(server);
        Threads.join(thread);
        synchronized (this) {
            fromPeers.forEach(Sockets::abort);
            fromOthers.forEach(Sockets::abort);
        }
    }

    private void run() {
        while (!stopped) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!stopped) {
                    LOG.log(Level.WARNING, "punch listener failed: {0}", e.getMessage());
                }
                return;
            }
            ArrayDeque<Socket> waiting = waitingQueueFor(socket);
            try {
                workers.execute(() -> identify(socket, waiting));
            } catch (RejectedExecutionException e) {
                leave(socket, waiting);
                Sockets.abort(socket);
            }
        }
    }

    /** Puts {@code socket} in line for its kind; the oldest of a full line is reset (its reader gives up). */
    private ArrayDeque<Socket> waitingQueueFor(Socket socket) {
        ArrayDeque<Socket> waiting = peerAddress.test(socket.getInetAddress()) ? fromPeers : fromOthers;
        Socket evicted = null;
        synchronized (this) {
            if (waiting.size() >= MAX_UNIDENTIFIED) {
                evicted = waiting.pollFirst();
            }
            waiting.addLast(socket);
        }
        if (evicted != null) {
            LOG.log(Level.DEBUG, "{0} said nothing useful in time for a newcomer; reset", evicted.getRemoteSocketAddress());
            Sockets.abort(evicted);
        }
        return waiting;
    }

    /** Sockets waiting for their first frame now (tests). */
    synchronized int waiting() {
        return fromPeers.size() + fromOthers.size();
    }

    private synchronized boolean leave(Socket socket, ArrayDeque<Socket> waiting) {
        return waiting.remove(socket);
    }

    private void identify(Socket socket, ArrayDeque<Socket> waiting) {
        Endpoint remote = Endpoint.of(socket.getInetAddress(), socket.getPort());
        PeerHello hello;
        try {
            socket.setTcpNoDelay(true);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FIRST_FRAME_DEADLINE_MILLIS);
            String frame = Sockets.readFrameUnbuffered(socket, FIRST_FRAME_MAX_BYTES, deadline);
            PeerMessage first = Codec.decode(frame, PeerMessage.class);
            if (!(first instanceof PeerHello peerHello)) {
                throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, "expected peer-hello first");
            }
            hello = peerHello;
        } catch (IOException | ProtocolException e) {
            LOG.log(Level.DEBUG, "dropped incoming {0}: {1}", remote, e.getMessage());
            leave(socket, waiting);
            Sockets.abort(socket);
            return;
        }
        if (!leave(socket, waiting)) {
            Sockets.abort(socket); // evicted or stopping while its hello came in
            return;
        }
        PunchAttempt attempt = attemptsBySession.apply(hello.session());
        if (attempt == null) {
            LOG.log(Level.DEBUG, "{0} named no punch in progress; closed", remote);
            Sockets.abort(socket);
            return;
        }
        attempt.offerAccepted(socket, hello, remote);
    }
}
