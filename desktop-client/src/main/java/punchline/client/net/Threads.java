package punchline.client.net;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Named daemon threads, and the one way the core waits for them: every thread of the core says what
 * it is for, and {@code stop} never waits for one longer than {@link #STOP_WAIT}.
 */
final class Threads {
    /** How long a stop waits for a thread or an executor before it gives up on it (and says so by returning false). */
    static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private Threads() {
    }

    static ThreadFactory named(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            int n = counter.incrementAndGet();
            Thread thread = new Thread(runnable, n == 1 && !prefix.endsWith("-") ? prefix : prefix + n);
            thread.setDaemon(true);
            return thread;
        };
    }

    static ExecutorService single(String name) {
        return Executors.newSingleThreadExecutor(named(name));
    }

    static ScheduledExecutorService scheduler(String name) {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, named(name));
        timer.setRemoveOnCancelPolicy(true);
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return timer;
    }

    static Thread start(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /**
     * Waits up to {@link #STOP_WAIT} for {@code thread} to end; returns whether it did. Nothing to wait
     * for (null, or the calling thread itself) counts as ended. An interrupt ends the wait and is kept.
     */
    static boolean join(Thread thread) {
        if (thread == null || thread == Thread.currentThread()) {
            return true;
        }
        try {
            thread.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    /** Lets {@code executor} finish what is queued, for up to {@link #STOP_WAIT}, then interrupts what is left. */
    static void shutDown(ExecutorService executor) {
        executor.shutdown();
        awaitOrInterrupt(executor);
    }

    /** Waits up to {@link #STOP_WAIT} for a shut-down {@code executor}; interrupts its threads if it is not done. */
    static boolean awaitOrInterrupt(ExecutorService executor) {
        try {
            if (executor.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
        return false;
    }
}
