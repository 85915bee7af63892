package punchline.client.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import punchline.client.net.ClientEvent.Attempt;
import punchline.client.net.ClientEvent.Connected;
import punchline.client.net.ClientEvent.Introduced;
import punchline.client.net.ClientEvent.RequestReceived;
import punchline.client.net.TestNetwork.Peer;
import punchline.protocol.ServerMessage.Role;

/**
 * No deadlock on close (as go-libp2p's holepunch svc_close_test): cancelling a punch, or stopping the
 * whole core, while the punch is being won returns promptly, leaves exactly one outcome and nothing
 * heard after it.
 */
@Timeout(120)
class PunchCloseRaceTest {

    /** Ann's attempt is cancelled the moment Bob's side has connected: Ann is committing or done. */
    @Test
    void cancelRacingAWinReturnsAndLeavesOneOutcome() {
        assertTimeoutPreemptively(Duration.ofSeconds(90), () -> {
            for (int round = 0; round < 8; round++) {
                try (PunchHarness ann = new PunchHarness("aaaaaa"); PunchHarness bob = new PunchHarness("bbbbbb")) {
                    PunchAttempt annAttempt = ann.prepare(PunchHarness.introFor(bob, Role.INITIATOR),
                            Duration.ofSeconds(5), punchline.protocol.NatType.EASY, null);
                    CompletableFuture<Integer> heardAtCancel = new CompletableFuture<>();
                    bob.inEachCall = bobAttempt -> {
                        if (bobAttempt.state() == PunchState.CONNECTED) {
                            annAttempt.cancel(); // inside Bob's listener call, racing Ann's last step
                            heardAtCancel.complete(ann.log.size());
                        }
                    };
                    annAttempt.start();
                    bob.punch(PunchHarness.introFor(ann, Role.RESPONDER), Duration.ofSeconds(5));
                    int heard = heardAtCancel.get(20, TimeUnit.SECONDS);
                    ann.close(); // and wait for Ann's threads

                    PunchState end = annAttempt.state();
                    assertTrue(end == PunchState.CONNECTED || end == PunchState.CANCELLED, end.name());
                    assertEquals(heard, ann.log.size(), "nothing heard after the cancel returned: " + ann.log);
                    long outcomes = ann.log.stream().filter(c -> c.startsWith("connected") || c.startsWith("failed"))
                            .count();
                    assertEquals(end == PunchState.CONNECTED ? 1 : 0, outcomes, ann.log.toString());
                    assertTrue(ann.calledUnderLock.stream().noneMatch(held -> held));
                }
            }
        });
    }

    /** A listener may call back into its own attempt (state, cancel) from inside a call. */
    @Test
    void aListenerThatCancelsItsOwnAttemptFromACallDoesNotDeadlock() throws Exception {
        try (PunchHarness ann = new PunchHarness("aaaaaa"); PunchHarness bob = new PunchHarness("bbbbbb")) {
            ann.inEachCall = attempt -> {
                attempt.state();
                attempt.cancel();
            };
            PunchAttempt attempt = ann.punch(PunchHarness.introFor(bob, Role.INITIATOR), Duration.ofSeconds(5));
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                while (attempt.state() != PunchState.CANCELLED) {
                    Thread.onSpinWait();
                }
            });
            ann.close();
            assertEquals(1, ann.log.size(), "the first call cancelled; the rest were dropped: " + ann.log);
            assertFalse(ann.connected.isDone());
        }
    }

    /** Stopping a core at each step of a punch: stop returns, and nothing of it holds the port. */
    @Test
    void stoppingTheCoreWhileAPunchIsUnderWayReturnsAndFreesThePort() {
        List<Class<? extends ClientEvent>> moments = List.of(Introduced.class, Attempt.class, Connected.class);
        assertTimeoutPreemptively(Duration.ofSeconds(100), () -> {
            for (Class<? extends ClientEvent> moment : moments) {
                try (TestNetwork network = new TestNetwork()) {
                    Peer ann = network.join("Ann");
                    Peer bob = network.join("Bob");
                    int annPort = ann.core().localPort();
                    CompletableFuture<Void> stopped = new CompletableFuture<>();
                    List<Thread> stopper = new ArrayList<>();
                    ann.core().addListener(event -> {
                        if (moment.isInstance(event) && stopper.isEmpty()) {
                            // Not on the event thread: stop waits for that thread to drain.
                            stopper.add(Threads.start("test-stopper", () -> {
                                ann.core().stop();
                                stopped.complete(null);
                            }));
                        }
                    });
                    ann.core().connect(bob.key());
                    bob.events().await(RequestReceived.class, r -> r.from().equals(ann.key()));
                    bob.core().accept(ann.key());
                    stopped.get(30, TimeUnit.SECONDS);
                    try (ServerSocket plain = new ServerSocket(annPort)) { // fails if anything still holds it
                        assertEquals(annPort, plain.getLocalPort(), "stopped at " + moment.getSimpleName());
                    }
                }
            }
        });
    }
}
