package punchline.client.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import punchline.protocol.Endpoint;
import punchline.protocol.NatType;
import punchline.protocol.ServerMessage.Introduce;
import punchline.protocol.ServerMessage.Role;

/**
 * Never wait on a punch (issue 10, item 3): a direct path that does not work yet gives way to the relay
 * within the budget, the chat is usable at once ({@code connected}, route relay), the punch goes on, and
 * once the path opens the chat moves to it ({@code upgraded}) with nothing lost or reordered. Two peer
 * sides of the core on loopback, a stand-in relay, and a gate in front of Bob's punch port that first
 * turns everything away (a router that lets nothing in yet), then lets it through.
 */
@Timeout(60)
class RelayThenDirectTest {
    private final ExecutorService workers = Executors.newCachedThreadPool(Threads.named("test-punch-"));
    private final ScheduledExecutorService timer = Threads.scheduler("test-punch-timer");

    @Test
    void theRelayCarriesTheChatWhileThePunchGoesOnThenTheChatMovesToTheDirectLink() throws Exception {
        try (SpliceRelay relay = SpliceRelay.splicing(); Side ann = new Side("aaaaaa"); Side bob = new Side("bbbbbb");
             Gate gate = new Gate(bob.listener.port())) {
            Endpoint nowhere = closedEndpoint();
            ann.introduce(bob, Role.INITIATOR, gate.endpoint(), relay);
            bob.introduce(ann, Role.RESPONDER, nowhere, relay);

            ClientEvent.Connected annConnected = ann.events.await(ClientEvent.Connected.class);
            ClientEvent.Connected bobConnected = bob.events.await(ClientEvent.Connected.class);
            assertEquals(ClientEvent.Route.RELAY, annConnected.route(), "usable at once, through the relay");
            assertEquals(ClientEvent.Route.RELAY, bobConnected.route());
            assertTrue(annConnected.elapsed().toMillis() < 5_000, "long before the 10 s punch deadline: "
                    + annConnected.elapsed());
            ann.sessions(s -> s.send("bbbbbb", "one, through the relay"));

            gate.open(); // the path opens: the punch that is still going on gets through
            ClientEvent.Upgraded annUpgraded = ann.events.await(ClientEvent.Upgraded.class);
            bob.events.await(ClientEvent.Upgraded.class);
            assertEquals(gate.endpoint(), annUpgraded.remote());
            ann.sessions(s -> s.send("bbbbbb", "two, direct"));
            bob.events.await(ClientEvent.MessageReceived.class, m -> m.text().equals("two, direct"));

            assertEquals(List.of("one, through the relay", "two, direct"), bob.events.ofType(
                    ClientEvent.MessageReceived.class).stream().map(ClientEvent.MessageReceived::text).toList(),
                    "nothing lost or reordered by the move");
            for (Side side : List.of(ann, bob)) {
                assertEquals(List.of(ClientEvent.Relaying.class, ClientEvent.Connected.class, ClientEvent.Upgraded.class),
                        side.events.sequence(ClientEvent.Relaying.class, ClientEvent.Connected.class,
                                ClientEvent.Upgraded.class, ClientEvent.Failed.class, ClientEvent.PeerLeft.class),
                        "relaying, connected (relay), upgraded: each once, in order, nothing else");
            }
        } finally {
            workers.shutdownNow();
            timer.shutdownNow();
        }
    }

    private static Endpoint closedEndpoint() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new Endpoint("127.0.0.1", probe.getLocalPort());
        }
    }

    /** One client's peer side: its sessions on a core thread of their own, its punch listener, its events. */
    private final class Side implements AutoCloseable {
        final String key;
        final Identity identity = Identity.generate();
        final EventRecorder events;
        final PunchListener listener;
        private final ExecutorService core;
        private final EventDispatcher dispatcher = new EventDispatcher();
        private final PeerSessions sessions;
        private final ExecutorService storeThread;

        Side(String key) throws IOException, punchline.client.store.StoreException {
            this.key = key;
            this.core = Threads.single("test-core-" + key);
            this.events = new EventRecorder(key);
            dispatcher.add(events);
            ClientConfig config = ClientConfig.builder("127.0.0.1", 1, key).identity(identity)
                    .configDir(java.nio.file.Files.createTempDirectory("punchline-test-"))
                    .peerHeartbeat(Duration.ofMillis(500), Duration.ofSeconds(5)).build();
            this.storeThread = Threads.single("test-store-" + key);
            Contacts contacts = new Contacts(storeThread, core, dispatcher, id -> null);
            contacts.load(punchline.client.store.LocalStore.inMemory());
            sessions = new PeerSessions(config, dispatcher, workers, timer, task -> {
                core.execute(task);
                return true;
            }, peer -> peer, contacts);
            listener = new PunchListener(Sockets.listener(0), workers, sessions::attemptFor, sessions::isPeerAddress);
            listener.start();
        }

        void introduce(Side peer, Role role, Endpoint peerAt, SpliceRelay relay) throws Exception {
            Introduce intro = new Introduce(peer.key, "peer-" + peer.key, peerAt, List.of(), PunchHarness.TOKEN, role,
                    0, false, peer.identity.fingerprint(), NatType.EASY, peer.identity.id());
            Endpoint here = new Endpoint("127.0.0.1", listener.port());
            PunchAttempt.Local local = new PunchAttempt.Local(key, null, listener.port(), Set.of(here), here,
                    new PeerTls(identity), NatType.EASY, SpliceRelay.plain(relay.address()), null);
            sessions(s -> s.introduced(intro, local));
        }

        void sessions(java.util.function.Consumer<PeerSessions> task) throws Exception {
            java.util.concurrent.CompletableFuture.runAsync(() -> task.accept(sessions), core).get();
        }

        @Override
        public void close() throws Exception {
            List<PeerLink> open = java.util.concurrent.CompletableFuture.supplyAsync(sessions::stop, core).get();
            open.forEach(link -> {
                link.close("test over");
                link.join();
            });
            listener.stop();
            Threads.shutDown(core);
            Threads.shutDown(storeThread);
            dispatcher.stop();
        }
    }

    /** A port in front of another: resets every connection until opened, then passes bytes both ways. */
    private static final class Gate implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        private final int target;
        private final List<Socket> sockets = new ArrayList<>();
        private volatile boolean open;

        Gate(int target) throws IOException {
            this.target = target;
            Threads.start("test-gate", this::run);
        }

        Endpoint endpoint() {
            return new Endpoint("127.0.0.1", server.getLocalPort());
        }

        void open() {
            open = true;
        }

        private void run() {
            while (true) {
                Socket in;
                try {
                    in = server.accept();
                } catch (IOException e) {
                    return;
                }
                if (!open) {
                    Sockets.abort(in);
                    continue;
                }
                try {
                    Socket out = new Socket(InetAddress.getLoopbackAddress(), target);
                    synchronized (this) {
                        sockets.add(in);
                        sockets.add(out);
                    }
                    Threads.start("test-gate-in", () -> pump(in, out));
                    Threads.start("test-gate-out", () -> pump(out, in));
                } catch (IOException e) {
                    Sockets.abort(in);
                }
            }
        }

        private static void pump(Socket from, Socket to) {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                int read;
                while ((read = in.read(buffer)) > 0) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException e) {
                // one side went away
            }
            Sockets.abort(from);
            Sockets.abort(to);
        }

        @Override
        public synchronized void close() throws IOException {
            server.close();
            sockets.forEach(Sockets::abort);
        }
    }
}
