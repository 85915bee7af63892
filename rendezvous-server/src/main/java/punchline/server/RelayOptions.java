package punchline.server;

import java.time.Duration;

/**
 * Limits of the relay that carries a chat when punching cannot work. Each relay is capped in rate and
 * in total bytes; there are at most {@code maxRelays} at once, at most {@code maxPerAddress} with a side
 * at one address (see {@link FloodLimits#groupOf}) and {@code maxPerUser} for one user, so that one
 * person's own pairs of users cannot take every slot; a relay that does not carry traffic both ways for
 * {@code idleTimeout} is closed, and a side whose partner has not arrived within {@code waitTimeout} is
 * turned away.
 */
public record RelayOptions(boolean enabled, int maxRelays, long bytesPerSecond, long maxBytes,
                           Duration idleTimeout, Duration waitTimeout, int maxPerAddress, int maxPerUser) {

    /** Relays one address may take part in at once. */
    public static final int DEFAULT_MAX_PER_ADDRESS = 10;
    /** Relays one user may take part in at once (a relay per chat). */
    public static final int DEFAULT_MAX_PER_USER = 4;

    public RelayOptions {
        if (maxRelays < 1 || bytesPerSecond < 1024 || maxBytes < 1024) {
            throw new IllegalArgumentException("--max-relays must be positive and relay byte limits at least 1 KiB");
        }
        if (maxPerAddress < 1 || maxPerUser < 1) {
            throw new IllegalArgumentException("--max-relays-per-address and --max-relays-per-user must be positive");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero() || waitTimeout.isNegative() || waitTimeout.isZero()) {
            throw new IllegalArgumentException("relay timeouts must be positive");
        }
        if (idleTimeout.compareTo(ServerOptions.MAX_DURATION) > 0 || waitTimeout.compareTo(ServerOptions.MAX_DURATION) > 0) {
            throw new IllegalArgumentException("relay timeouts must be at most " + ServerOptions.MAX_DURATION.toDays()
                    + " days");
        }
    }

    public RelayOptions(boolean enabled, int maxRelays, long bytesPerSecond, long maxBytes, Duration idleTimeout,
                        Duration waitTimeout) {
        this(enabled, maxRelays, bytesPerSecond, maxBytes, idleTimeout, waitTimeout, DEFAULT_MAX_PER_ADDRESS,
                DEFAULT_MAX_PER_USER);
    }

    /** 100 relays of at most 256 KiB/s and 64 MiB each: a chat, not a file transfer. */
    public static RelayOptions defaults() {
        return new RelayOptions(true, 100, 256 * 1024, 64L * 1024 * 1024, Duration.ofSeconds(60),
                Duration.ofSeconds(20));
    }

    public RelayOptions withEnabled(boolean value) {
        return new RelayOptions(value, maxRelays, bytesPerSecond, maxBytes, idleTimeout, waitTimeout, maxPerAddress,
                maxPerUser);
    }

    public RelayOptions withMaxRelays(int value) {
        return new RelayOptions(enabled, value, bytesPerSecond, maxBytes, idleTimeout, waitTimeout, maxPerAddress,
                maxPerUser);
    }

    public RelayOptions withRate(long perSecond) {
        return new RelayOptions(enabled, maxRelays, perSecond, maxBytes, idleTimeout, waitTimeout, maxPerAddress,
                maxPerUser);
    }

    public RelayOptions withMaxBytes(long value) {
        return new RelayOptions(enabled, maxRelays, bytesPerSecond, value, idleTimeout, waitTimeout, maxPerAddress,
                maxPerUser);
    }

    public RelayOptions withTimeouts(Duration idle, Duration wait) {
        return new RelayOptions(enabled, maxRelays, bytesPerSecond, maxBytes, idle, wait, maxPerAddress, maxPerUser);
    }

    /** At most {@code perAddress} relays with a side at one address, {@code perUser} for one user. */
    public RelayOptions withShares(int perAddress, int perUser) {
        return new RelayOptions(enabled, maxRelays, bytesPerSecond, maxBytes, idleTimeout, waitTimeout, perAddress,
                perUser);
    }
}
