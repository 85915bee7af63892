package punchline.server;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import punchline.protocol.Codec;
import punchline.protocol.ErrorCode;
import punchline.protocol.ProtocolException;
import punchline.protocol.ServerMessage.RelayReady;

/**
 * Moves bytes across spliced relays without reading them: within each relay's rate budget and byte
 * cap, pausing a side while its partner's queue is long (backpressure), and closing relays that stay
 * idle. I/O thread only.
 */
final class RelayForwarder {
    private static final System.Logger LOG = System.getLogger(RelayForwarder.class.getName());
    private static final int HIGH_WATER_BYTES = 256 * 1024;
    private static final int LOW_WATER_BYTES = 64 * 1024;
    private static final int READS_PER_ROUND = 4;

    private final RelayBook relays;
    private final RelayOptions options;
    /** Where {@link SecureChannel#read} leaves the plaintext (shared by all connections). */
    private final ByteBuffer plain;
    private final Consumer<Connection> closeGracefully;
    private final List<Connection> throttled = new ArrayList<>();
    private volatile Consumer<byte[]> tap;

    RelayForwarder(RelayBook relays, RelayOptions options, ByteBuffer plain, Consumer<Connection> closeGracefully) {
        this.relays = relays;
        this.options = options;
        this.plain = plain;
        this.closeGracefully = closeGracefully;
    }

    /** What a side sent after its relay frame and before relay-ready: refused, never forwarded. */
    static ProtocolException notReady() {
        return new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, "nothing may follow 'relay' before 'relay-ready'");
    }

    void observe(Consumer<byte[]> observer) {
        tap = observer;
    }

    /** Whether some side waits for its rate budget (the loop then wakes up often enough to resume it). */
    boolean hasThrottled() {
        return !throttled.isEmpty();
    }

    /** Both sides are here: tell them, and from now on forward their bytes. */
    void start(Relay relay) {
        byte[] ready = Codec.encode(new RelayReady());
        relay.first.send(ready);
        relay.second.send(ready);
        LOG.log(Level.DEBUG, "relay {0} <-> {1} started ({2} active)", relay.first, relay.second,
                relays.activeCount());
    }

    /**
     * Forwards what one side of a relay sent, within the relay's rate and byte budget. TLS hands over a
     * whole record at a time: what the budget does not allow yet is held on the connection and goes first
     * when it does.
     */
    void read(Connection connection, long now) {
        Relay relay = connection.relay();
        Connection partner = relay.partnerOf(connection);
        for (int i = 0; i < READS_PER_ROUND; i++) {
            long allowance = relay.budget.available(now);
            if (allowance < 1) {
                connection.pauseForRate(true);
                throttled.add(connection);
                return;
            }
            ByteBuffer source = connection.heldPlain();
            if (source == null) {
                int count;
                try {
                    // The peers' own TLS, decrypted from ours: the relay never sees their plaintext.
                    count = connection.secure().read((int) Math.min(Integer.MAX_VALUE, allowance));
                } catch (IOException e) {
                    close(relay, connection + " broke: " + e.getMessage());
                    return;
                }
                if (count < 0) {
                    close(relay, connection + " closed");
                    return;
                }
                if (count == 0) {
                    return;
                }
                source = plain;
            }
            int count = (int) Math.min(source.remaining(), allowance);
            relay.budget.take(count);
            relay.bytes += count;
            relay.sent(connection, now);
            byte[] chunk = new byte[count];
            source.get(chunk);
            connection.holdPlain(source);
            show(chunk);
            if (!partner.send(chunk)) {
                close(relay, partner + " could not take more");
                return;
            }
            if (relay.bytes > options.maxBytes()) {
                close(relay, "byte cap of " + options.maxBytes() + " reached");
                return;
            }
            if (partner.queuedBytes() > HIGH_WATER_BYTES) {
                connection.pauseForPartner(true); // resumed when the partner has drained
                return;
            }
        }
    }

    /** After a side's queue was written to: a drained reader lets its source go on. */
    void wrote(Connection connection, long now) {
        Relay relay = connection.relay();
        if (relay == null) {
            return;
        }
        if (connection.queuedBytes() < LOW_WATER_BYTES) {
            Connection source = relay.partnerOf(connection);
            if (source.isPausedForPartner() && !source.isClosing()) {
                source.pauseForPartner(false);
                if (source.heldPlain() != null) {
                    read(source, now); // held bytes wait for no new data from the socket
                }
            }
        }
    }

    void resumeThrottled(long now) {
        List<Connection> holding = new ArrayList<>();
        throttled.removeIf(connection -> {
            if (connection.isClosing() || connection.relay() == null) {
                return true;
            }
            if (connection.relay().budget.available(now) >= 1) {
                connection.pauseForRate(false);
                if (connection.heldPlain() != null) {
                    holding.add(connection);
                }
                return true;
            }
            return false;
        });
        for (Connection connection : holding) {
            if (!connection.isClosing()) {
                read(connection, now); // held bytes wait for no new data from the socket
            }
        }
    }

    /** Closes relays that have not carried bytes both ways for the idle timeout (see {@link Relay}). */
    void closeIdle(long now) {
        long idle = options.idleTimeout().toNanos();
        for (Relay relay : new ArrayList<>(relays.active())) {
            if (now - relay.usedAtNanos() > idle) {
                close(relay, "idle (no bytes both ways for " + options.idleTimeout().toSeconds() + " s)");
            }
        }
    }

    /** Ends a relay: each side gets what is already queued for it, then a FIN. */
    void close(Relay relay, String why) {
        if (relay.closed) {
            return;
        }
        relay.closed = true;
        relays.closed(relay);
        LOG.log(Level.DEBUG, "relay {0} <-> {1} closed after {2} bytes: {3}", relay.first, relay.second,
                relay.bytes, why);
        closeGracefully.accept(relay.first);
        closeGracefully.accept(relay.second);
    }

    private void show(byte[] chunk) {
        Consumer<byte[]> observer = tap;
        if (observer != null) {
            try {
                observer.accept(chunk);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "relay observer failed: {0}", e.toString()); // the stream goes on
            }
        }
    }
}
