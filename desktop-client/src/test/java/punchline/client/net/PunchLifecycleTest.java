package punchline.client.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import punchline.client.net.ClientEvent.FailureKind;
import punchline.protocol.Endpoint;

/**
 * The punch's transition function without a network: every drawn edge is taken and heard, every
 * other one refused, stale news ignored, candidates reset at each change, the listener called outside
 * the lock and in order, and nothing heard once a cancel has returned.
 */
@Timeout(30)
class PunchLifecycleTest {
    private final ScheduledExecutorService timer = Threads.scheduler("test-lifecycle-timer");

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    @Test
    void everyDrawnEdgeIsTakenResetsTheCandidatesTheNewStateDoesNotTakeAndIsHeard() {
        for (PunchState from : PunchState.values()) {
            for (PunchState to : from.next()) {
                ListenerRecorder heard = new ListenerRecorder();
                PunchLifecycle lifecycle = lifecycle(heard);
                Socket kept = driveTo(lifecycle, from);
                Map<PunchState.Kind, Socket> others = new EnumMap<>(PunchState.Kind.class);
                for (PunchState.Kind kind : PunchState.Kind.values()) {
                    Socket other = new Socket();
                    assertEquals(from.takes(kind), lifecycle.admit(other, kind, () -> { }), from + " takes " + kind);
                    if (from.takes(kind)) {
                        others.put(kind, other);
                    }
                }
                int before = heard.calls().size();

                Socket keep = to == PunchState.CONNECTED ? kept : null;
                assertTrue(lifecycle.advance(state -> state == from, to, keep, l -> l.onRelaying(to.name())),
                        from + " -> " + to);
                assertEquals(to, lifecycle.state());
                List<PunchState> history = lifecycle.history();
                assertEquals(List.of(from, to), history.subList(history.size() - 2, history.size()));
                others.forEach((kind, other) -> assertEquals(!to.takes(kind), other.isClosed(),
                        from + " -> " + to + " resets a " + kind + " candidate exactly when " + to + " does not take it"));
                if (kept != null) {
                    assertEquals(keep == null, kept.isClosed(), "the winner is closed unless it is kept");
                }
                List<String> after = heard.calls().subList(before, heard.calls().size());
                assertEquals(to == PunchState.CANCELLED ? List.of() : List.of("relaying " + to), after,
                        from + " -> " + to + " is heard once (and a cancel is not)");
            }
        }
    }

    @Test
    void everyOtherEdgeIsRefusedAndChangesNothing() {
        for (PunchState from : PunchState.values()) {
            for (PunchState to : PunchState.values()) {
                if (from.canGoTo(to)) {
                    continue;
                }
                ListenerRecorder heard = new ListenerRecorder();
                PunchLifecycle lifecycle = lifecycle(heard);
                driveTo(lifecycle, from);
                int before = heard.calls().size();
                assertThrows(IllegalStateException.class,
                        () -> lifecycle.advance(state -> true, to, null, l -> l.onRelaying("never")),
                        from + " -> " + to);
                assertEquals(from, lifecycle.state());
                assertEquals(before, heard.calls().size(), "nothing heard of a refused change");
            }
        }
    }

    @Test
    void newsForAStateThatIsOverIsIgnored() {
        ListenerRecorder heard = new ListenerRecorder();
        PunchLifecycle lifecycle = lifecycle(heard);
        driveTo(lifecycle, PunchState.RELAYING);
        assertFalse(lifecycle.advance(state -> state == PunchState.PUNCHING, PunchState.FAILED, null,
                l -> l.onFailed(FailureKind.TIMED_OUT, "a punch deadline after the punch", 0)));
        assertEquals(PunchState.RELAYING, lifecycle.state());
        assertEquals(List.of(), heard.calls());
    }

    @Test
    void cancelAfterConnectedIsANoOpAndLeavesTheChannelToItsOwner() {
        ListenerRecorder heard = new ListenerRecorder();
        PunchLifecycle lifecycle = lifecycle(heard);
        Socket channel = driveTo(lifecycle, PunchState.CONNECTED);
        List<PunchState> history = lifecycle.history();

        lifecycle.cancel();
        assertEquals(PunchState.CONNECTED, lifecycle.state());
        assertEquals(history, lifecycle.history());
        assertFalse(channel.isClosed(), "the listener owns the won channel now");
        assertFalse(lifecycle.release(channel), "and the punch no longer knows it");
    }

    @Test
    void aCandidateResetByAnEarlierChangeCannotWin() {
        PunchLifecycle lifecycle = lifecycle(new ListenerRecorder());
        driveTo(lifecycle, PunchState.PUNCHING);
        Socket late = new Socket();
        assertTrue(lifecycle.admit(late, PunchState.Kind.DIALLED, () -> { }));
        Socket accepted = new Socket();
        assertTrue(lifecycle.admit(accepted, PunchState.Kind.ACCEPTED, () -> { }));
        assertTrue(lifecycle.advance(state -> state == PunchState.PUNCHING, PunchState.RELAYING, null, null));
        assertTrue(late.isClosed());
        assertFalse(accepted.isClosed(), "an accepted candidate may still win while relaying");
        assertFalse(lifecycle.advance(PunchState::takesCandidates, PunchState.COMMITTING, late, null),
                "its handshake finished, but the punch had moved on and reset it");
        assertEquals(PunchState.RELAYING, lifecycle.state());
    }

    @Test
    void candidatesAreAdmittedAndCountedOnlyWhileTheirStateAllows() {
        PunchLifecycle lifecycle = lifecycle(new ListenerRecorder());
        List<String> counted = new ArrayList<>();
        PunchState.Kind dial = PunchState.Kind.DIALLED;
        assertFalse(lifecycle.admit(new Socket(), dial, () -> counted.add("scheduled")));
        driveTo(lifecycle, PunchState.PUNCHING);
        assertTrue(lifecycle.admit(new Socket(), dial, () -> counted.add("punching")));
        lifecycle.advance(state -> true, PunchState.RACING, null, null);
        assertTrue(lifecycle.admit(new Socket(), dial, () -> counted.add("racing")));
        lifecycle.advance(state -> true, PunchState.RELAYING, null, null);
        assertFalse(lifecycle.admit(new Socket(), dial, () -> counted.add("relaying")));
        assertEquals(List.of("punching", "racing"), counted);
    }

    @Test
    void theListenerIsCalledOutsideTheLockInTheOrderOfTheChanges() throws Exception {
        ListenerRecorder heard = new ListenerRecorder();
        Object lock = new Object();
        heard.lock = lock;
        PunchLifecycle lifecycle = new PunchLifecycle(lock, "bbbbbb", heard, timer, state -> 0, state -> { });
        // Each change on its own thread, as in a real punch (timer, dialers, listener threads).
        List<Runnable> changes = List.of(
                () -> lifecycle.advance(state -> state == PunchState.SCHEDULED, PunchState.PUNCHING, null, l -> {
                    l.onAttempt(Endpoint.parse("192.168.1.3:40000"));
                    l.onAttempt(Endpoint.parse("203.0.113.12:40000"));
                }),
                () -> lifecycle.advance(state -> state == PunchState.PUNCHING, PunchState.RELAYING, null,
                        l -> l.onRelaying("deadline")),
                () -> lifecycle.advance(PunchState::takesCandidates, PunchState.COMMITTING, null, null),
                () -> lifecycle.advance(state -> state == PunchState.COMMITTING, PunchState.CONNECTED, null,
                        l -> l.onConnected(null, Duration.ZERO, false)));
        for (Runnable change : changes) {
            Thread thread = Threads.start("test-change", change);
            thread.join();
        }
        assertEquals(List.of("attempt 192.168.1.3:40000", "attempt 203.0.113.12:40000", "relaying deadline",
                "connected"), heard.calls());
        assertEquals(List.of(false, false, false, false), heard.underLock());
    }

    /**
     * A cancel racing a call in progress: the call finishes before cancel returns, the call queued
     * behind it is dropped, and nothing is heard after.
     */
    @Test
    void cancelDropsCallsNotYetMadeAndReturnsOnlyOnceTheRunningOneEnded() throws Exception {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch relayingQueued = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        PunchLifecycle[] lifecycle = new PunchLifecycle[1];
        ListenerRecorder heard = new ListenerRecorder() {
            @Override
            public void onAttempt(Endpoint endpoint) {
                log.add("attempt starts");
                // The next change happens while this call runs: its call must wait behind this one.
                lifecycle[0].advance(state -> state == PunchState.PUNCHING, PunchState.RELAYING, null,
                        l -> l.onRelaying("queued"));
                relayingQueued.countDown();
                await(release);
                log.add("attempt ends");
            }

            @Override
            public void onRelaying(String why) {
                log.add("relaying " + why);
            }
        };
        lifecycle[0] = lifecycle(heard);
        Thread deliverer = Threads.start("test-deliverer", () -> lifecycle[0].advance(
                state -> state == PunchState.SCHEDULED, PunchState.PUNCHING, null,
                l -> l.onAttempt(Endpoint.parse("203.0.113.12:40000"))));
        relayingQueued.await();

        Thread canceller = Threads.start("test-canceller", () -> {
            lifecycle[0].cancel();
            log.add("cancel returned");
        });
        // Once the cancel has happened, it must be waiting for the running call (or, wrongly, done).
        while (lifecycle[0].state() != PunchState.CANCELLED
                || canceller.isAlive() && canceller.getState() != Thread.State.BLOCKED) {
            Thread.onSpinWait();
        }
        release.countDown();
        canceller.join();
        deliverer.join();
        assertEquals(List.of("attempt starts", "attempt ends", "cancel returned"), log);
    }

    @Test
    void eachStateRunsOnItsOwnDeadlineAndAChangeEndsTheOldOne() throws Exception {
        List<PunchState> expired = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch fired = new CountDownLatch(1);
        ToLongFunction<PunchState> deadlines = state -> state == PunchState.PUNCHING ? 60_000
                : state == PunchState.RELAYING ? 1 : 0;
        PunchLifecycle lifecycle = new PunchLifecycle(new Object(), "bbbbbb", new ListenerRecorder(), timer, deadlines, state -> {
            expired.add(state);
            fired.countDown();
        });
        lifecycle.advance(state -> true, PunchState.PUNCHING, null, null);
        assertTrue(lifecycle.millisLeft() > 50_000);
        lifecycle.advance(state -> true, PunchState.RELAYING, null, null);
        assertTrue(fired.await(10, TimeUnit.SECONDS));
        assertEquals(List.of(PunchState.RELAYING), expired);
        assertTrue(((ScheduledThreadPoolExecutor) timer).getQueue().isEmpty(), "the punching deadline was removed");
    }

    private PunchLifecycle lifecycle(ListenerRecorder heard) {
        return new PunchLifecycle(new Object(), "bbbbbb", heard, timer, state -> 0, state -> { });
    }

    /** Takes {@code lifecycle} to {@code target} along drawn edges; returns the winning candidate once there is one. */
    private static Socket driveTo(PunchLifecycle lifecycle, PunchState target) {
        Consumer<PunchState> go = next -> assertTrue(lifecycle.advance(state -> true, next, null, null));
        switch (target) {
            case SCHEDULED -> {
                return null;
            }
            case PUNCHING, RELAYING, FAILED, CANCELLED -> {
                go.accept(target);
                return null;
            }
            case RACING -> {
                go.accept(PunchState.PUNCHING);
                go.accept(PunchState.RACING);
                return null;
            }
            default -> {
                go.accept(PunchState.PUNCHING);
                Socket winner = new Socket();
                assertTrue(lifecycle.admit(winner, PunchState.Kind.DIALLED, () -> { }));
                assertTrue(lifecycle.advance(state -> true, PunchState.COMMITTING, winner, null));
                if (target == PunchState.CONNECTED) {
                    assertTrue(lifecycle.advance(state -> true, PunchState.CONNECTED, winner, null));
                }
                return winner;
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
