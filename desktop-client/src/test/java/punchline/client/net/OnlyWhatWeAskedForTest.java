package punchline.client.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import punchline.common.CertifiedKey;
import punchline.protocol.ClientMessage.Accept;
import punchline.protocol.Codec;
import punchline.protocol.Endpoint;
import punchline.protocol.NatType;
import punchline.protocol.PeerMessage.PeerHello;
import punchline.protocol.ServerMessage.Introduce;
import punchline.protocol.ServerMessage.Notice;
import punchline.protocol.ServerMessage.Request;
import punchline.protocol.ServerMessage.Role;

/**
 * The client acts on an introduction only for a request it sent or accepted, once: a server (or someone on
 * its path) cannot make it dial wherever it likes (issue 11: 42 unsolicited introductions made one client
 * open 196 connections).
 */
@Timeout(60)
class OnlyWhatWeAskedForTest {
    private static final String TOKEN_A = "q2VxY1dD0b3k9lVwJm4hUe8xZ0ZrQmN5dGVzMTIzNA";
    private static final String TOKEN_B = "b2VxY1dD0b3k9lVwJm4hUe8xZ0ZrQmN5dGVzMTIzNA";

    /** A peer endpoint that counts who comes, and which punch each one's hello names. */
    private static final class CountingPeer implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final List<String> sessions = new CopyOnWriteArrayList<>();
        final CountDownLatch someone = new CountDownLatch(1);

        CountingPeer() throws IOException {
            Threads.start("counting-peer", () -> {
                while (true) {
                    try (Socket s = socket.accept()) {
                        s.setSoTimeout(5_000);
                        PeerHello hello = Codec.decode(Sockets.readFrameUnbuffered(s.getInputStream(), 1024),
                                PeerHello.class);
                        sessions.add(hello.session());
                    } catch (Exception e) {
                        if (socket.isClosed()) {
                            return;
                        }
                        sessions.add("?");
                    }
                    someone.countDown();
                }
            });
        }

        Endpoint endpoint() {
            return new Endpoint("127.0.0.1", socket.getLocalPort());
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void anUnsolicitedIntroductionCausesNoDialAndASolicitedOneIsActedOnOnce() throws Exception {
        CertifiedKey stranger = CertifiedKey.generate("stranger");
        try (IntroducingServer server = new IntroducingServer(); CountingPeer peer = new CountingPeer()) {
            ClientCore core = new ClientCore(ClientConfig.builder("127.0.0.1", server.port(), "Ann")
                    .natOverride(NatType.OPEN).punchTimeout(Duration.ofSeconds(3)).build());
            EventRecorder events = new EventRecorder("Ann");
            core.addListener(events);
            try {
                core.start();
                server.welcome("aaaaaa");
                events.await(ClientEvent.Registered.class);

                // Nobody asked: dropped, whatever it says.
                server.send(introduce("zzzzzz", TOKEN_A, peer.endpoint(), stranger));
                server.send(new Notice("after the unsolicited one", false));
                events.await(ClientEvent.Notice.class);
                assertTrue(events.ofType(ClientEvent.Introduced.class).isEmpty(), "no punch for what we never asked");

                // Asked and accepted: acted on, once, even if the server says it twice.
                server.send(new Request("yyyyyy", "Yan", stranger.id()));
                events.await(ClientEvent.RequestReceived.class);
                core.accept("yyyyyy");
                assertEquals("yyyyyy", server.expect(Accept.class).from());
                server.send(introduce("yyyyyy", TOKEN_B, peer.endpoint(), stranger));
                server.send(introduce("yyyyyy", TOKEN_B, peer.endpoint(), stranger));
                server.send(new Notice("after the solicited ones", false));
                events.await(ClientEvent.Notice.class, n -> n.text().contains("solicited ones"));
                assertEquals(1, events.ofType(ClientEvent.Introduced.class).size(), "once per request");

                assertTrue(peer.someone.await(10, TimeUnit.SECONDS), "the solicited punch dials the peer");
                String solicited = PeerAuth.sessionId(java.util.Base64.getUrlDecoder().decode(TOKEN_B));
                String unsolicited = PeerAuth.sessionId(java.util.Base64.getUrlDecoder().decode(TOKEN_A));
                assertTrue(peer.sessions.contains(solicited), peer.sessions.toString());
                assertTrue(!peer.sessions.contains(unsolicited), "the unsolicited introduction dialled: " + peer.sessions);
            } finally {
                core.stop();
            }
        }
    }

    private static Introduce introduce(String peer, String token, Endpoint endpoint, CertifiedKey key) {
        return new Introduce(peer, "Yan", endpoint, List.of(), token, Role.RESPONDER, 0, false, key.fingerprint(),
                NatType.OPEN, key.id());
    }
}
