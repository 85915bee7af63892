package punchline.server;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import punchline.common.LogLimiter;
import punchline.protocol.Codec;
import punchline.protocol.ErrorCode;
import punchline.protocol.Message.ErrorMessage;
import punchline.protocol.ProtocolException;

/**
 * Moves bytes for the connections: frames in to their sessions, queued frames out, relayed bytes
 * through the {@link RelayForwarder}, and closing in the steps {@link ConnectionState} names. Closes
 * found during a step are collected and done together at its end ({@link #processCloses}), so no
 * connection disappears while another is being served. I/O thread only.
 */
final class ConnectionIo {
    private static final System.Logger LOG = System.getLogger(ConnectionIo.class.getName());
    private static final int READS_PER_ROUND = 4;
    private static final long FLUSH_GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final ServerTls tls;
    /** What the latest read decrypted (shared by all connections). */
    private final ByteBuffer plain;
    private final Set<Connection> toClose = new LinkedHashSet<>();
    private final Admission admission;
    private final RelayForwarder forwarder;
    private final LongSupplier clock;
    private final LogLimiter slowConsumers = new LogLimiter(LOG, Level.INFO, "clients dropped for not reading");
    /** Each error a connection is closed with (a limit that tripped, a bad frame), logged once a minute. */
    private final Map<ErrorCode, LogLimiter> closedWith = new EnumMap<>(ErrorCode.class);

    ConnectionIo(ServerTls tls, RelayBook relays, RelayOptions relayOptions, Admission admission, LongSupplier clock) {
        this.tls = tls;
        this.plain = tls.plain;
        this.admission = admission;
        this.clock = clock;
        this.forwarder = new RelayForwarder(relays, relayOptions, tls.plain, this::closeGracefully);
    }

    RelayForwarder forwarder() {
        return forwarder;
    }

    /** Reads and writes what the selector found ready for a connection's key, then does the closes. */
    void serve(SelectionKey key) {
        Connection connection = (Connection) key.attachment();
        try {
            if (key.isReadable()) {
                read(connection);
            }
            if (key.isValid() && key.isWritable()) {
                write(connection);
            }
        } catch (RuntimeException e) {
            // A bug triggered by one client must not take the others down.
            LOG.log(Level.ERROR, "internal error serving " + connection.session(), e);
            fail(connection, new ErrorMessage(ErrorCode.INTERNAL, "internal server error", null));
        }
        processCloses();
    }

    private void read(Connection connection) {
        if (connection.isClosing()) {
            discardInput(connection);
            return;
        }
        if (connection.state() == ConnectionState.RELAYED) {
            forwarder.read(connection, clock.getAsLong());
            return;
        }
        // Once spliced, the next bytes are the peers' and are read by the forwarder, never as frames.
        for (int i = 0; i < READS_PER_ROUND && !connection.isClosing()
                && connection.state() != ConnectionState.RELAYED; i++) {
            boolean wasReady = connection.secure().isReady();
            int count;
            try {
                count = connection.secure().read(Integer.MAX_VALUE);
            } catch (SecureChannel.PlainTextClient e) {
                refusePlainText(connection);
                return;
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "closing {0}: {1}", connection, e.toString()); // a failed handshake, too
                toClose.add(connection);
                return;
            }
            if (!wasReady && connection.secure().isReady()) {
                write(connection); // frames queued during the handshake
            }
            if (count < 0) {
                toClose.add(connection);
                return;
            }
            if (count == 0) {
                return;
            }
            connection.markReceived(clock.getAsLong());
            try {
                if (connection.state() == ConnectionState.RELAY_WAITING) {
                    throw RelayForwarder.notReady();
                }
                if (connection.state() == ConnectionState.OPEN && !feedOpeningFrames(connection)) {
                    return;
                }
                connection.decoder().feed(plain, connection.session()::onFrame);
            } catch (ProtocolException e) {
                fail(connection, e.toErrorMessage());
                if (connection.relay() != null) {
                    forwarder.close(connection.relay(), connection + " sent bytes before relay-ready");
                }
                return;
            }
        }
    }

    /**
     * A client of before TLS sent its hello in plain text: it is told, in plain text it can read, to update,
     * and closed. Nothing it sent is read as a message.
     */
    private void refusePlainText(Connection connection) {
        try {
            connection.channel().write(ByteBuffer.wrap(Codec.encode(new ErrorMessage(ErrorCode.UNSUPPORTED_VERSION,
                    "this server speaks TLS (issue 11); please update Punchline", null))));
        } catch (IOException ignored) {
            // it is closed either way
        }
        toClose.add(connection);
    }

    /**
     * Before hello a connection may instead ask for a relay, after which its bytes are no longer frames:
     * so feed the decoder one frame at a time until the connection has said which it is. Returns whether
     * the rest of the buffer is to be decoded as frames. Bytes that follow a relay frame were sent before
     * relay-ready (they cannot be frames, nor be forwarded): a protocol error, whatever they are.
     */
    private boolean feedOpeningFrames(Connection connection) throws ProtocolException {
        while (plain.hasRemaining() && connection.state() == ConnectionState.OPEN) {
            int limit = plain.limit();
            for (int i = plain.position(); i < limit; i++) {
                if (plain.get(i) == '\n') {
                    plain.limit(i + 1);
                    break;
                }
            }
            connection.decoder().feed(plain, connection.session()::onFrame);
            plain.limit(limit);
            if (connection.isClosing()) {
                return false;
            }
            if (connection.state().isRelay()) {
                if (plain.hasRemaining()) {
                    throw RelayForwarder.notReady();
                }
                return false;
            }
        }
        return true;
    }

    /** A closing connection's input is read raw and dropped: only its end matters now. */
    private void discardInput(Connection connection) {
        ByteBuffer scratch = tls.netIn;
        for (int i = 0; i < READS_PER_ROUND; i++) {
            scratch.clear();
            try {
                int count = connection.channel().read(scratch);
                if (count < 0) {
                    if (connection.queuedBytes() > 0) {
                        // Only half-closed, perhaps (a relay peer): it may still read; write() closes when done.
                        connection.endInput();
                        return;
                    }
                    toClose.add(connection);
                    return;
                }
                if (count == 0) {
                    return;
                }
            } catch (IOException e) {
                toClose.add(connection);
                return;
            }
        }
    }

    private void write(Connection connection) {
        try {
            if (connection.flush() && connection.outputDrained()) {
                toClose.add(connection);
            }
        } catch (IOException e) {
            toClose.add(connection);
            return;
        }
        forwarder.wrote(connection, clock.getAsLong());
    }

    // ---- closing ----

    /** Sends the error and closes the connection once it is written (or after a grace period). */
    void fail(Connection connection, ErrorMessage error) {
        if (connection.isClosing()) {
            return;
        }
        closedWith.computeIfAbsent(error.code(), code -> new LogLimiter(LOG, Level.INFO,
                "connections closed with " + code)).log(clock.getAsLong(), "closing {0}: {1} {2}",
                connection.session(), error.code(), error.message());
        connection.send(error);
        closeGracefully(connection);
    }

    /**
     * Unregisters now, then closes in steps so the client really reads our last words: flush what is
     * queued, half-close, and discard input until the client closes or the grace period ends (closing
     * a socket with unread input would send a reset that can destroy the error in flight).
     */
    void closeGracefully(Connection connection) {
        connection.session().leave();
        connection.closeAfterFlush(clock.getAsLong() + FLUSH_GRACE_NANOS);
        write(connection);
    }

    /**
     * A client that does not read what we send is dropped rather than buffered without bound. A send
     * also fails when the client has just gone (its reset came first): that is an ordinary goodbye.
     */
    void dropSlowConsumer(Connection connection) {
        if (toClose.add(connection) && !connection.isClosing()) { // once, though every later send fails too
            if (connection.isBroken()) {
                LOG.log(Level.DEBUG, "{0} went away", connection.session());
            } else {
                slowConsumers.log(clock.getAsLong(), "dropping {0}: it does not read its messages",
                        connection.session());
            }
        }
    }

    /** Logs how many slow clients the last minute held back, once it is over (the sweep calls this). */
    void flushLogs(long now) {
        slowConsumers.flush(now);
        closedWith.values().forEach(limiter -> limiter.flush(now));
    }

    /** Closes the connection at the end of this step, without further ado (its close deadline passed). */
    void closeNow(Connection connection) {
        toClose.add(connection);
    }

    /** Closes what this step found closed, broken or too slow: the user leaves, a relay ends with it. */
    void processCloses() {
        while (!toClose.isEmpty()) {
            Connection connection = toClose.iterator().next();
            toClose.remove(connection);
            connection.session().leave(); // may queue more closes (slow consumers among those told)
            if (connection.relay() != null) {
                forwarder.close(connection.relay(), connection + " went away");
            }
            connection.closeNow();
            admission.release(connection);
        }
    }
}
