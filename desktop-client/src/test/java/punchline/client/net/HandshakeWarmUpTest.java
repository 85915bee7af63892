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
        assertEquals(Set.of(), warmUpThreads());
    }

    @Test
    void stoppingInTheMiddleReturnsAndLeavesNoThread() {
        HandshakeWarmUp warmUp = warmUp();
        warmUp.start();
        warmUp.stop();
        assertEquals(Set.of(), warmUpThreads());
        assertTrue(warmUp.rounds() < HandshakeWarmUp.ROUNDS);
        warmUp.start();
        assertEquals(Set.of(), warmUpThreads(), "a stopped warm-up does not start again");
    }

    private static Set<String> warmUpThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("punchline-warmup") || name.startsWith("punchline-peer-" + HandshakeWarmUp.OURS)
                        || name.startsWith("punchline-peer-" + HandshakeWarmUp.THEIRS)
                        || name.startsWith("punchline-punch-listener")).collect(Collectors.toSet());
    }
}
