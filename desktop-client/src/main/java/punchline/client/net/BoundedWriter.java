package punchline.client.net;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one thread that writes for a connection, so that a server or peer that stops reading never
 * stalls the caller (the core thread, a timer): up to {@code capacity} writes wait in line, more are
 * refused. The last {@code reserved} places are kept for {@link #submit} (acks, pongs, a switch, a bye):
 * {@link #submitLeavingReserve} (the user's own messages) is refused before the line is full, so that a
 * backed-up line still acknowledges what arrives. {@link #close} lets the queued writes (a bye, an
 * error) go out for {@link #DRAIN}; if one is stuck, the caller's abort (a reset of the TCP socket
 * beneath) fails it, and the rest are dropped.
 */
final class BoundedWriter {
    static final Duration DRAIN = Duration.ofSeconds(1);

    private final ThreadPoolExecutor executor;
    private final int capacity;
    private final int reserved;
    private volatile Thread thread;

    BoundedWriter(String threadName, int capacity) {
        this(threadName, capacity, 0);
    }

    BoundedWriter(String threadName, int capacity, int reserved) {
        if (reserved < 0 || reserved >= capacity) {
            throw new IllegalArgumentException("reserved must be at least 0 and less than the capacity");
        }
        this.capacity = capacity;
        this.reserved = reserved;
        ThreadFactory named = Threads.named(threadName);
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(capacity),
                runnable -> {
                    Thread created = named.newThread(runnable);
                    thread = created;
                    return created;
                });
    }

    /**
     * Queues {@code write} unless only the reserved places are left; false then, or when the writer is
     * closed. Synchronized so that two callers cannot both take the last unreserved place.
     */
    synchronized boolean submitLeavingReserve(Runnable write) {
        if (executor.getQueue().size() >= capacity - reserved) {
            return false;
        }
        return submit(write);
    }

    /** Queues {@code write} in any free place; false when the line is full or the writer is closed. */
    boolean submit(Runnable write) {
        try {
            executor.execute(write);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /**
     * Takes no more writes and gives the queued ones {@link #DRAIN} to go out. When they do not,
     * runs {@code abort} to unblock the stuck write and drops the rest. Then waits for the thread
     * (unless called from it). Returns whether everything queued went out.
     */
    boolean close(Runnable abort) {
        executor.shutdown();
        if (Thread.currentThread() == thread) {
            return false; // a write that closes its own writer: the thread ends after this task
        }
        boolean drained = false;
        try {
            drained = executor.awaitTermination(DRAIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!drained) {
            // Drop what waits first: aborted, the stuck write returns at once, and its thread would take
            // the next task before shutdownNow could remove it.
            executor.shutdownNow();
            abort.run();
            Threads.awaitOrInterrupt(executor);
        }
        return drained;
    }
}
