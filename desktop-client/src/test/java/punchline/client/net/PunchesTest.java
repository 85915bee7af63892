package punchline.client.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import punchline.client.net.Punches.Purpose;
import punchline.protocol.Endpoint;
import punchline.protocol.NatType;
import punchline.protocol.ServerMessage.Introduce;
import punchline.protocol.ServerMessage.Role;

/** The one owner of running punches: one per peer and purpose, found by session, heard on the core thread. */
@Timeout(60)
class PunchesTest {
    private static final String OTHER_TOKEN = "ZZECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";

    private final ExecutorService core = Threads.single("test-core");
    private final ExecutorService workers = Executors.newCachedThreadPool(Threads.named("test-punch-"));
    private final ScheduledExecutorService timer = Threads.scheduler("test-punch-timer");
    private final Punches punches = new Punches(Duration.ofSeconds(5), workers, timer, task -> {
        try {
            core.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    });
    private final Identity identity = Identity.generate();

    @AfterEach
    void stopAll() throws Exception {
        onCore(() -> {
            punches.stop();
            return null;
        });
        Threads.shutDown(core);
        workers.shutdownNow();
        timer.shutdownNow();
    }

    @Test
    void aNewLaunchForAPeerAndPurposeCancelsTheRunningOneAndLeavesTheOtherPurpose() throws Exception {
        Introduce first = later(PunchHarness.TOKEN);
        Introduce second = later(OTHER_TOKEN);
        PunchAttempt replaced = onCore(() -> {
            punches.launch(Purpose.CHAT, local(), first, new ListenerRecorder());
            return punches.attemptFor(sessionOf(first));
        });
        onCore(() -> {
            punches.launch(Purpose.CHAT, local(), second, new ListenerRecorder());
            punches.launch(Purpose.UPGRADE, local(), first, new ListenerRecorder());
            return null;
        });
        assertEquals(PunchState.CANCELLED, replaced.state());
        assertEquals(1, (int) onCore(() -> punches.count(Purpose.CHAT)));
        assertEquals(1, (int) onCore(() -> punches.count(Purpose.UPGRADE)), "a chat's punch and its upgrade coexist");
        assertNotNull(punches.attemptFor(sessionOf(second)));
        assertTrue(onCore(() -> punches.cancel("bbbbbb", Purpose.UPGRADE)));
        assertFalse(onCore(() -> punches.cancel("bbbbbb", Purpose.UPGRADE)), "nothing left to cancel");
        assertNull(punches.attemptFor(sessionOf(first)), "a cancelled attempt is not found by its session");
        assertTrue(onCore(() -> punches.isRunning("bbbbbb", Purpose.CHAT)));
    }

    @Test
    void theLauncherHearsItsAttemptOnTheCoreThreadAndAWinEndsTheLaunch() throws Exception {
        try (PunchHarness bob = new PunchHarness("bbbbbb")) {
            ListenerRecorder heard = new ListenerRecorder();
            PunchListener listener = new PunchListener(Sockets.listener(0), workers, punches::attemptFor,
                    punches::dialsAddress);
            listener.start();
            try {
                Introduce toBob = PunchHarness.introFor(bob, Role.INITIATOR);
                onCore(() -> {
                    punches.launch(Purpose.CHAT, new PunchAttempt.Local("aaaaaa", null, listener.port(),
                            Set.of(), new Endpoint("127.0.0.1", listener.port()), new PeerTls(identity), NatType.EASY, null, null), toBob, heard);
                    return null;
                });
                bob.punch(PunchHarness.intro("aaaaaa", identity.fingerprint(), Role.RESPONDER, PunchHarness.TOKEN,
                        new Endpoint("127.0.0.1", listener.port()), List.of(), true), Duration.ofSeconds(5));
                PeerChannel channel = heard.connected.get(20, TimeUnit.SECONDS);
                Sockets.closeQuietly(channel.socket());
                assertEquals(List.of("attempt " + bob.endpoint(), "connected"), heard.calls());
                assertEquals(Set.of("test-core"), Set.copyOf(heard.threads()));
                assertFalse(onCore(() -> punches.isRunning("bbbbbb", Purpose.CHAT)), "a won launch is over");
                assertNull(punches.attemptFor(sessionOf(toBob)));
            } finally {
                listener.stop();
            }
        }
    }

    @Test
    void theLauncherOfAReplacedAttemptHearsNothingMoreFromIt() throws Exception {
        ListenerRecorder replacedHeard = new ListenerRecorder();
        // Cannot punch and no relay: it fails as soon as it starts.
        Introduce doomed = new Introduce("bbbbbb", "Bob", Endpoint.parse("203.0.113.12:40000"), List.of(),
                PunchHarness.TOKEN, Role.INITIATOR, 0, false, identity.fingerprint(), NatType.SYMMETRIC);
        onCore(() -> {
            punches.launch(Purpose.CHAT, local(), doomed, replacedHeard);
            PunchAttempt first = punches.attemptFor(sessionOf(doomed));
            while (first.state() != PunchState.FAILED) {
                Thread.onSpinWait();
            }
            first.cancel(); // a no-op that returns once its failure has been handed to the core (queued behind us)
            punches.launch(Purpose.CHAT, local(), later(OTHER_TOKEN), new ListenerRecorder()); // replaced before that runs
            return null;
        });
        onCore(() -> null); // the failure handed over has run by now
        assertEquals(List.of(), replacedHeard.calls());
    }

    private PunchAttempt.Local local() {
        return new PunchAttempt.Local("aaaaaa", null, 1, Set.of(), null, new PeerTls(identity), NatType.SYMMETRIC, null, null);
    }

    /** An introduction that starts punching in 10 s: nothing is dialled during the test. */
    private Introduce later(String token) {
        return new Introduce("bbbbbb", "Bob", Endpoint.parse("203.0.113.12:40000"), List.of(), token, Role.INITIATOR,
                10_000, false, identity.fingerprint(), NatType.EASY);
    }

    private static String sessionOf(Introduce intro) {
        return PeerAuth.sessionId(intro.tokenBytes());
    }

    private <T> T onCore(Supplier<T> task) throws Exception {
        return CompletableFuture.supplyAsync(task, core).get(10, TimeUnit.SECONDS);
    }
}
