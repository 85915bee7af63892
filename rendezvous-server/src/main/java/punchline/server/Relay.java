package punchline.server;

import punchline.common.TokenBucket;

/**
 * Two connections spliced together: bytes read from one are written to the other, never decoded
 * (the peers run TLS end to end through it). Rate and total bytes are bounded. I/O thread only.
 */
final class Relay {
    final Connection first;
    final Connection second;
    final TokenBucket budget;
    long bytes;
    long lastActivityNanos;
    boolean closed;

    Relay(Connection first, Connection second, RelayOptions options, long nowNanos) {
        this.first = first;
        this.second = second;
        this.budget = new TokenBucket(options.bytesPerSecond(), options.bytesPerSecond(), nowNanos);
        this.lastActivityNanos = nowNanos;
    }

    Connection partnerOf(Connection connection) {
        return connection == first ? second : first;
    }
}
