package punchline.client.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import punchline.client.net.ClientEvent.Attempt;
import punchline.client.net.ClientEvent.Connected;
import punchline.client.net.ClientEvent.Introduced;
import punchline.client.net.ClientEvent.MessageDelivered;
import punchline.client.net.ClientEvent.MessageReceived;
import punchline.client.net.ClientEvent.MessageSent;
import punchline.client.net.ClientEvent.PeerLeft;
import punchline.client.net.ClientEvent.Registered;
import punchline.client.net.ClientEvent.RequestCancelled;
import punchline.client.net.ClientEvent.RequestEnded;
import punchline.client.net.ClientEvent.RequestReceived;
import punchline.client.net.ClientEvent.RequestSent;
import punchline.client.net.ClientEvent.ServerLost;
import punchline.client.net.TestNetwork.Peer;
import punchline.protocol.Endpoint;
import punchline.protocol.ServerMessage.EndReason;
import punchline.protocol.ServerMessage.Role;

/** Two or three client cores and a real rendezvous server on 127.0.0.1. */
@Timeout(60)
class ClientCoreLoopbackTest {
    private TestNetwork network;

    @BeforeEach
    void startServer() throws Exception {
        network = new TestNetwork();
    }

    @AfterEach
    void stopAll() {
        network.close();
    }

    /** Connects {@code a} to {@code b} through the server and waits until both hold the link. */
    static void connect(Peer a, Peer b) {
        a.core().connect(b.key());
        b.events().await(RequestReceived.class, e -> e.from().equals(a.key()));
        b.core().accept(a.key());
        a.events().await(Connected.class, e -> e.peer().equals(b.key()));
        b.events().await(Connected.class, e -> e.peer().equals(a.key()));
    }

    @Test
    void connectAcceptChatAndLeave() throws Exception {
        Peer ann = network.join("Ann");
        Peer bob = network.join("Bob");

        ann.core().connect(bob.key());
        RequestReceived request = bob.events().await(RequestReceived.class);
        assertEquals(ann.key(), request.from());
        assertEquals("Ann", request.name());
        bob.core().accept(ann.key());

        Introduced annIntro = ann.events().await(Introduced.class);
        Introduced bobIntro = bob.events().await(Introduced.class);
        assertEquals(Role.INITIATOR, annIntro.role());
        assertEquals(Role.RESPONDER, bobIntro.role());
        assertTrue(annIntro.sameNat(), "both on 127.0.0.1");
        Connected annSide = ann.events().await(Connected.class);
        Connected bobSide = bob.events().await(Connected.class);
        assertEquals(ClientEvent.Route.DIRECT, annSide.route());
        assertEquals(new Endpoint("127.0.0.1", bob.core().localPort()), annSide.remote(),
                "Ann reaches Bob at his registered port");
        assertEquals("Bob", annSide.name());
        assertEquals("Ann", bobSide.name());

        long id = ann.core().send(bob.key(), "hello Bob ✓").get();
        MessageReceived received = bob.events().await(MessageReceived.class);
        assertEquals("hello Bob ✓", received.text());
        assertEquals(ann.key(), received.peer());
        assertEquals(id, ann.events().await(MessageDelivered.class).id());
        bob.core().send(ann.key(), "hi Ann").get();
        assertEquals("hi Ann", ann.events().await(MessageReceived.class).text());
        ExecutionException pasted = assertThrows(ExecutionException.class, () -> bob.core().send(ann.key(), "\u001b[31mred\u001b[0m").get(), "Ann would refuse it");
        assertTrue(pasted.getCause().getMessage().contains("control characters"), pasted.getCause().getMessage());

        bob.core().stop();
        PeerLeft left = ann.events().await(PeerLeft.class);
        assertEquals(bob.key(), left.peer());
        assertTrue(left.reason().contains("left"), left.reason());

        assertEquals(List.of(RequestSent.class, Introduced.class, Attempt.class, Connected.class, MessageSent.class,
                        MessageDelivered.class, PeerLeft.class),
                dedupe(ann.events().sequence(RequestSent.class, Introduced.class, Attempt.class, Connected.class,
                        MessageSent.class, MessageDelivered.class, PeerLeft.class)),
                "events arrive in the order things happened");
    }

    @Test
    void rejectTellsTheRequester() throws Exception {
        Peer ann = network.join("Ann");
        Peer bob = network.join("Bob");
        ann.core().connect(bob.key());
        bob.events().await(RequestReceived.class);
        bob.core().reject(ann.key());
        assertEquals(new RequestCancelled(ann.key(), EndReason.REJECTED), bob.events().await(RequestCancelled.class),
                "the one who said no sees the request end too");
        RequestEnded ended = ann.events().await(RequestEnded.class);
        assertEquals(bob.key(), ended.to());
        assertEquals(EndReason.REJECTED, ended.reason());
        assertTrue(ann.events().ofType(Introduced.class).isEmpty());
    }

    @Test
    void cancelTellsTheOtherSide() throws Exception {
        Peer ann = network.join("Ann");
        Peer bob = network.join("Bob");
        ann.core().connect(bob.key());
        bob.events().await(RequestReceived.class);
        ann.core().cancel(bob.key());
        assertEquals(EndReason.CANCELLED, bob.events().await(RequestCancelled.class).reason());
        assertEquals(EndReason.CANCELLED, ann.events().await(RequestEnded.class).reason());
        bob.core().accept(ann.key());
        ClientEvent.ServerError error = bob.events().await(ClientEvent.ServerError.class);
        assertEquals(punchline.protocol.ErrorCode.NO_PENDING_REQUEST, error.code());
    }

    @Test
    void requestsOpenWhenTheServerIsLostEndVisibly() throws Exception {
        Peer ann = network.join("Ann");
        Peer bob = network.join("Bob");
        ann.core().connect(bob.key());
        bob.events().await(RequestReceived.class);
        network.stopServer();
        assertEquals(new RequestEnded(bob.key(), EndReason.SERVER_LOST), ann.events().await(RequestEnded.class));
        assertEquals(new RequestCancelled(ann.key(), EndReason.SERVER_LOST),
                bob.events().await(RequestCancelled.class));
        assertTrue(!ann.core().isBusy() || ann.events().ofType(RequestEnded.class).size() == 1);
    }

    @Test
    void severalChatsAtOnce() throws Exception {
        Peer ann = network.join("Ann");
        Peer bob = network.join("Bob");
        Peer cat = network.join("Cat");
        connect(ann, bob);
        connect(cat, ann);
        ann.core().send(bob.key(), "to bob").get();
        ann.core().send(cat.key(), "to cat").get();
        assertEquals("to bob", bob.events().await(MessageReceived.class).text());
        assertEquals("to cat", cat.events().await(MessageReceived.class).text());
        assertTrue(bob.events().ofType(MessageReceived.class).stream().noneMatch(m -> m.text().equals("to cat")));
    }

    @Test
    void chatCarriesOnWithoutTheServerAndClientsRejoin() throws Exception {
        Peer ann = network.join("Ann");
        Peer bob = network.join("Bob");
        connect(ann, bob);
        int port = network.port();

        network.stopServer();
        ann.events().await(ServerLost.class);
        bob.events().await(ServerLost.class);
        ann.core().send(bob.key(), "still here?").get();
        assertEquals("still here?", bob.events().await(MessageReceived.class).text());
        bob.core().send(ann.key(), "yes").get();
        assertEquals("yes", ann.events().await(MessageReceived.class).text());

        network.startServer(port);
        Registered again = ann.events().await(Registered.class, Registered::rejoined);
        assertNotEquals(ann.key(), again.key(), "a rejoining user gets a fresh key");
        bob.events().await(Registered.class, Registered::rejoined);
        assertTrue(ann.events().ofType(PeerLeft.class).isEmpty(), "the chat never dropped");
    }

    @Test
    void anUnreachableServerIsReportedWhileTheCoreKeepsTrying() throws Exception {
        int closed;
        try (ServerSocket probe = new ServerSocket(0)) {
            closed = probe.getLocalPort();
        }
        ClientCore core = new ClientCore(ClientConfig.builder("127.0.0.1", closed, "Ann")
                .reconnectBackoff(java.time.Duration.ofMillis(100), java.time.Duration.ofMillis(200)).build());
        EventRecorder events = new EventRecorder("Ann");
        core.addListener(events);
        core.start();
        try {
            ClientEvent.ServerUnreachable first = events.await(ClientEvent.ServerUnreachable.class);
            assertTrue(first.reason().contains("refused"), first.reason());
            events.await(ClientEvent.ServerUnreachable.class, e -> events.ofType(ClientEvent.ServerUnreachable.class)
                    .size() >= 2); // still trying
            assertEquals(null, core.key());
        } finally {
            core.stop();
        }
    }

    @Test
    void stopLeavesNoThreadOrSocketBehind() throws Exception {
        Peer ann = network.join("Ann");
        Peer bob = network.join("Bob");
        connect(ann, bob);
        int annPort = ann.core().localPort();
        int bobPort = bob.core().localPort();
        ann.core().stop();
        bob.core().stop();
        network.stopServer();

        Set<String> leftover = Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("punchline-")).collect(Collectors.toSet());
        assertEquals(Set.of(), leftover, "threads left running");
        for (int port : new int[] {annPort, bobPort}) {
            try (ServerSocket plain = new ServerSocket(port)) { // no SO_REUSEPORT: fails if anything holds it
                assertEquals(port, plain.getLocalPort());
            }
        }
    }

    private static List<Class<?>> dedupe(List<Class<?>> sequence) {
        List<Class<?>> result = new java.util.ArrayList<>();
        for (Class<?> type : sequence) {
            if (result.isEmpty() || result.get(result.size() - 1) != type) {
                result.add(type);
            }
        }
        return result;
    }
}
