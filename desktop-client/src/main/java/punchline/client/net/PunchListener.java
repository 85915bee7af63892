package punchline.client.net;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import punchline.protocol.Codec;
import punchline.protocol.Endpoint;
import punchline.protocol.PeerMessage;
import punchline.protocol.PeerMessage.PeerHello;
import punchline.protocol.ProtocolException;

/**
 * Listens on the registered port for the whole life of the client: a punched stream often surfaces
 * through accept() rather than connect() (Ford et al. 2005, §4.3). Each accepted socket's first frame
 * names the punch it belongs to; anything else is closed. Unauthenticated sockets are few and brief.
 */
final class PunchListener {
    private static final System.Logger LOG = System.getLogger(PunchListener.class.getName());
    static final int FIRST_FRAME_MAX_BYTES = 1024;
    private static final int FIRST_FRAME_TIMEOUT_MILLIS = 3_000;
    private static final int MAX_PENDING_HANDSHAKES = 16;

    private final ServerSocket server;
    private final ExecutorService workers;
    private final Function<String, PunchAttempt> attemptsBySession;
    private final Semaphore pending = new Semaphore(MAX_PENDING_HANDSHAKES);
    private volatile boolean stopped;
    private Thread thread;

    PunchListener(ServerSocket server, ExecutorService workers, Function<String, PunchAttempt> attemptsBySession) {
        this.server = server;
        this.workers = workers;
        this.attemptsBySession = attemptsBySession;
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
            if (!pending.tryAcquire()) {
                Sockets.abort(socket); // too many strangers at once
                continue;
            }
            try {
                workers.execute(() -> {
                    try {
                        identify(socket);
                    } finally {
                        pending.release();
                    }
                });
            } catch (RejectedExecutionException e) {
                pending.release();
                Sockets.abort(socket);
            }
        }
    }

    private void identify(Socket socket) {
        Endpoint remote = Endpoint.of(socket.getInetAddress(), socket.getPort());
        try {
            socket.setSoTimeout(FIRST_FRAME_TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
            String frame = Sockets.readFrameUnbuffered(socket.getInputStream(), FIRST_FRAME_MAX_BYTES);
            PeerMessage first = Codec.decode(frame, PeerMessage.class);
            if (!(first instanceof PeerHello hello)) {
                throw new ProtocolException(punchline.protocol.ErrorCode.UNEXPECTED_MESSAGE,
                        "expected peer-hello first");
            }
            PunchAttempt attempt = attemptsBySession.apply(hello.session());
            if (attempt == null) {
                LOG.log(Level.DEBUG, "{0} named no punch in progress; closed", remote);
                Sockets.abort(socket);
                return;
            }
            attempt.offerAccepted(socket, hello, remote);
        } catch (IOException | ProtocolException e) {
            LOG.log(Level.DEBUG, "dropped incoming {0}: {1}", remote, e.getMessage());
            Sockets.abort(socket);
        }
    }
}
