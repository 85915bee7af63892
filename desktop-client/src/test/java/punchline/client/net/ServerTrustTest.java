package punchline.client.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import punchline.client.net.ClientEvent.PinSource;
import punchline.protocol.Codec;
import punchline.protocol.Endpoint;
import punchline.protocol.ProtocolVersion;
import punchline.protocol.ServerMessage.Welcome;
import punchline.server.RendezvousServer;
import punchline.server.ServerOptions;

/**
 * The server link is TLS, and the server's certificate is pinned per server name: on first use, or from
 * the start with HOST:PORT#FINGERPRINT; a server with another certificate, or without TLS, is refused
 * until the user trusts it.
 */
@Timeout(60)
class ServerTrustTest {
    @TempDir
    Path config;

    private static RendezvousServer server(int port) throws Exception {
        RendezvousServer server = new RendezvousServer(ServerOptions.builder()
                .bindAddress(InetAddress.getLoopbackAddress()).port(port).probePort(ServerOptions.NO_PROBE)
                .console(false).build()); // no identity file: a new certificate at every start
        server.start();
        return server;
    }

    private ClientCore core(int port, String fingerprint, EventRecorder events) throws Exception {
        ClientCore core = new ClientCore(ClientConfig.builder("127.0.0.1", port, "Ann").configDir(config)
                .serverFingerprint(fingerprint).reconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(300))
                .natOverride(punchline.protocol.NatType.OPEN).build());
        core.addListener(events);
        core.start();
        return core;
    }

    @Test
    void theFirstServerIsPinnedThenAServerWithAnotherCertificateIsRefusedUntilTrusted() throws Exception {
        RendezvousServer first = server(0);
        int port = first.port();
        EventRecorder events = new EventRecorder("Ann");
        ClientCore ann = core(port, null, events);
        ClientEvent.ServerPinned pinned = events.await(ClientEvent.ServerPinned.class);
        assertEquals(new ClientEvent.ServerPinned("127.0.0.1:" + port, first.fingerprint(), PinSource.FIRST_USE),
                pinned);
        events.await(ClientEvent.Registered.class);
        assertTrue(Files.readString(config.resolve(KnownServers.FILE_NAME)).contains(first.fingerprint()));
        ann.stop();
        first.stop();

        // Same name, another certificate: someone else (or a server that lost its identity).
        RendezvousServer impostor = server(port);
        EventRecorder again = new EventRecorder("Ann again");
        ClientCore annAgain = core(port, null, again);
        try {
            ClientEvent.ServerCertificateChanged changed = again.await(ClientEvent.ServerCertificateChanged.class);
            assertEquals(first.fingerprint(), changed.pinned());
            assertEquals(impostor.fingerprint(), changed.presented());
            ClientEvent.ServerUnreachable refused = again.await(ClientEvent.ServerUnreachable.class,
                    u -> u.reason().contains("presented a certificate other than"));
            assertTrue(refused.reason().contains("trust-server"), refused.reason());
            assertTrue(again.ofType(ClientEvent.Registered.class).isEmpty(), "the link did not come up");
            assertEquals(0, impostor.users().size(), "no hello was sent to it");

            annAgain.trustServer(null); // the user checked the new fingerprint with the operator
            assertEquals(PinSource.TRUSTED, again.await(ClientEvent.ServerPinned.class).how());
            again.await(ClientEvent.Registered.class);
            assertTrue(Files.readString(config.resolve(KnownServers.FILE_NAME)).contains(impostor.fingerprint()));
        } finally {
            annAgain.stop();
            impostor.stop();
        }
    }

    @Test
    void aFingerprintGivenWithTheAddressPinsFromTheStart() throws Exception {
        RendezvousServer real = server(0);
        RendezvousServer other = server(0);
        try {
            EventRecorder events = new EventRecorder("Ann");
            ClientCore ann = core(other.port(), real.fingerprint(), events); // told the real one's fingerprint
            try {
                assertEquals(PinSource.GIVEN, events.await(ClientEvent.ServerPinned.class).how());
                ClientEvent.ServerCertificateChanged changed = events.await(ClientEvent.ServerCertificateChanged.class);
                assertEquals(real.fingerprint(), changed.pinned(), "refused on the very first connection");
                assertEquals(other.fingerprint(), changed.presented());
                assertTrue(events.ofType(ClientEvent.Registered.class).isEmpty());
            } finally {
                ann.stop();
            }
            EventRecorder right = new EventRecorder("Ann right");
            ClientCore annRight = core(real.port(), real.fingerprint(), right);
            try {
                right.await(ClientEvent.Registered.class);
                assertTrue(right.ofType(ClientEvent.ServerPinned.class).stream()
                        .noneMatch(p -> p.how() == PinSource.FIRST_USE), "no trust on first use needed");
            } finally {
                annRight.stop();
            }
        } finally {
            real.stop();
            other.stop();
        }
        assertEquals("example.org:3333", ServerAddress.parse("Example.org").name());
        assertEquals(real.fingerprint(), ServerAddress.parse("[::1]:4000#" + real.fingerprint().toUpperCase())
                .fingerprint());
        assertEquals("[::1]:4000", ServerAddress.parse("[::1]:4000").name());
    }

    /** A server that answers in plain JSON (an old Punchline, or a fake one) is refused, and hears no hello. */
    @Test
    void aPlainTcpServerIsRefused() throws Exception {
        try (ServerSocket plain = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> heard = new CompletableFuture<>();
            Threads.start("plain-server", () -> {
                try (Socket socket = plain.accept()) {
                    socket.setSoTimeout(5_000);
                    socket.getOutputStream().write(Codec.encode(new Welcome("aaaaaa", new Endpoint("127.0.0.1", 1),
                            "lobby", 15, ProtocolVersion.CURRENT)));
                    InputStream in = socket.getInputStream();
                    ByteArrayOutputStream got = new ByteArrayOutputStream();
                    byte[] buffer = new byte[4096];
                    int n;
                    try {
                        while ((n = in.read(buffer)) > 0) {
                            got.write(buffer, 0, n);
                        }
                    } catch (java.io.IOException e) {
                        // the client hung up
                    }
                    heard.complete(got.toString(StandardCharsets.ISO_8859_1));
                } catch (Exception e) {
                    heard.completeExceptionally(e);
                }
            });
            EventRecorder events = new EventRecorder("Ann");
            ClientCore ann = core(plain.getLocalPort(), null, events);
            try {
                ClientEvent.ServerUnreachable refused = events.await(ClientEvent.ServerUnreachable.class);
                assertTrue(refused.reason().contains("plain text instead of TLS"), refused.reason());
                assertTrue(events.ofType(ClientEvent.Registered.class).isEmpty(), "a plain welcome is never believed");
                assertTrue(events.ofType(ClientEvent.ServerPinned.class).isEmpty(), "nothing to pin");
                String sent = heard.get(10, TimeUnit.SECONDS);
                assertFalse(sent.contains("hello"), "our hello never went out in the clear: " + sent);
            } finally {
                ann.stop();
            }
        }
    }

    @Test
    void aDamagedKnownServersFileIsMovedAsideWithAMessage() throws Exception {
        Files.writeString(config.resolve(KnownServers.FILE_NAME), "{not json");
        RendezvousServer server = server(0);
        try {
            EventRecorder events = new EventRecorder("Ann");
            ClientCore ann = core(server.port(), null, events);
            try {
                ClientEvent.StoreProblem problem = events.await(ClientEvent.StoreProblem.class);
                assertEquals("moved-aside", problem.kind());
                assertTrue(problem.message().contains(KnownServers.FILE_NAME), problem.message());
                events.await(ClientEvent.Registered.class);
            } finally {
                ann.stop();
            }
        } finally {
            server.stop();
        }
        try (Stream<Path> files = Files.list(config)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith(KnownServers.FILE_NAME + ".corrupt-")));
        }
        assertNotEquals("{not json", Files.readString(config.resolve(KnownServers.FILE_NAME)));
    }
}
