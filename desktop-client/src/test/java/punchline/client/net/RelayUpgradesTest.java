package punchline.client.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import punchline.protocol.Endpoint;
import punchline.protocol.NatType;
import punchline.protocol.ServerMessage.Introduce;
import punchline.protocol.ServerMessage.Role;

/** A relayed chat's later punches: a peer cannot make us punch on every {@code upgrade} it sends. */
@Timeout(30)
class RelayUpgradesTest {
    private static final String PEER = "bbbbbb";

    private final ExecutorService workers = Executors.newCachedThreadPool(Threads.named("test-punch-"));
    private final ScheduledExecutorService timer = Threads.scheduler("test-punch-timer");
    /** Everything runs on the test's thread, which plays the core thread. */
    private final Punches punches = new Punches(Duration.ofSeconds(5), workers, timer, task -> {
        task.run();
        return true;
    });
    private final Identity identity = Identity.generate();
    private final AtomicLong clock = new AtomicLong();

    @AfterEach
    void stopAll() {
        punches.stop();
        workers.shutdownNow();
        timer.shutdownNow();
    }

    @Test
    void aResponderFollowsAFewProposalsSpacedApartAndIgnoresTheFlood() {
        RelayUpgrades upgrades = upgrades();
        upgrades.relayed(relayedIntro(Role.RESPONDER), local(), false);
        int followed = 0;
        for (int proposal = 0; proposal < 20; proposal++) {
            if (proposeAndEnd(upgrades)) {
                followed++;
            }
        }
        assertEquals(1, followed, "twenty proposals at once: one punch");

        for (int proposal = 0; proposal < 20; proposal++) {
            clock.addAndGet(TimeUnit.SECONDS.toNanos(60));
            if (proposeAndEnd(upgrades)) {
                followed++;
            }
        }
        assertEquals(RelayUpgrades.MAX_PROPOSALS_FOLLOWED, followed, "a minute apart each: still only a few");
    }

    @Test
    void theInitiatorNeverPunchesOnItsPeersProposal() {
        RelayUpgrades upgrades = upgrades();
        upgrades.relayed(relayedIntro(Role.INITIATOR), local(), false);
        assertTrue(!proposeAndEnd(upgrades), "an initiator proposes; it does not follow");
    }

    /** One proposal; whether it started a punch (which is then ended, as a failed punch would end). */
    private boolean proposeAndEnd(RelayUpgrades upgrades) {
        upgrades.proposed(PEER, 10_000); // starts in 10 s: nothing is dialled during the test
        return punches.cancel(PEER, Punches.Purpose.UPGRADE);
    }

    private RelayUpgrades upgrades() {
        ClientConfig config = ClientConfig.builder("127.0.0.1", 1, "ann").identity(identity)
                .upgradeAfter(Duration.ofSeconds(30)).build();
        return new RelayUpgrades(config, timer, task -> {
            task.run();
            return true;
        }, punches, peer -> null, (peer, channel) -> { }, clock::get);
    }

    private PunchAttempt.Local local() {
        return new PunchAttempt.Local("aaaaaa", null, 1, Set.of(), Endpoint.parse("203.0.113.11:40000"),
                new PeerTls(identity), NatType.EASY, null, null);
    }

    private Introduce relayedIntro(Role role) {
        return new Introduce(PEER, "Bob", Endpoint.parse("203.0.113.12:40000"), List.of(), PunchHarness.TOKEN, role, 0,
                false, identity.fingerprint(), NatType.EASY);
    }
}
