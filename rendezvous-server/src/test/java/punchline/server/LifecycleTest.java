package punchline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import punchline.protocol.Message.Bye;

/** Starting and stopping: clients are told, threads end, the port is free again. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LifecycleTest {
    private static final Duration PROMPTLY = Duration.ofSeconds(5);

    @RegisterExtension
    final Loopback loopback = new Loopback();

    @Test
    void stopSaysByeToEveryClientEndsItsThreadAndFreesThePorts() throws Exception {
        Set<Thread> before = serverThreads();
        RendezvousServer server = loopback.server();
        Set<Thread> started = serverThreads();
        started.removeAll(before);
        assertEquals(1, started.size(), "one I/O thread, named punchline-server-*: " + started);
        List<RawClient> users = loopback.joinAll("lobby", "Ann", "Bob");
        RawClient anonymous = loopback.connect();
        anonymous.sync();

        assertTimeoutPreemptively(PROMPTLY, server::stop);

        for (RawClient client : List.of(users.get(0), users.get(1), anonymous)) {
            assertEquals(new Bye("server shutting down"), client.expect(Bye.class));
            client.expectClosed();
        }
        Set<Thread> alive = serverThreads();
        alive.removeAll(before);
        assertEquals(Set.of(), alive, "threads left running");

        // Both ports again: the probe port too must be free (left to default it would be the main port + 1,
        // which one of this test's client sockets may hold).
        RendezvousServer again = new RendezvousServer(Loopback.options().port(server.port())
                .probePort(server.probePort()).build());
        try {
            again.start();
            RawClient client = RawClient.connect(again.localAddress());
            client.register(client.hello("Cid", "lobby")).sync();
            client.close();
        } finally {
            again.stop();
        }
    }

    @Test
    void stoppingTwiceOrStoppingAnUnstartedServerIsHarmless() {
        RendezvousServer server = loopback.server();
        assertTimeoutPreemptively(PROMPTLY, () -> {
            server.stop();
            server.stop();
            new RendezvousServer(Loopback.options().build()).stop();
        });
    }

    @Test
    void aStoppedServerRefusesCommandsWithAClearMessage() {
        RendezvousServer server = loopback.server();
        server.stop();

        IllegalStateException refused = assertThrows(IllegalStateException.class, server::users);
        assertEquals("server is stopped", refused.getMessage());
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        ServerConsole console = new ServerConsole(server, new PrintStream(output, true, StandardCharsets.UTF_8));
        assertTrue(console.execute("say hello"));
        assertEquals("The server did not take that: server is stopped", output.toString(StandardCharsets.UTF_8).strip());
    }

    @Test
    void aServerStartsOnce() {
        RendezvousServer server = loopback.server();
        assertThrows(IllegalStateException.class, server::start);
        loopback.join("Ann").sync();
    }

    private static Set<Thread> serverThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("punchline-server") && thread.isAlive())
                .collect(Collectors.toSet());
    }
}
