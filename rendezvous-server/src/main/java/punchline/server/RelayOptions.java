package punchline.server;

import java.time.Duration;

/**
 * Limits of the relay that carries a chat when punching cannot work. Each relay is capped in rate and
 * in total bytes; there are at most {@code maxRelays} at once; a relay idle (both ways) for
 * {@code idleTimeout} is closed, and a side whose partner has not arrived within {@code waitTimeout}
 * is turned away.
 */
public record RelayOptions(boolean enabled, int maxRelays, long bytesPerSecond, long maxBytes,
                           Duration idleTimeout, Duration waitTimeout) {

    public RelayOptions {
        if (maxRelays < 1 || bytesPerSecond < 1024 || maxBytes < 1024) {
            throw new IllegalArgumentException("--max-relays must be positive and relay byte limits at least 1 KiB");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero() || waitTimeout.isNegative() || waitTimeout.isZero()) {
            throw new IllegalArgumentException("relay timeouts must be positive");
        }
        if (idleTimeout.compareTo(ServerOptions.MAX_DURATION) > 0 || waitTimeout.compareTo(ServerOptions.MAX_DURATION) > 0) {
            throw new IllegalArgumentException("relay timeouts must be at most " + ServerOptions.MAX_DURATION.toDays()
                    + " days");
        }
    }

    /** 100 relays of at most 256 KiB/s and 64 MiB each: a chat, not a file transfer. */
    public static RelayOptions defaults() {
        return new RelayOptions(true, 100, 256 * 1024, 64L * 1024 * 1024, Duration.ofSeconds(60),
                Duration.ofSeconds(20));
    }

    public RelayOptions withEnabled(boolean value) {
        return new RelayOptions(value, maxRelays, bytesPerSecond, maxBytes, idleTimeout, waitTimeout);
    }

    public RelayOptions withMaxRelays(int value) {
        return new RelayOptions(enabled, value, bytesPerSecond, maxBytes, idleTimeout, waitTimeout);
    }

    public RelayOptions withRate(long perSecond) {
        return new RelayOptions(enabled, maxRelays, perSecond, maxBytes, idleTimeout, waitTimeout);
    }

    public RelayOptions withMaxBytes(long value) {
        return new RelayOptions(enabled, maxRelays, bytesPerSecond, value, idleTimeout, waitTimeout);
    }

    public RelayOptions withTimeouts(Duration idle, Duration wait) {
        return new RelayOptions(enabled, maxRelays, bytesPerSecond, maxBytes, idle, wait);
    }
}
