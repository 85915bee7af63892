package punchline.client.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import punchline.protocol.Endpoint;
import punchline.protocol.FrameReader;
import punchline.protocol.PeerMessage.Chat;

/** Two real peer links moving from one connection (the relay's) to another (a direct one) mid-chat. */
@Timeout(30)
class PeerLinkSwitchTest {
    private final ScheduledExecutorService timer = Threads.scheduler("test-timer");
    private final List<Socket> sockets = new ArrayList<>();

    /** One side of a link, with what it heard. */
    private final class Side {
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        final CompletableFuture<PeerChannel> switched = new CompletableFuture<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        final PeerLink link;

        Side(String key, PeerChannel channel) {
            ClientConfig config = ClientConfig.builder("127.0.0.1", 3333, key)
                    .peerHeartbeat(Duration.ofMillis(200), Duration.ofSeconds(5)).build();
            link = new PeerLink(key, channel, config, new PeerLink.Listener() {
                @Override
                public void onMessage(Chat chat) {
                    received.add(chat.text());
                }

                @Override
                public void onDelivered(long id) {
                }

                @Override
                public void onUpgradeProposed(long startInMillis) {
                }

                @Override
                public void onSwitched(PeerChannel channel) {
                    switched.complete(channel);
                }

                @Override
                public void onClosed(String reason, List<Long> undelivered) {
                    closed.complete(reason);
                }
            }, timer);
            link.start();
        }
    }

    private PeerChannel[] pair(ClientEvent.Route route) throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Socket a = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
            Socket b = server.accept();
            sockets.add(a);
            sockets.add(b);
            return new PeerChannel[] {channel(a, route), channel(b, route)};
        }
    }

    private static PeerChannel channel(Socket socket, ClientEvent.Route route) throws IOException {
        return new PeerChannel(socket, socket, new FrameReader(socket.getInputStream()), socket.getOutputStream(),
                Endpoint.of(socket.getInetAddress(), socket.getPort()), false, route);
    }

    @AfterEach
    void close() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        timer.shutdownNow();
    }

    @Test
    void aChatMovesToTheDirectLinkWithoutLosingOrReorderingAMessage() throws Exception {
        PeerChannel[] relayed = pair(ClientEvent.Route.RELAY);
        PeerChannel[] direct = pair(ClientEvent.Route.DIRECT);
        Side ann = new Side("aaaaaa", relayed[0]);
        Side bob = new Side("bbbbbb", relayed[1]);
        assertTrue(ann.link.isRelayed());

        int total = 200;
        for (int i = 1; i <= total / 2; i++) {
            send(ann, "ann " + i);
            send(bob, "bob " + i);
        }
        awaitReceived(bob, total / 2); // Ann's writer has room for her switch (a full one refuses it)
        ann.link.switchTo(direct[0]); // Ann's side of the new punch finished first
        for (int i = total / 2 + 1; i <= total * 3 / 4; i++) {
            send(ann, "ann " + i);
            send(bob, "bob " + i);
        }
        awaitReceived(ann, total * 3 / 4);
        bob.link.switchTo(direct[1]);
        for (int i = total * 3 / 4 + 1; i <= total; i++) {
            send(ann, "ann " + i);
            send(bob, "bob " + i);
        }

        assertEquals(direct[0].remote(), ann.switched.get(10, TimeUnit.SECONDS).remote());
        assertEquals(direct[1].remote(), bob.switched.get(10, TimeUnit.SECONDS).remote());
        for (int i = 1; i <= total; i++) {
            assertEquals("ann " + i, bob.received.poll(10, TimeUnit.SECONDS), "Bob's message " + i);
            assertEquals("bob " + i, ann.received.poll(10, TimeUnit.SECONDS), "Ann's message " + i);
        }
        assertTrue(!ann.link.isRelayed() && !bob.link.isRelayed());
        // Both have moved: each side closes its end of the relayed connection; the chat goes on directly.
        within10s(() -> relayed[0].socket().isClosed() && relayed[1].socket().isClosed(),
                () -> "the old link was never closed");
        ann.link.send("after the move");
        assertEquals("after the move", bob.received.poll(10, TimeUnit.SECONDS));
        assertTrue(!ann.closed.isDone() && !bob.closed.isDone(), "the chat never dropped");
    }

    /** Waits until {@code side} has heard {@code count} messages (left in its queue for the checks). */
    private static void awaitReceived(Side side, int count) {
        within10s(() -> side.received.size() >= count, () -> side.received.size() + " of " + count
                + " messages arrived");
    }

    /**
     * Sends {@code text}, waiting while the link's bounded writer is full: 200 messages each way in a
     * tight loop, with an ack for every one, can fill its 256 places on a loaded machine, and a message
     * the link refused was never sent (the user is told), so it cannot be lost.
     */
    private static void send(Side side, String text) {
        within10s(() -> side.link.send(text) >= 0, () -> "the link kept refusing " + text);
    }

    /** Asks {@code done} again every millisecond; fails with {@code what} when it is still false after 10 s. */
    private static void within10s(BooleanSupplier done, Supplier<String> what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    @Test
    void aSwitchWithoutOurSideOfTheDirectLinkEndsTheChatWithAReason() throws Exception {
        PeerChannel[] relayed = pair(ClientEvent.Route.RELAY);
        PeerChannel[] direct = pair(ClientEvent.Route.DIRECT);
        Side ann = new Side("aaaaaa", relayed[0]);
        Side bob = new Side("bbbbbb", relayed[1]);
        ann.link.switchTo(direct[0]); // Bob's side never completes
        String reason = bob.closed.get(20, TimeUnit.SECONDS);
        assertTrue(reason.contains("did not come up"), reason);
    }
}
