package punchline.common;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;

/**
 * Logs an event that others can make happen without bound (a refused connection, a peer's error
 * frame) at most once per interval, with a count of the rest. The first event of an interval is
 * logged as it comes; the ones after it are only counted; once the interval is over, one line says
 * how many there were ({@code "refused connections (too many from one address): 8283 more in the last
 * 60 s"}): at the next event, or at {@link #flush}, which a periodic task may call. So a flood costs at
 * most two lines per interval. Thread-safe.
 */
public final class LogLimiter {
    /** The interval the server and the client use: an operator reads a minute's count at a glance. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

    private final Logger log;
    private final Level level;
    private final String what;
    private final long intervalNanos;
    private boolean open;
    private long openedAtNanos;
    private long held;

    /**
     * @param what the kind of event, as the count's line names it (e.g. "refused connections (too many
     *             from one address)")
     */
    public LogLimiter(Logger log, Level level, String what, Duration interval) {
        this.log = log;
        this.level = level;
        this.what = what;
        this.intervalNanos = interval.toNanos();
    }

    public LogLimiter(Logger log, Level level, String what) {
        this(log, level, what, DEFAULT_INTERVAL);
    }

    /** Logs the event now ({@code format} as {@link Logger#log(Level, String, Object...)} takes it) or counts it. */
    public synchronized void log(long nowNanos, String format, Object... parameters) {
        flush(nowNanos);
        if (open) {
            held++;
            return;
        }
        open = true;
        openedAtNanos = nowNanos;
        log.log(level, format, parameters);
    }

    /** {@link #log(long, String, Object...)} at {@link System#nanoTime()}. */
    public void log(String format, Object... parameters) {
        log(System.nanoTime(), format, parameters);
    }

    /** Ends the interval if it is over: logs how many events were held back in it, if any. */
    public synchronized void flush(long nowNanos) {
        if (!open || nowNanos - openedAtNanos < intervalNanos) {
            return;
        }
        if (held > 0) {
            log.log(level, "{0}: {1} more in the last {2} s", what, Long.toString(held),
                    Long.toString(Duration.ofNanos(nowNanos - openedAtNanos).toSeconds()));
        }
        open = false;
        held = 0;
    }

    /** Events counted but not yet logged (tests). */
    synchronized long held() {
        return held;
    }
}
