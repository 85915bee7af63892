package punchline.client.net;

import java.lang.System.Logger.Level;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * The state of one punch and the only way to change it ({@link #advance}), checked against
 * {@link PunchState}'s edges. A change ends what the old state had open (its deadline, its candidate
 * sockets) and starts the new state's deadline, atomically; the listener hears of it afterwards,
 * outside the lock, in the order of the changes ({@link OrderedCallbacks}).
 */
final class PunchLifecycle {
    private static final System.Logger LOG = System.getLogger(PunchLifecycle.class.getName());

    /** The punch's one lock: guards the state, its deadline and what may still join the candidates. */
    private final Object lock;
    private final String peer;
    private final PunchAttempt.Listener listener;
    private final ScheduledExecutorService timer;
    private final ToLongFunction<PunchState> deadlineMillis;
    private final Consumer<PunchState> onDeadline;
    private final OrderedCallbacks callbacks;
    private final CandidateSockets sockets = new CandidateSockets();
    private final CountDownLatch dialsOver = new CountDownLatch(1);
    // Guarded by lock:
    private PunchState state = PunchState.SCHEDULED;
    private final List<PunchState> history = new ArrayList<>(List.of(PunchState.SCHEDULED));
    private long deadlineNanos;
    private ScheduledFuture<?> deadlineTask;

    /**
     * {@code lock}: the object to lock (the attempt). {@code deadlineMillis}: how long a state may last
     * (0: no limit); when it runs out, the timer calls {@code onDeadline} with that state (which may be
     * over by then).
     */
    PunchLifecycle(Object lock, String peer, PunchAttempt.Listener listener, ScheduledExecutorService timer,
                   ToLongFunction<PunchState> deadlineMillis, Consumer<PunchState> onDeadline) {
        this.lock = lock;
        this.callbacks = new OrderedCallbacks(lock);
        this.peer = peer;
        this.listener = listener;
        this.timer = timer;
        this.deadlineMillis = deadlineMillis;
        this.onDeadline = onDeadline;
    }

    PunchState state() {
        synchronized (lock) {
            return state;
        }
    }

    /** Every state so far, in order, starting with SCHEDULED. */
    List<PunchState> history() {
        synchronized (lock) {
            return List.copyOf(history);
        }
    }

    /**
     * The only place the state changes: to {@code next} if the current state passes {@code from} and
     * {@code keep} (when given) is still open, else false (the punch has moved on: the caller's news is
     * stale). Resets every candidate socket {@code next} does not take but {@code keep}, which stays open
     * and known until a final state hands it over; cancels the old deadline and starts the new one; queues
     * {@code call} for the
     * listener and makes the calls queued so far. Entering CANCELLED drops the calls not yet made and
     * returns once none is running. Throws when {@code next} is no edge from the current state.
     */
    boolean advance(Predicate<PunchState> from, PunchState next, Socket keep, Consumer<PunchAttempt.Listener> call) {
        List<Socket> ended;
        synchronized (lock) {
            if (!from.test(state) || (keep != null && !sockets.contains(keep))) {
                return false;
            }
            if (!state.canGoTo(next)) {
                throw new IllegalStateException("a punch cannot go from " + state + " to " + next);
            }
            LOG.log(Level.DEBUG, "punch to {0}: {1} -> {2}", peer, state, next);
            state = next;
            history.add(next);
            ended = sockets.takeFor(next, keep);
            if (deadlineTask != null) {
                deadlineTask.cancel(false);
            }
            deadlineTask = startDeadline(next);
            if (call != null) {
                callbacks.add(() -> call.accept(listener));
            }
        }
        if (!next.dials()) {
            dialsOver.countDown();
        }
        ended.forEach(Sockets::abort);
        if (next == PunchState.CANCELLED) {
            callbacks.close();
        } else {
            callbacks.deliver();
        }
        return true;
    }

    /**
     * Ends the punch (CANCELLED) unless it has ended. Either way it returns with the listener quiet: the
     * calls of changes made before it are made (or, when cancelled, dropped) and none is running, so
     * nothing is heard after it.
     */
    void cancel() {
        if (!advance(state -> !state.isFinal(), PunchState.CANCELLED, null, null)) {
            callbacks.deliver();
        }
    }

    /**
     * Keeps {@code socket} among the candidates, to be reset by the first change to a state that does not
     * take its {@code kind}, if the current state takes it; then runs {@code admitted} (under the lock: it
     * counts for this state). False when it does not: the caller closes the socket.
     */
    boolean admit(Socket socket, PunchState.Kind kind, Runnable admitted) {
        synchronized (lock) {
            if (!state.takes(kind)) {
                return false;
            }
            sockets.add(socket, kind);
            admitted.run();
            return true;
        }
    }

    /** Forgets and resets a candidate; returns whether it was still known (false: a change already reset it). */
    boolean release(Socket socket) {
        return sockets.release(socket);
    }

    /** What is left of the current state's deadline (negative once past; large without one). */
    int millisLeft() {
        synchronized (lock) {
            long left = deadlineTask == null ? Integer.MAX_VALUE
                    : TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, left));
        }
    }

    /** Waits up to {@code millis}; false when dialling ended meanwhile (or had ended). */
    boolean pauseWhileDialling(long millis) {
        try {
            return !dialsOver.await(millis, TimeUnit.MILLISECONDS) && state().dials();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** With the lock held: the deadline of a state that has one. */
    private ScheduledFuture<?> startDeadline(PunchState phase) {
        long millis = deadlineMillis.applyAsLong(phase);
        if (millis <= 0) {
            return null;
        }
        deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        try {
            return timer.schedule(() -> onDeadline.accept(phase), millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return null; // the core is stopping: the cancel is on its way
        }
    }
}
