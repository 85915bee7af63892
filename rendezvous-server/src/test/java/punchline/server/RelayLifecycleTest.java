package punchline.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static punchline.server.Payloads.KIB;
import static punchline.server.Payloads.MIB;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import punchline.protocol.ClientMessage.Hello;
import punchline.protocol.ErrorCode;
import punchline.protocol.Message.Bye;
import punchline.server.Loopback.RelayPair;

/**
 * Relays beside everything else: the hello timeout is not theirs, a shutdown closes them without a word
 * in their streams, and however a relay peer behaves, the other clients are served.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RelayLifecycleTest {
    @RegisterExtension
    final Loopback loopback = new Loopback();

    /**
     * A relay connection never says hello, yet neither a waiting nor a spliced one is dropped for it:
     * a silent connection opened after both is, which proves the hello timeout passed for them too.
     */
    @Test
    void relayConnectionsAreNotHeldToTheHelloTimeout() {
        RendezvousServer server = loopback.start(Loopback.options().helloTimeout(Duration.ofMillis(500)));
        RelayPair spliced = loopback.openRelay();
        List<RawClient> users = loopback.joinAll("other", "Cid", "Dee");
        String token = loopback.introduce(users.get(0), users.get(1)).token();
        RawClient waiting = loopback.joinRelay(token, users.get(0).key());
        loopback.awaitOnServer("Cid waits at the relay", () -> server.relays().waitingCount() == 1);

        RawClient silent = loopback.connect();
        silent.expectError(ErrorCode.HELLO_TIMEOUT);
        silent.expectClosed();

        exchange(spliced);
        RawClient dee = loopback.joinRelay(token, users.get(1).key());
        waiting.expectRelayReady();
        dee.expectRelayReady();
        exchange(new RelayPair(waiting, dee));
    }

    /**
     * stop() says bye to users and to a side still waiting (it speaks frames), but a spliced relay is
     * the peers' stream: its sides only see it end.
     */
    @Test
    void stopClosesRelaysWithoutInjectingAByeIntoThem() {
        RendezvousServer server = loopback.server();
        List<RawClient> users = loopback.joinAll(Hello.DEFAULT_ROOM, "Ann", "Bob");
        RawClient ann = users.get(0);
        RawClient bob = users.get(1);
        RelayPair spliced = loopback.openRelay(loopback.introduce(ann, bob).token(), ann, bob);
        RawClient waiting = loopback.joinRelay(loopback.introduce(bob, ann).token(), ann.key());
        exchange(spliced);
        loopback.awaitOnServer("Ann waits at the relay", () -> server.relays().waitingCount() == 1);

        assertTimeoutPreemptively(Duration.ofSeconds(5), server::stop);

        assertArrayEquals(new byte[0], spliced.requester().readRawToEnd());
        assertArrayEquals(new byte[0], spliced.target().readRawToEnd());
        for (RawClient framed : List.of(waiting, ann, bob)) {
            assertEquals(new Bye("server shutting down"), framed.expect(Bye.class));
            framed.expectClosed();
        }
    }

    /**
     * Ann floods a relay whose other side never reads, someone asks to relay with a made-up token, and
     * someone else sends bytes before relay-ready: meanwhile two other users meet and are introduced
     * as if nothing happened, and the flood, once read, is intact.
     */
    @Test
    void misbehavingRelayPeersDoNotDisturbOtherClients() throws Exception {
        RendezvousServer server = loopback.start(Loopback.options().relay(RelayOptions.defaults().withRate(1L << 30)));
        RelayPair flood = loopback.openRelay();
        byte[] payload = Payloads.random(8 * MIB, 30);
        CompletableFuture<Void> flooding = flood.requester().sendRawInBackground(payload);
        RelayTest.awaitHeldBackOrDropped(loopback);

        RawClient stranger = loopback.joinRelay("A".repeat(43), "zzzzzz");
        stranger.expectError(ErrorCode.RELAY_UNKNOWN_SESSION);
        List<RawClient> bystanders = loopback.joinAll("elsewhere", "Cid", "Dee");
        String token = loopback.introduce(bystanders.get(0), bystanders.get(1)).token();
        RawClient hasty = loopback.joinRelay(token, bystanders.get(0).key());
        hasty.sendRaw(Payloads.random(16 * KIB, 31));
        hasty.expectError(ErrorCode.UNEXPECTED_MESSAGE);
        bystanders.forEach(RawClient::sync);
        assertEquals(4, server.users().size());
        assertEquals(1, server.relayCount());

        assertArrayEquals(payload, flood.target().readRaw(payload.length));
        flooding.get(5, TimeUnit.SECONDS);
    }

    private static void exchange(RelayPair relay) {
        byte[] there = Payloads.random(KIB, 32);
        byte[] back = Payloads.random(3 * KIB, 33);
        relay.requester().sendRaw(there);
        assertArrayEquals(there, relay.target().readRaw(there.length));
        relay.target().sendRaw(back);
        assertArrayEquals(back, relay.requester().readRaw(back.length));
    }
}
