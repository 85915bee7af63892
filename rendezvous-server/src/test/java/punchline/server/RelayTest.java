package punchline.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static punchline.server.Payloads.KIB;
import static punchline.server.Payloads.MIB;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import punchline.protocol.ClientMessage.Hello;
import punchline.protocol.Codec;
import punchline.protocol.Message.Bye;
import punchline.server.Loopback.RelayPair;

/**
 * The relay: after an introduction, each side opens a connection of its own and asks to be spliced to
 * the other; once both are there, the server forwards their bytes both ways without reading them, in
 * order and intact however much there is, and without ever adding a byte of its own.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RelayTest {
    /** Fast enough that several megabytes take no time: these tests are about content, not rate. */
    private static final RelayOptions UNTHROTTLED = RelayOptions.defaults().withRate(1L << 30);

    @RegisterExtension
    final Loopback loopback = new Loopback();

    @Test
    void bothSidesGetRelayReadyThenEachOthersBytesVerbatim() {
        RendezvousServer server = loopback.server();
        List<RawClient> users = loopback.joinAll(Hello.DEFAULT_ROOM, "Ann", "Bob");
        RawClient ann = users.get(0);
        RawClient bob = users.get(1);
        String token = loopback.introduce(ann, bob).token();
        assertEquals(0, server.relayCount());

        RelayPair relay = loopback.openRelay(token, ann, bob);
        assertEquals(1, server.relayCount());

        // what the server would act on were it reading: a frame, a bye, a lone newline, no newline at all
        byte[] toBob = (Codec.toJson(new Bye("not for the server")) + "\n\n{\"type\":\"hello\"").getBytes(
                StandardCharsets.UTF_8);
        byte[] toAnn = Payloads.random(4 * KIB, 1);
        relay.requester().sendRaw(toBob);
        relay.target().sendRaw(toAnn);
        assertArrayEquals(toBob, relay.target().readRaw(toBob.length));
        assertArrayEquals(toAnn, relay.requester().readRaw(toAnn.length));

        ann.sync(); // their registrations go on beside the relay
        bob.sync();
        assertEquals(1, server.relayCount());
        assertEquals(2, server.users().size());
    }

    /** Both directions at once, each several megabytes of arbitrary bytes, read as fast as they come. */
    @Test
    void megabytesBothWaysAtOnceArriveIntactAndInOrder() throws Exception {
        loopback.start(Loopback.options().relay(UNTHROTTLED));
        RelayPair relay = loopback.openRelay();
        byte[] toBob = Payloads.random(6 * MIB, 2);
        byte[] toAnn = Payloads.random(5 * MIB + 12_345, 3);

        CompletableFuture<Void> annSends = relay.requester().sendRawInBackground(toBob);
        CompletableFuture<Void> bobSends = relay.target().sendRawInBackground(toAnn);
        CompletableFuture<byte[]> annReceives = CompletableFuture.supplyAsync(
                () -> relay.requester().readRaw(toAnn.length), runOnNewThread());
        byte[] bobReceived = relay.target().readRaw(toBob.length);

        assertArrayEquals(toBob, bobReceived);
        assertArrayEquals(toAnn, annReceives.get(20, TimeUnit.SECONDS));
        annSends.get(5, TimeUnit.SECONDS);
        bobSends.get(5, TimeUnit.SECONDS);
        assertEquals(1, loopback.server().relayCount());
    }

    /**
     * Bob reads nothing while Ann sends far more than the server may queue for him (1 MiB): the server
     * must stop reading Ann rather than fill Bob's queue and drop him. Once Bob reads, Ann is read again
     * and every byte arrives, in order. Without the backpressure the relay would break on the full queue.
     */
    @Test
    void aSideThatDoesNotReadPausesTheOtherInsteadOfBreakingTheRelay() throws Exception {
        loopback.start(Loopback.options().relay(UNTHROTTLED));
        RelayPair relay = loopback.openRelay();
        byte[] toBob = Payloads.random(8 * MIB, 4);

        CompletableFuture<Void> annSends = relay.requester().sendRawInBackground(toBob);
        awaitHeldBackOrDropped(loopback);

        assertArrayEquals(toBob, relay.target().readRaw(toBob.length));
        annSends.get(5, TimeUnit.SECONDS);
        relay.target().sendRaw(new byte[] {42});
        assertArrayEquals(new byte[] {42}, relay.requester().readRaw(1), "and it still carries both ways");
    }

    @Test
    void theObserverSeesExactlyTheForwardedBytesAndNoFrames() {
        RendezvousServer server = loopback.start(Loopback.options().relay(UNTHROTTLED));
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        server.observeRelayedBytes(chunk -> {
            synchronized (seen) {
                seen.write(chunk, 0, chunk.length);
            }
        });
        RelayPair relay = loopback.openRelay();
        byte[] toBob = Payloads.random(300 * KIB, 5);
        byte[] toAnn = Payloads.random(7, 6);

        relay.requester().sendRaw(toBob);
        assertArrayEquals(toBob, relay.target().readRaw(toBob.length));
        relay.target().sendRaw(toAnn);
        assertArrayEquals(toAnn, relay.requester().readRaw(toAnn.length));

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(toBob);
        expected.writeBytes(toAnn);
        synchronized (seen) {
            assertArrayEquals(expected.toByteArray(), seen.toByteArray());
        }
    }

    /** Ann sends a lot and closes at once: Bob gets all of it, then the end of the stream. */
    @Test
    void whenOneSideClosesTheOtherGetsWhatWasInFlightThenTheEnd() {
        RendezvousServer server = loopback.start(Loopback.options().relay(UNTHROTTLED));
        RelayPair relay = loopback.openRelay();
        byte[] toBob = Payloads.random(2 * MIB, 7);

        relay.requester().sendRaw(toBob);
        relay.requester().close();

        assertArrayEquals(toBob, relay.target().readRawToEnd());
        assertEquals(0, server.relayCount());
    }

    /**
     * Bob reads nothing while Ann floods him, until the server holds part of the flood in its queue for
     * him; then Bob half-closes. That ends the relay: Ann sees her stream end, and Bob still gets every
     * byte the server had taken from Ann (the observer counts them), queued ones included, then the end.
     */
    @Test
    void whenOneSideHalfClosesTheRelayEndsAfterDeliveringWhatTheServerHeld() {
        RendezvousServer server = loopback.start(Loopback.options().relay(UNTHROTTLED));
        ByteArrayOutputStream forwarded = new ByteArrayOutputStream();
        server.observeRelayedBytes(chunk -> {
            synchronized (forwarded) {
                forwarded.write(chunk, 0, chunk.length);
            }
        });
        RelayPair relay = loopback.openRelay();
        byte[] toBob = Payloads.random(8 * MIB, 8);
        relay.requester().sendRawInBackground(toBob); // never completes: Bob stops reading before the end
        awaitHeldBackOrDropped(loopback);

        relay.target().shutdownOutput();

        assertArrayEquals(new byte[0], relay.requester().readRawToEnd());
        assertEquals(0, server.relayCount());
        byte[] received = relay.target().readRawToEnd();
        synchronized (forwarded) {
            assertArrayEquals(forwarded.toByteArray(), received);
        }
        assertArrayEquals(Arrays.copyOf(toBob, received.length), received);
    }

    /**
     * Waits until the server has had to choose, for a relay whose receiver does not read: stop reading
     * the sender, or give up on the relay (the receiver then sees its stream end early).
     */
    static void awaitHeldBackOrDropped(Loopback loopback) {
        RelayBook relays = loopback.server().relays();
        loopback.awaitOnServer("the server stops reading the sender or ends the relay",
                () -> relays.activeCount() == 0 || relays.active().stream()
                        .anyMatch(r -> r.first.isPausedForPartner() || r.second.isPausedForPartner()));
    }

    private static Executor runOnNewThread() {
        return task -> {
            Thread thread = new Thread(task, "relay-test-reader");
            thread.setDaemon(true);
            thread.start();
        };
    }
}
