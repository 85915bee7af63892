package punchline.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import punchline.protocol.ErrorCode;
import punchline.protocol.ServerMessage.ProbeResult;
import punchline.server.Loopback.RelayPair;

/**
 * Slowloris on every port the server listens on: connections that open and then say almost nothing
 * (part of a frame, a byte now and then). Each is cut at a total deadline, never a per-read one; while
 * they hang on, real users join and chat through the relay; and what the server keeps and logs for
 * them stays bounded. Each slow connection comes from an address of its own (loopback is 127/8).
 */
@Tag("hostile")
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SlowlorisTest {
    private static final int SLOW = 200;

    @RegisterExtension
    final Loopback loopback = new Loopback();

    /** Slow connections from 127.0.20.1 on, each having sent {@code start}. */
    private List<RawClient> slow(String start) {
        List<RawClient> slow = new ArrayList<>();
        for (int i = 0; i < SLOW; i++) {
            RawClient client = loopback.connectFrom("127.0.20." + (i % 250 + 1));
            client.sendRaw(start);
            slow.add(client);
        }
        return slow;
    }

    /** Two real users meet and chat through the relay: a request, an introduction, bytes both ways. */
    private void realUsersChat() {
        RelayPair relay = loopback.openRelay();
        byte[] hello = "hello through the relay".getBytes(StandardCharsets.UTF_8);
        relay.requester().sendRaw(hello);
        assertArrayEquals(hello, relay.target().readRaw(hello.length));
        relay.target().sendRaw(hello);
        assertArrayEquals(hello, relay.requester().readRaw(hello.length));
    }

    /** A slow hello, or a slow relay request: both are cut at the hello deadline, counted from the start. */
    @Test
    void slowHellosAndSlowRelayRequestsAreCutAtTheHelloDeadline() {
        RendezvousServer server = loopback.server();
        try (LogRecords log = new LogRecords()) {
            List<RawClient> slowHellos = slow("{\"type\":\"hello\",\"version\":1,\"na");
            List<RawClient> slowRelays = slow("{\"type\":\"relay\",\"token\":\"");
            realUsersChat();
            slowHellos.forEach(client -> client.sendRaw("m")); // a byte now and then moves no deadline
            slowRelays.forEach(client -> client.sendRaw("A"));
            for (RawClient client : slowHellos) {
                client.expectError(ErrorCode.HELLO_TIMEOUT);
            }
            slowRelays.forEach(client -> client.expectError(ErrorCode.HELLO_TIMEOUT));
            loopback.awaitOnServer("only the real users' connections are left", () -> server.connectionCount() == 4);
            loopback.awaitOnServer("the slow addresses' budgets are forgotten", () -> server.addressBudgetCount() <= 1);
            assertTrue(log.messages().size() <= 2, "log lines: " + log.messages());
        }
    }

    /** Relay requests for sessions nobody was introduced to are refused at once, whoever sends them. */
    @Test
    void relayRequestsForUnknownSessionsCostNothing() {
        RendezvousServer server = loopback.server();
        List<RawClient> strangers = new ArrayList<>();
        for (int i = 0; i < SLOW; i++) {
            strangers.add(loopback.joinRelayFrom("127.0.21." + (i % 250 + 1), "A".repeat(43), "ab12cd"));
        }
        realUsersChat();
        strangers.forEach(client -> client.expectError(ErrorCode.RELAY_UNKNOWN_SESSION));
        loopback.awaitOnServer("only the real users' connections are left", () -> server.connectionCount() == 4);
        assertEquals(1, server.relayCount());
    }

    /**
     * The probe port answers at once and closes, reading nothing: connections that never read nor close
     * hold nothing of the server's, and a real probe is answered meanwhile.
     */
    @Test
    void theProbePortAnswersWhateverHangsOnIt() {
        RendezvousServer server = loopback.server();
        InetSocketAddress probe = new InetSocketAddress(Loopback.LOCALHOST, server.probePort());
        List<RawClient> silent = new ArrayList<>();
        for (int i = 0; i < SLOW; i++) {
            RawClient client = RawClient.connectPlain(probe, Loopback.address("127.0.22." + (i % 250 + 1)));
            silent.add(client);
            client.sendRaw("{\"type\":\"hello\""); // it reads nothing anyway
        }
        try (RawClient real = RawClient.connectPlain(probe)) {
            assertEquals(new ProbeResult(real.localEndpoint()), real.expect(ProbeResult.class));
        }
        realUsersChat();
        assertEquals(4, server.connectionCount(), "probes are not connections of the server's");
        silent.forEach(RawClient::close);
    }
}
