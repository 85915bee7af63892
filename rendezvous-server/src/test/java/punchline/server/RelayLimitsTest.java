package punchline.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static punchline.server.Payloads.KIB;
import static punchline.server.Payloads.MIB;

import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import punchline.server.Loopback.RelayPair;

/**
 * A relay carries a chat, not a file transfer: it is held to its rate and to its byte cap, and closed
 * when nothing moves. Times are only ever checked from below (the machine may be slow, never fast).
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RelayLimitsTest {
    @RegisterExtension
    final Loopback loopback = new Loopback();

    /**
     * At 16 KiB/s with a one-second burst, 64 KiB cannot arrive sooner than 3 s after the relay starts:
     * the first 16 KiB at once, the other 48 KiB at the rate. The clock starts before the relay does.
     */
    @Test
    void theRateLimitHoldsAndTheBytesStillArriveIntact() {
        loopback.start(Loopback.options().relay(RelayOptions.defaults().withRate(16 * KIB)));
        long start = System.nanoTime();
        RelayPair relay = loopback.openRelay();
        byte[] payload = Payloads.random(64 * KIB, 20);

        relay.requester().sendRawInBackground(payload);
        byte[] received = relay.target().readRaw(payload.length);

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertArrayEquals(payload, received);
        assertTrue(took.compareTo(Duration.ofMillis(2_950)) >= 0, "64 KiB at 16 KiB/s took only " + took);
    }

    /**
     * Past its byte cap a relay stops forwarding and both sides are closed (after what was forwarded):
     * the receiver gets a prefix of what was sent, of about the cap (at most one read more).
     */
    @Test
    void pastItsByteCapTheRelayStopsAndBothSidesAreClosed() {
        int cap = 256 * KIB;
        RendezvousServer server = loopback.start(Loopback.options()
                .relay(RelayOptions.defaults().withRate(1L << 30).withMaxBytes(cap)));
        RelayPair relay = loopback.openRelay();
        byte[] payload = Payloads.random(4 * MIB, 21);

        relay.requester().sendRawInBackground(payload);
        byte[] received = relay.target().readRawToEnd();

        assertTrue(received.length >= cap && received.length <= cap + 64 * KIB,
                received.length + " bytes through a relay capped at " + cap);
        assertArrayEquals(Arrays.copyOf(payload, received.length), received);
        assertArrayEquals(new byte[0], relay.requester().readRawToEnd(), "the sender is closed too");
        assertEquals(0, server.relayCount());
    }

    /**
     * A relay that moves bytes stays open past its idle timeout, and is closed once nothing moves for
     * that long. The rate makes the transfer last: at 64 KiB/s, 160 KiB need at least 1.5 s, three idle
     * timeouts; so the end cannot come sooner than 1.5 s + 0.5 s after the relay started.
     */
    @Test
    void aRelayIsClosedWhenIdleButNotWhileBytesMove() {
        Duration idle = Duration.ofMillis(500);
        RendezvousServer server = loopback.start(Loopback.options().relay(RelayOptions.defaults()
                .withRate(64 * KIB).withTimeouts(idle, Duration.ofSeconds(20))));
        long start = System.nanoTime();
        RelayPair relay = loopback.openRelay();
        byte[] payload = Payloads.random(160 * KIB, 22);

        relay.requester().sendRawInBackground(payload);
        byte[] received = relay.target().readRawToEnd();

        Duration untilClosed = Duration.ofNanos(System.nanoTime() - start);
        assertArrayEquals(payload, received, "all of it, though it took longer than the idle timeout");
        assertTrue(untilClosed.compareTo(Duration.ofMillis(1_950)) >= 0, "closed after only " + untilClosed);
        assertArrayEquals(new byte[0], relay.requester().readRawToEnd(), "both sides are closed");
        assertEquals(0, server.relayCount());
    }
}
