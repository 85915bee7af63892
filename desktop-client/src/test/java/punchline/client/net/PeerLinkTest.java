package punchline.client.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import punchline.protocol.Endpoint;
import punchline.protocol.FrameReader;
import punchline.protocol.Message;
import punchline.protocol.PeerMessage;
import punchline.protocol.PeerMessage.Ack;
import punchline.protocol.PeerMessage.Chat;

/** A peer link against a raw socket playing the other peer. */
@Timeout(30)
class PeerLinkTest {
    private ScheduledExecutorService timer;
    private Socket ours;
    private Socket theirs;
    private final CompletableFuture<String> closedReason = new CompletableFuture<>();
    private final CompletableFuture<List<Long>> undelivered = new CompletableFuture<>();
    private final CompletableFuture<Long> delivered = new CompletableFuture<>();
    private final CompletableFuture<Chat> received = new CompletableFuture<>();

    @BeforeEach
    void connectPair() throws Exception {
        timer = Threads.scheduler("test-timer");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ours = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
            theirs = server.accept();
        }
    }

    @AfterEach
    void close() throws Exception {
        ours.close();
        theirs.close();
        timer.shutdownNow();
    }

    private PeerLink link(Duration heartbeat, Duration timeout) throws Exception {
        return link(new PeerChannel(ours, ours, new FrameReader(ours.getInputStream()), ours.getOutputStream(),
                Endpoint.of(theirs.getLocalAddress(), theirs.getLocalPort()), false, ClientEvent.Route.DIRECT),
                heartbeat, timeout);
    }

    private PeerLink link(PeerChannel channel, Duration heartbeat, Duration timeout) {
        ClientConfig config = ClientConfig.builder("127.0.0.1", 3333, "me").peerHeartbeat(heartbeat, timeout).build();
        PeerLink link = new PeerLink("abcdef", channel, config, new PeerLink.Listener() {
            @Override
            public void onMessage(Chat chat) {
                received.complete(chat);
            }

            @Override
            public void onDelivered(long id) {
                delivered.complete(id);
            }

            @Override
            public void onUpgradeProposed(long startInMillis) {
            }

            @Override
            public void onSwitched(PeerChannel channel) {
            }

            @Override
            public void onClosed(String reason, List<Long> ids) {
                undelivered.complete(ids);
                closedReason.complete(reason);
            }
        }, timer);
        link.start();
        return link;
    }

    private void send(Message message) throws Exception {
        Sockets.write(theirs.getOutputStream(), message);
    }

    @Test
    void aSilentPeerIsDeclaredGoneAfterTheTimeout() throws Exception {
        link(Duration.ofMillis(200), Duration.ofMillis(1500));
        // The other side never answers (a frozen or unplugged machine): no FIN, no RST, nothing.
        String reason = closedReason.get(10, TimeUnit.SECONDS);
        assertTrue(reason.startsWith("no answer from the peer"), reason);
    }

    @Test
    void pingsKeepAnAnsweringPeerAlive() throws Exception {
        // A pause of over a second (this machine is shared) does not end it; 15 pings take 3 s.
        link(Duration.ofMillis(200), Duration.ofSeconds(2));
        FrameReader reader = new FrameReader(theirs.getInputStream());
        // Answer pings for well over the timeout; the link must stay open.
        for (int pongs = 0; pongs < 15; ) {
            PeerMessage message = reader.read(PeerMessage.class);
            if (message == null) {
                fail("closed after " + pongs + " pongs: " + closedReason.getNow(null));
            }
            if (message instanceof Message.Ping ping) {
                send(new Message.Pong(ping.nonce()));
                pongs++;
            }
        }
        assertTrue(!closedReason.isDone(), "closed while the peer answered: " + closedReason.getNow(null));
    }

    @Test
    void chatIsAcknowledgedBothWays() throws Exception {
        PeerLink link = link(Duration.ofSeconds(5), Duration.ofSeconds(20));
        long id = link.send("hello");
        FrameReader reader = new FrameReader(theirs.getInputStream());
        Chat chat = (Chat) reader.read(PeerMessage.class);
        assertEquals("hello", chat.text());
        assertEquals(id, chat.id());
        send(new Ack(id));
        assertEquals(id, delivered.get(5, TimeUnit.SECONDS));

        send(new Chat(1, "hi back", 1L));
        assertEquals("hi back", received.get(5, TimeUnit.SECONDS).text());
        assertEquals(new Ack(1), reader.read(PeerMessage.class), "we acknowledge what we receive");
    }

    @Test
    void unacknowledgedMessagesAreReportedWhenThePeerLeaves() throws Exception {
        PeerLink link = link(Duration.ofSeconds(5), Duration.ofSeconds(20));
        long first = link.send("one");
        long second = link.send("two");
        send(new Message.Bye("closed Punchline"));
        assertEquals("the peer left: closed Punchline", closedReason.get(5, TimeUnit.SECONDS));
        assertEquals(List.of(first, second), undelivered.get());
        assertEquals(-1, link.send("too late"));
    }

    /**
     * A peer that stops reading (a frozen machine, a path that drops everything) fills the send buffer
     * and blocks our TLS writer while it holds TLS's lock; closing must still return, or quitting the
     * app would hang for ever.
     */
    @Test
    void closingALinkToAPeerThatStoppedReadingReturns() throws Exception {
        Identity mine = Identity.generate();
        Identity peers = Identity.generate();
        CompletableFuture<javax.net.ssl.SSLSocket> theirTls = CompletableFuture.supplyAsync(() -> {
            try {
                return new PeerTls(peers).secure(theirs, null, new PeerTls.Pin(mine.fingerprint(), null), false);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        javax.net.ssl.SSLSocket tls = new PeerTls(mine).secure(ours, null, new PeerTls.Pin(peers.fingerprint(), null), true);
        theirTls.get(10, TimeUnit.SECONDS); // handshake done; from now on the peer reads nothing
        PeerLink link = link(new PeerChannel(tls, ours, new FrameReader(tls.getInputStream()), tls.getOutputStream(),
                Endpoint.of(theirs.getLocalAddress(), theirs.getLocalPort()), false, ClientEvent.Route.DIRECT),
                Duration.ofSeconds(5), Duration.ofSeconds(20));
        String big = "x".repeat(punchline.protocol.Limits.MAX_CHAT_CHARS);
        for (int i = 0; i < 255 && link.send(big) > 0; i++) {
            // queue until the writer is stuck on a full send buffer
        }
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> link.close("closed Punchline"));
        assertEquals("closed Punchline", closedReason.get(10, TimeUnit.SECONDS));
        assertTrue(undelivered.get().size() > 100, "what never left is reported: " + undelivered.get().size());
    }

    /**
     * Our own chats fill the writer's line while the peer reads nothing (a slow path, a busy machine):
     * the ack of the peer's chat must still go out, or its sender reports a message we showed as never
     * delivered. Small fixed socket buffers make the writer block after a few chats, whatever the kernel's
     * autotuning would do.
     */
    @Test
    void theAckOfAPeersChatGoesOutWhileOurChatsFillTheLine() throws Exception {
        PeerLink link = linkOverSmallBuffers();
        int accepted = fillTheLine(link);
        send(new Chat(1, "are you there?", 1L));
        assertEquals("are you there?", received.get(5, TimeUnit.SECONDS).text());

        theirs.setSoTimeout(5_000);
        FrameReader reader = new FrameReader(theirs.getInputStream());
        int chats = 0;
        while (true) {
            PeerMessage message;
            try {
                message = reader.read(PeerMessage.class);
            } catch (java.net.SocketTimeoutException e) {
                throw new AssertionError("no ack of the peer's chat; our " + chats + " of " + accepted
                        + " chats came, then nothing (closed: " + closedReason.getNow(null) + ")");
            }
            assertTrue(message != null, "the link closed: " + closedReason.getNow(null));
            if (message instanceof Ack ack && ack.id() == 1) {
                break;
            }
            if (message instanceof Chat) {
                chats++;
            }
        }
        assertEquals(accepted, chats, "every chat we took went out, before the ack queued behind them");
        assertTrue(link.send("still here") > 0, "the drained link takes chats again");
        assertTrue(!closedReason.isDone(), "closed: " + closedReason.getNow(null));
    }

    /** A burst of the peer's chats (as many as it may send at once) is acknowledged, every one. */
    @Test
    void aBurstOfThePeersChatsIsAcknowledgedEveryOne() throws Exception {
        link(Duration.ofMinutes(1), Duration.ofMinutes(2));
        StringBuilder burst = new StringBuilder();
        int chats = 300;
        for (int id = 1; id <= chats; id++) {
            burst.append("{\"type\":\"chat\",\"id\":").append(id).append(",\"text\":\"hi\",\"sentAt\":1}\n");
        }
        OutputStream out = theirs.getOutputStream();
        out.write(burst.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.flush();
        theirs.setSoTimeout(10_000);
        FrameReader reader = new FrameReader(theirs.getInputStream());
        java.util.Set<Long> acknowledged = new java.util.TreeSet<>();
        while (acknowledged.size() < chats) {
            PeerMessage message = reader.read(PeerMessage.class);
            assertTrue(message != null, "the link closed after " + acknowledged.size() + " acks: "
                    + closedReason.getNow(null));
            if (message instanceof Ack ack) {
                acknowledged.add(ack.id());
            }
        }
        assertEquals(chats, acknowledged.size());
        assertTrue(!closedReason.isDone(), "closed: " + closedReason.getNow(null));
    }

    /**
     * A link over a pair whose buffers are small and fixed (no autotuning), so that a peer that reads
     * nothing blocks our writer after a few chats.
     */
    private PeerLink linkOverSmallBuffers() throws Exception {
        ours.close();
        theirs.close();
        try (ServerSocket server = new ServerSocket()) {
            server.setReceiveBufferSize(4096); // inherited by the accepted socket
            server.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            ours = new Socket();
            ours.setSendBufferSize(4096);
            ours.connect(server.getLocalSocketAddress());
            theirs = server.accept();
        }
        return link(Duration.ofMinutes(1), Duration.ofMinutes(2));
    }

    /** Sends long chats until the link refuses one; returns how many it took. */
    private static int fillTheLine(PeerLink link) {
        String big = "x".repeat(punchline.protocol.Limits.MAX_CHAT_CHARS);
        int accepted = 0;
        while (link.send(big) > 0) {
            accepted++;
            assertTrue(accepted < 1_000, "the line never filled");
        }
        return accepted;
    }

    @Test
    void aFloodingPeerIsCutOff() throws Exception {
        link(Duration.ofSeconds(5), Duration.ofSeconds(20));
        StringBuilder flood = new StringBuilder();
        for (int i = 1; i <= 2_000; i++) {
            flood.append("{\"type\":\"chat\",\"id\":").append(i).append(",\"text\":\"spam\",\"sentAt\":1}\n");
        }
        OutputStream out = theirs.getOutputStream();
        out.write(flood.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.flush();
        assertEquals("the peer sent too much too fast", closedReason.get(10, TimeUnit.SECONDS));
    }

    @Test
    void garbageFromThePeerClosesTheLinkWithAReason() throws Exception {
        link(Duration.ofSeconds(5), Duration.ofSeconds(20));
        OutputStream out = theirs.getOutputStream();
        out.write("this is not json\n".getBytes());
        out.flush();
        String reason = closedReason.get(5, TimeUnit.SECONDS);
        assertTrue(reason.contains("unreadable"), reason);
        InputStream in = theirs.getInputStream();
        String error = new String(in.readAllBytes());
        assertTrue(error.contains("\"type\":\"error\"") && error.contains("INVALID_JSON"), error);
    }
}
