package punchline.client.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import punchline.protocol.Endpoint;
import punchline.protocol.ServerMessage.Role;

/**
 * The punch port is open to anyone: connections that never finish their first frame must not keep a
 * real peer's punched stream out (issue 12, item 5). Bob's own dials go nowhere, so Ann's stream can
 * only reach him through his listener's accept().
 */
@Timeout(60)
class PunchListenerTest {

    @Test
    void aSlowlorisHoldingEverySlotCannotKeepAPeerOut() throws Exception {
        try (PunchHarness ann = new PunchHarness("aaaaaa"); PunchHarness bob = new PunchHarness("bbbbbb");
             Slowloris loris = new Slowloris(bob.endpoint(), InetAddress.getLoopbackAddress(),
                     PunchListener.MAX_UNIDENTIFIED)) {
            awaitWaiting(bob, PunchListener.MAX_UNIDENTIFIED);
            bob.punch(PunchHarness.intro(ann.key, ann.identity.fingerprint(), Role.RESPONDER, PunchHarness.TOKEN,
                    closedEndpoint(), List.of(), false), Duration.ofSeconds(8));
            ann.punch(PunchHarness.intro(bob.key, bob.identity.fingerprint(), Role.INITIATOR, PunchHarness.TOKEN,
                    bob.endpoint(), List.of(), false), Duration.ofSeconds(8));
            PeerChannel annSide = ann.connected.get(20, TimeUnit.SECONDS);
            PeerChannel bobSide = bob.connected.get(20, TimeUnit.SECONDS);
            assertEquals(annSide.socket().getLocalPort(), bobSide.socket().getPort(), "one connection, via accept()");
        }
    }

    @Test
    void aFloodFromElsewhereCannotPushOutAPeersStream() throws Exception {
        InetAddress elsewhere = InetAddress.getByName("127.0.0.2"); // loopback too: nothing leaves this host
        try (PunchHarness ann = new PunchHarness("aaaaaa"); PunchHarness bob = new PunchHarness("bbbbbb");
             Slowloris flood = new Slowloris(bob.endpoint(), elsewhere, 4 * PunchListener.MAX_UNIDENTIFIED)) {
            awaitWaiting(bob, PunchListener.MAX_UNIDENTIFIED);
            bob.punch(PunchHarness.intro(ann.key, ann.identity.fingerprint(), Role.RESPONDER, PunchHarness.TOKEN,
                    closedEndpoint(), List.of(), false), Duration.ofSeconds(8));
            ann.punch(PunchHarness.intro(bob.key, bob.identity.fingerprint(), Role.INITIATOR, PunchHarness.TOKEN,
                    bob.endpoint(), List.of(), false), Duration.ofSeconds(8));
            ann.connected.get(20, TimeUnit.SECONDS);
            bob.connected.get(20, TimeUnit.SECONDS);
        }
    }

    /** Until the listener holds {@code count} sockets waiting for a first frame (no sleep: a spin with a deadline). */
    private static void awaitWaiting(PunchHarness side, int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (side.listener.waiting() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + side.listener.waiting() + " waiting");
            }
            Thread.onSpinWait();
        }
    }

    private static Endpoint closedEndpoint() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new Endpoint("127.0.0.1", probe.getLocalPort());
        }
    }

    /**
     * {@code count} connections from {@code from} that each send the start of a frame and then one more
     * byte every 500 ms, never a newline; one that is cut is opened again at the next tick.
     */
    private static final class Slowloris implements AutoCloseable {
        private final Endpoint target;
        private final InetAddress from;
        private final List<Socket> sockets = new ArrayList<>();
        private final ScheduledExecutorService timer = Threads.scheduler("test-slowloris");

        Slowloris(Endpoint target, InetAddress from, int count) {
            this.target = target;
            this.from = from;
            for (int i = 0; i < count; i++) {
                sockets.add(open());
            }
            timer.scheduleAtFixedRate(this::drip, 500, 500, TimeUnit.MILLISECONDS);
        }

        private Socket open() {
            Socket socket = new Socket();
            try {
                socket.bind(new InetSocketAddress(from, 0));
                socket.connect(target.toSocketAddress(), 2_000);
                socket.getOutputStream().write("{\"type\":".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                // refused or reset: opened again at the next tick
            }
            return socket;
        }

        private synchronized void drip() {
            for (int i = 0; i < sockets.size(); i++) {
                try {
                    OutputStream out = sockets.get(i).getOutputStream();
                    out.write(' ');
                    out.flush();
                } catch (IOException e) {
                    Sockets.abort(sockets.get(i));
                    sockets.set(i, open());
                }
            }
        }

        @Override
        public synchronized void close() {
            timer.shutdownNow();
            sockets.forEach(Sockets::abort);
        }
    }
}
