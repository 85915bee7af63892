package punchline.client.net;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * Listener calls of one owner, run one at a time in the order the owner queued them, on whichever of
 * its threads comes to deliver them, and never while that thread holds the owner's lock: the owner
 * queues under its lock (so the order is the order of its state changes) and delivers after leaving it.
 * {@link #close} drops what is queued and waits for a call in progress, so none starts after it returns.
 */
final class OrderedCallbacks {
    private static final System.Logger LOG = System.getLogger(OrderedCallbacks.class.getName());

    private final Object owner;
    /** Held while a call runs: calls never overlap, and close() waits on it for the one in progress. */
    private final Object running = new Object();
    private final Queue<Runnable> queue = new ArrayDeque<>();
    private boolean closed;

    /** {@code owner}: the lock the owner queues under, never held while a call runs. */
    OrderedCallbacks(Object owner) {
        this.owner = owner;
    }

    /** Queues a call, unless closed. */
    void add(Runnable call) {
        synchronized (queue) {
            if (!closed) {
                queue.add(call);
            }
        }
    }

    /** Runs what is queued, in order. A caller already running a call returns: that one delivers the rest. */
    void deliver() {
        if (Thread.holdsLock(owner)) {
            throw new IllegalStateException("listener calls must run outside the owner's lock");
        }
        if (Thread.holdsLock(running)) {
            return;
        }
        synchronized (running) {
            Runnable call;
            while ((call = poll()) != null) {
                try {
                    call.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.ERROR, "listener call failed", e);
                }
            }
        }
    }

    /** Drops what is queued and takes nothing more; returns once no call is running (on another thread). */
    void close() {
        synchronized (queue) {
            closed = true;
            queue.clear();
        }
        if (Thread.holdsLock(owner)) {
            throw new IllegalStateException("close outside the owner's lock: a running call may need it");
        }
        synchronized (running) {
            // a call in progress on another thread has finished
        }
    }

    private Runnable poll() {
        synchronized (queue) {
            return queue.poll();
        }
    }
}
