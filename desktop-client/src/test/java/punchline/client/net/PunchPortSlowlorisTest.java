package punchline.client.net;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import punchline.client.net.TestNetwork.Peer;

/**
 * Slowloris on a client's punch port: strangers connect to it and trickle a byte of a peer-hello every
 * second, as long as they like. The client stays responsive: a real peer still gets a chat going and it
 * carries messages both ways; the strangers cost a bounded number of threads.
 */
@Tag("hostile")
@Timeout(90)
class PunchPortSlowlorisTest {
    private static final int STRANGERS = 40;

    private TestNetwork network;
    private ScheduledExecutorService trickle;
    private final List<Socket> strangers = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        network = new TestNetwork();
        trickle = Threads.scheduler("test-slowloris");
    }

    @AfterEach
    void stop() {
        trickle.shutdownNow();
        strangers.forEach(Sockets::abort);
        network.close();
    }

    /** Strangers from 127.0.30.x hang on {@code victim}'s punch port, each writing a byte a second. */
    private void hangOn(Peer victim) throws IOException {
        byte[] hello = "{\"type\":\"peer-hello\",\"version\":1,\"key\":\"ab12cd\"".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < STRANGERS; i++) {
            Socket stranger = new Socket();
            stranger.bind(new InetSocketAddress(InetAddress.getByName("127.0.30." + (i + 1)), 0));
            stranger.connect(new InetSocketAddress("127.0.0.1", victim.core().localPort()), 5_000);
            strangers.add(stranger);
            OutputStream out = stranger.getOutputStream();
            int[] next = {0};
            trickle.scheduleAtFixedRate(() -> {
                try {
                    out.write(hello[next[0]++ % hello.length]);
                } catch (IOException e) {
                    throw new IllegalStateException("dropped"); // ends this stranger's task
                }
            }, 0, 1, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRealPeerChatsWhileStrangersHangOnThePunchPort() throws Exception {
        Peer victim = network.join("Vic");
        Peer friend = network.join("Fay");
        hangOn(victim);
        ClientCoreLoopbackTest.connect(friend, victim);
        victim.core().send(friend.key(), "hello").get(5, TimeUnit.SECONDS);
        friend.events().await(ClientEvent.MessageReceived.class, m -> m.text().equals("hello"));
        friend.core().send(victim.key(), "hi").get(5, TimeUnit.SECONDS);
        victim.events().await(ClientEvent.MessageReceived.class, m -> m.text().equals("hi"));
        long punchThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("punchline-punch-")).count();
        assertTrue(punchThreads <= 64 + 1, "threads for " + STRANGERS + " strangers: " + punchThreads);
    }

    /**
     * The punched stream that arrives only through accept() (the peer's SYN got through, ours did not):
     * here a peer that dials and never listens. The strangers must not keep it out. Failed before issue 12's
     * item 5: the listener's 16 handshake slots stayed taken while each stranger trickled; now a first
     * frame has a total deadline and strangers give way to each other, never to a peer's stream.
     */
    @Test
    void aStreamThatOnlyComesThroughAcceptGetsInWhileStrangersHangOn() throws Exception {
        Peer victim = network.join("Vic");
        hangOn(victim);
        try (HostilePeer peer = HostilePeer.join(network.port(), "Fay")) {
            Thread accept = new Thread(() -> victim.core().accept(victim.events().await(
                    ClientEvent.RequestReceived.class, request -> request.from().equals(peer.key())).from()));
            accept.start();
            peer.connectTo(victim.key(), () -> victim.events().await(ClientEvent.Attempt.class,
                    attempt -> attempt.peer().equals(peer.key())));
            victim.events().await(ClientEvent.Connected.class, connected -> connected.peer().equals(peer.key()));
            peer.send(new punchline.protocol.PeerMessage.Chat(1, "hi", 1));
            victim.events().await(ClientEvent.MessageReceived.class, m -> m.text().equals("hi"));
        }
    }
}
