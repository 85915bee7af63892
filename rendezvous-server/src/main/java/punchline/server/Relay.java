package punchline.server;

import punchline.common.TokenBucket;

/**
 * Two connections spliced together: bytes read from one are written to the other, never decoded
 * (the peers run TLS end to end through it). Rate and total bytes are bounded. Each side is a user of
 * the introduction ({@code firstKey}, {@code secondKey}), counted against its per-user share of relays.
 *
 * <p>A relay is in use while bytes go both ways: it cannot read them, but a live chat's peers ping each
 * other every 10 s and each answers, and every message is acknowledged, so both sides send well within
 * the idle timeout. A trickle from one side only (a partner that froze or left, or a drip meant to hold
 * the slot) is not use. I/O thread only.
 */
final class Relay {
    final Connection first;
    final Connection second;
    final String firstKey;
    final String secondKey;
    final TokenBucket budget;
    long bytes;
    private long firstSentNanos;
    private long secondSentNanos;
    boolean closed;

    Relay(Connection first, String firstKey, Connection second, String secondKey, RelayOptions options,
          long nowNanos) {
        this.first = first;
        this.second = second;
        this.firstKey = firstKey;
        this.secondKey = secondKey;
        this.budget = new TokenBucket(options.bytesPerSecond(), options.bytesPerSecond(), nowNanos);
        this.firstSentNanos = nowNanos;
        this.secondSentNanos = nowNanos;
    }

    Connection partnerOf(Connection connection) {
        return connection == first ? second : first;
    }

    /** {@code side} sent bytes at {@code now}. */
    void sent(Connection side, long now) {
        if (side == first) {
            firstSentNanos = now;
        } else {
            secondSentNanos = now;
        }
    }

    /** Since when the relay has not carried bytes both ways: the older of the two sides' last bytes. */
    long usedAtNanos() {
        return firstSentNanos - secondSentNanos < 0 ? firstSentNanos : secondSentNanos;
    }
}
