package punchline.client.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The warm path: the real handshake runs between two ends of our own, and stopping leaves nothing behind. */
@Timeout(60)
class HandshakeWarmUpTest {

    @Test
    void itRunsTheRealHandshakeEveryRoundThenEnds() {
        PeerTls tls = new PeerTls(Identity.generate());
        HandshakeWarmUp warmUp = new HandshakeWarmUp(tls);
        warmUp.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(50);
        while (warmUp.rounds() < HandshakeWarmUp.ROUNDS && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        warmUp.stop();
        assertEquals(HandshakeWarmUp.ROUNDS, warmUp.rounds(), "every round authenticated and carried a chat");
        assertEquals(Set.of(), warmUpThreads());
    }

    @Test
    void stoppingInTheMiddleReturnsAndLeavesNoThread() {
        HandshakeWarmUp warmUp = new HandshakeWarmUp(new PeerTls(Identity.generate()));
        warmUp.start();
        warmUp.stop();
        assertEquals(Set.of(), warmUpThreads());
        assertTrue(warmUp.rounds() < HandshakeWarmUp.ROUNDS);
        warmUp.start();
        assertEquals(Set.of(), warmUpThreads(), "a stopped warm-up does not start again");
    }

    private static Set<String> warmUpThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("punchline-warmup")).collect(Collectors.toSet());
    }
}
