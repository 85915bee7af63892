package punchline.client.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import punchline.client.net.ClientEvent.Connected;
import punchline.client.net.ClientEvent.MessageDelivered;
import punchline.client.net.ClientEvent.MessageReceived;
import punchline.client.net.ClientEvent.RequestReceived;
import punchline.client.net.TestNetwork.Peer;
import punchline.client.store.Delivery;
import punchline.client.store.Direction;
import punchline.client.store.HistoryPage;
import punchline.client.store.StoredMessage;

/** The core keeps contacts and history across restarts, the client's and the server's, by ID. */
@Timeout(60)
class HistoryLoopbackTest {
    @TempDir
    Path annConfig;
    @TempDir
    Path bobConfig;

    private static void connect(Peer a, Peer b) {
        a.core().connect(b.key());
        b.events().await(RequestReceived.class, request -> request.from().equals(a.key()));
        b.core().accept(a.key());
    }

    @Test
    void historySurvivesARestartAndContactsMatchByIdAcrossAServerRestartThatChangedEveryKey() throws Exception {
        try (TestNetwork network = new TestNetwork()) {
            Peer ann = network.join(network.config("Ann").configDir(annConfig).build());
            Peer bob = network.join(network.config("Bob").configDir(bobConfig).build());
            connect(ann, bob);
            ann.events().await(Connected.class);
            bob.events().await(Connected.class);
            ann.core().send(bob.key(), "hi Bob").get(5, TimeUnit.SECONDS);
            ann.events().await(MessageDelivered.class);
            bob.events().await(MessageReceived.class);
            bob.core().send(ann.key(), "hi Ann, 😀").get(5, TimeUnit.SECONDS);
            ann.events().await(MessageReceived.class);
            String bobId = bob.core().id();

            // Ann restarts: her contacts and history are still there, Bob offline or not.
            ann.core().stop();
            Peer annAgain = network.join(network.config("Ann").configDir(annConfig).build());
            HistoryPage page = annAgain.core().contacts().latest(bobId, 10).get(5, TimeUnit.SECONDS);
            List<String> texts = page.messages().stream().map(StoredMessage::text).toList();
            assertEquals(List.of("hi Bob", "hi Ann, 😀"), texts);
            assertEquals(Direction.OUT, page.messages().get(0).direction());
            assertEquals(Delivery.DELIVERED, page.messages().get(0).delivery(), "the ack was kept");
            assertEquals(Delivery.RECEIVED, page.messages().get(1).delivery());
            String bobKeyBefore = bob.key();

            // The server restarts: everyone gets a new key; Bob is still Bob, by ID.
            network.stopServer();
            network.startServer(network.port());
            ClientEvent.Registered rejoined = bob.events().await(ClientEvent.Registered.class, ClientEvent.Registered::rejoined);
            assertNotEquals(bobKeyBefore, rejoined.key());
            annAgain.events().await(ClientEvent.Registered.class, ClientEvent.Registered::rejoined);
            // Bob reaches Ann's room through the user list or a user-joined, whichever came first: ask the core
            // (each call is a round trip to its thread) until it sees him, for at most ten seconds.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            Contacts.Entry entry;
            do {
                entry = annAgain.core().contacts().list().get(5, TimeUnit.SECONDS).stream()
                        .filter(e -> e.contact().id().equals(bobId)).findFirst().orElseThrow();
            } while (!entry.online() && System.nanoTime() - deadline < 0);
            assertTrue(entry.online(), "online again, matched by ID");
            assertEquals(rejoined.key(), entry.key(), "under his new key");
            assertEquals("Bob", entry.contact().name());

            assertTrue(annAgain.core().contacts().forget(bobId).get(5, TimeUnit.SECONDS));
            annAgain.events().await(ClientEvent.ContactForgotten.class);
            assertTrue(annAgain.core().contacts().latest(bobId, 10).get(5, TimeUnit.SECONDS).messages().isEmpty());
        }
        try (Stream<Path> files = Files.list(annConfig)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().equals("punchline.db")));
        }
    }
}
