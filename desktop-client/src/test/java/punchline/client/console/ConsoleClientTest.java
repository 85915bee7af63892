package punchline.client.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import punchline.client.net.ClientCore;
import punchline.client.net.ClientEvent;
import punchline.client.net.EventRecorder;
import punchline.client.net.TestNetwork;
import punchline.protocol.Codec;
import punchline.protocol.UserId;

/** Two console clients, driven through their input like a script would, through a real server. */
@Timeout(60)
class ConsoleClientTest {
    @TempDir
    Path dir;
    private TestNetwork network;

    @BeforeEach
    void start() throws IOException {
        network = new TestNetwork();
    }

    @AfterEach
    void stop() {
        network.close();
    }

    /** A console client running on its own thread with a pipe for its input. */
    private final class Driven implements AutoCloseable {
        final ClientCore core;
        final EventRecorder events;
        final Path journalFile;
        final ByteArrayOutputStream output = new ByteArrayOutputStream();
        final PipedOutputStream input = new PipedOutputStream();
        final CompletableFuture<Void> finished = new CompletableFuture<>();
        final String key;

        Driven(String name) throws IOException {
            core = new ClientCore(network.config(name).build());
            journalFile = dir.resolve(name + ".jsonl");
            EventJournal journal = new EventJournal(journalFile);
            ConsoleClient console = new ConsoleClient(core, new PrintStream(output, true, StandardCharsets.UTF_8),
                    journal);
            events = new EventRecorder(name); // after the console's listeners: it has printed what we see
            core.addListener(events);
            BufferedReader reader = new BufferedReader(new InputStreamReader(new PipedInputStream(input),
                    StandardCharsets.UTF_8));
            core.start();
            Thread thread = new Thread(() -> {
                try {
                    console.run(reader);
                    finished.complete(null);
                } catch (IOException e) {
                    finished.completeExceptionally(e);
                }
            }, "test-console-" + name);
            thread.setDaemon(true);
            thread.start();
            key = events.await(ClientEvent.Registered.class).key();
        }

        void type(String line) throws IOException {
            input.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            input.flush();
        }

        String output() {
            return output.toString(StandardCharsets.UTF_8);
        }

        List<JsonObject> journal() throws IOException {
            return Files.readAllLines(journalFile).stream()
                    .map(line -> Codec.gson().fromJson(line, JsonObject.class)).toList();
        }

        JsonObject journalEvent(String event) throws IOException {
            return journal().stream().filter(json -> json.get("event").getAsString().equals(event))
                    .findFirst().orElseThrow(() -> new AssertionError("no " + event + " in " + journalFile));
        }

        @Override
        public void close() {
            core.stop();
        }
    }

    @Test
    void twoConsolesConnectChatAndLeave() throws Exception {
        try (Driven ann = new Driven("Ann"); Driven bob = new Driven("Bob")) {
            ann.type("connect " + bob.key);
            bob.events.await(ClientEvent.RequestReceived.class);
            assertTrue(bob.output().contains("\u2068Ann\u2069 (" + ann.key + ") wants to connect: type 'accept " + ann.key + "'"),
                    bob.output());
            bob.type("accept " + ann.key);
            ann.events.await(ClientEvent.Connected.class);
            bob.events.await(ClientEvent.Connected.class);
            ann.type("say hello from ann");
            bob.events.await(ClientEvent.MessageReceived.class);
            bob.type("msg " + ann.key + " hello from bob");
            ann.events.await(ClientEvent.MessageReceived.class);
            assertTrue(bob.output().contains("[\u2068Ann\u2069] \u2068hello from ann\u2069"), bob.output());
            assertTrue(ann.output().contains("[\u2068Bob\u2069] \u2068hello from bob\u2069"), ann.output());

            assertEquals(ann.key, ann.journalEvent("welcome").get("key").getAsString());
            assertEquals(ann.key, bob.journalEvent("request").get("from").getAsString());
            JsonObject connected = ann.journalEvent("connected");
            assertEquals(bob.key, connected.get("peer").getAsString());
            assertEquals("direct", connected.get("route").getAsString());
            assertEquals("127.0.0.1:" + bob.core.localPort(), connected.get("remote").getAsString());
            JsonObject message = bob.journalEvent("message");
            assertEquals(ann.key, message.get("from").getAsString());
            assertEquals("hello from ann", message.get("text").getAsString());

            bob.type("exit");
            bob.finished.get(10, TimeUnit.SECONDS);
            bob.core.stop();
            ann.events.await(ClientEvent.PeerLeft.class);
            assertEquals(bob.key, ann.journalEvent("peer-left").get("peer").getAsString());
        }
    }

    @Test
    void endOfInputDoesNotEndAnOpenChat() throws Exception {
        try (Driven ann = new Driven("Ann"); Driven bob = new Driven("Bob")) {
            ann.type("connect " + bob.key);
            bob.events.await(ClientEvent.RequestReceived.class);
            bob.type("accept " + ann.key);
            bob.events.await(ClientEvent.Connected.class);
            ann.input.close(); // stdin closed: Ann's console must keep the chat open
            ann.events.await(ClientEvent.Connected.class);
            bob.type("say are you still there?");
            assertEquals("are you still there?", ann.events.await(ClientEvent.MessageReceived.class).text());
            assertTrue(!ann.finished.isDone(), "the console ended while a chat was open");
            bob.type("close " + ann.key);
            ann.events.await(ClientEvent.PeerLeft.class);
            ann.finished.get(10, TimeUnit.SECONDS); // nothing under way any more: it ends by itself
        }
    }

    @Test
    void badCommandsGetAClearAnswer() throws Exception {
        try (Driven ann = new Driven("Ann")) {
            ann.type("connect");
            ann.type("connect not-a-key");
            ann.type("teleport home");
            ann.type("say hello");
            ann.type("msg zzzzzz hi");
            ann.type("msg zzzzzz " + "x".repeat(4_001));
            ann.type("help");
            ann.events.await(ClientEvent.CommandRejected.class);
            ann.type("exit");
            ann.finished.get(10, TimeUnit.SECONDS);
            String out = ann.output();
            assertTrue(out.contains("! usage: connect KEY"), out);
            assertTrue(out.contains("'not-a-key' is not a user key"), out);
            assertTrue(out.contains("! Unknown command 'teleport'"), out);
            assertTrue(out.contains("no chat yet"), out);
            assertTrue(out.contains("! no open chat with zzzzzz"), out);
            assertTrue(out.contains("! Not sent: messages are limited to 4000 characters."), out);
            assertTrue(out.contains("accept KEY"), "help lists the commands: " + out);
        }
    }

    /** The ID, contacts and history commands, and the journal's new fields, with two consoles. */
    @Test
    void idContactsAndHistoryAreOneCommandAway() throws Exception {
        try (Driven ann = new Driven("Ann"); Driven bob = new Driven("Bob")) {
            assertEquals(ann.core.id(), ann.journalEvent("welcome").get("id").getAsString());
            assertTrue(ann.output().contains("Your ID: " + UserId.shortForm(ann.core.id())), ann.output());
            ann.type("connect " + bob.key);
            bob.events.await(ClientEvent.RequestReceived.class);
            assertEquals(ann.core.id(), bob.journalEvent("request").get("id").getAsString());
            assertTrue(bob.output().contains("[ID " + UserId.shortForm(ann.core.id()) + ", not one of your contacts"),
                    bob.output());
            bob.type("accept " + ann.key);
            ann.events.await(ClientEvent.Connected.class);
            assertEquals(bob.core.id(), ann.journalEvent("connected").get("id").getAsString());
            ann.type("say first words");
            bob.events.await(ClientEvent.MessageReceived.class);
            ann.events.await(ClientEvent.MessageDelivered.class);

            ann.type("id");
            ann.type("contacts");
            ann.type("history " + bob.key + " 5");
            ann.type("trust-server");
            ann.events.await(ClientEvent.CommandRejected.class);
            String out = ann.output();
            assertTrue(out.contains("Your ID: " + UserId.readable(ann.core.id())), out);
            assertTrue(out.contains("Bob  ID " + UserId.shortForm(bob.core.id()) + "  online as " + bob.key), out);
            assertTrue(out.contains("you: first words"), out);
            assertTrue(out.contains("the server's certificate has not changed"), out);
            assertTrue(ann.journalEvent("contact-saved").get("added").getAsBoolean());
        }
    }
}
