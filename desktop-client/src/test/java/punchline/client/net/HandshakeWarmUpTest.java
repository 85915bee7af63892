package punchline.client.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The warm path: real chats (punch, handshake, link) between two ends of our own, and stopping leaves
 * nothing behind.
 */
@Timeout(60)
class HandshakeWarmUpTest {
    private final ExecutorService workers = Executors.newCachedThreadPool(Threads.named("test-punch-"));
    private final ScheduledExecutorService timer = Threads.scheduler("test-timer");
    private final Set<Thread> before = liveThreads();

    @AfterEach
    void stopExecutors() {
        Threads.shutDown(timer);
        workers.shutdownNow();
        Threads.awaitOrInterrupt(workers);
    }

    private HandshakeWarmUp warmUp() {
        ClientConfig config = ClientConfig.builder("127.0.0.1", 3333, "me").build();
        return new HandshakeWarmUp(new PeerTls(config.identity()), config, workers, timer);
    }

    @Test
    void itOpensARealChatEveryRoundThenEnds() {
        HandshakeWarmUp warmUp = warmUp();
        warmUp.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(50);
        while (warmUp.rounds() < HandshakeWarmUp.ROUNDS && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        warmUp.stop();
        assertEquals(HandshakeWarmUp.ROUNDS, warmUp.rounds(), "every round punched, authenticated and delivered a chat");
        assertNoWarmUpThreadLeft("stopped after its rounds");
    }

    @Test
    void stoppingInTheMiddleReturnsAndLeavesNoThread() {
        HandshakeWarmUp warmUp = warmUp();
        warmUp.start();
        warmUp.stop();
        assertNoWarmUpThreadLeft("stopped in the middle");
        assertTrue(warmUp.rounds() < HandshakeWarmUp.ROUNDS);
        warmUp.start();
        assertNoWarmUpThreadLeft("a stopped warm-up does not start again");
    }

    /**
     * Every thread the warm-up started ends (its own, the ends' listeners, their links' readers and
     * writers): no Punchline thread is alive that was not before the test. A pool's
     * thread may still be on its way out for an instant after the pool has terminated.
     */
    private void assertNoWarmUpThreadLeft(String when) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!threadsStartedSince().isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(Set.of(), threadsStartedSince(), when);
    }

    private Set<String> threadsStartedSince() {
        return liveThreads().stream().filter(thread -> !before.contains(thread)).map(Thread::getName)
                .filter(name -> name.startsWith("punchline-")).collect(Collectors.toSet());
    }

    private static Set<Thread> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).collect(Collectors.toSet());
    }
}
