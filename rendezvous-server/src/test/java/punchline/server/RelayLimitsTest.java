package punchline.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static punchline.server.Payloads.KIB;
import static punchline.server.Payloads.MIB;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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

    /** A server whose relays carry 64 KiB/s and close after 0.5 s without bytes both ways. */
    private RendezvousServer startSlowRelay() {
        return loopback.start(Loopback.options().relay(RelayOptions.defaults()
                .withRate(64 * KIB).withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(20))));
    }

    /**
     * A relay that carries a conversation (bytes both ways, as a chat's messages and acks do) stays open
     * past its idle timeout, and is closed once it stops for that long. The rate makes the transfer last:
     * at 64 KiB/s after a burst of 64 KiB, 320 KiB need at least 4 s, four idle timeouts of 1 s; the
     * receiver answers every 8 KiB (every 125 ms: a pause of most of a second on this shared machine
     * does not end the conversation); so the end cannot come sooner than 4 s + 1 s after the relay started.
     */
    @Test
    void aRelayIsClosedWhenIdleButNotWhileItCarriesAConversation() {
        RendezvousServer server = loopback.start(Loopback.options().relay(RelayOptions.defaults()
                .withRate(64 * KIB).withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(20))));
        long start = System.nanoTime();
        RelayPair relay = loopback.openRelay();
        byte[] payload = Payloads.random(320 * KIB, 22);

        relay.requester().sendRawInBackground(payload);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        for (int acks = 0; acks < 40; acks++) {
            received.writeBytes(relay.target().readRaw(8 * KIB));
            relay.target().sendRaw(new byte[] {'.'});
        }
        assertArrayEquals(new byte[0], relay.target().readRawToEnd(), "nothing more, then the end");

        Duration untilClosed = Duration.ofNanos(System.nanoTime() - start);
        assertArrayEquals(payload, received.toByteArray(), "all of it, though it took longer than the idle timeout");
        assertTrue(untilClosed.compareTo(Duration.ofMillis(4_950)) >= 0, "closed after only " + untilClosed);
        assertArrayEquals(".".repeat(40).getBytes(StandardCharsets.US_ASCII), relay.requester().readRawToEnd(),
                "the sender got the answers, then the end");
        assertEquals(0, server.relayCount());
    }

    /**
     * Bytes from one side only are no conversation (a partner that froze, or a drip meant to hold a slot):
     * the relay closes once the silent side has said nothing for the idle timeout, bytes still flowing.
     */
    @Test
    void bytesOneWayDoNotKeepARelayOpen() {
        RendezvousServer server = startSlowRelay();
        RelayPair relay = loopback.openRelay();
        byte[] payload = Payloads.random(160 * KIB, 23);

        relay.requester().sendRawInBackground(payload);
        byte[] received = relay.target().readRawToEnd();

        assertTrue(received.length < payload.length, "a one-way stream of " + payload.length
                + " bytes at 64 KiB/s went through whole, past an idle timeout of 500 ms");
        assertArrayEquals(Arrays.copyOf(payload, received.length), received);
        assertEquals(0, server.relayCount());
    }
}
