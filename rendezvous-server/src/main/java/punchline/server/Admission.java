package punchline.server;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import punchline.common.LogLimiter;
import punchline.protocol.Codec;
import punchline.protocol.Endpoint;
import punchline.protocol.ErrorCode;
import punchline.protocol.Message.ErrorMessage;

/**
 * Who gets in: accepts connections unless the server is full or their address (a network: see
 * {@link FloodLimits#groupOf}) already has its share or connects too often, registers each with the
 * selector as a {@link Connection} with its {@link ClientSession}, and keeps each address's
 * {@link Budgets budget} (connections, and what they may still do) until it is no longer needed. A
 * refused client is told why before its socket closes. I/O thread only.
 */
final class Admission {
    private static final System.Logger LOG = System.getLogger(Admission.class.getName());
    private static final int ACCEPTS_PER_ROUND = 512;

    private final ServerOptions options;
    private final SessionContext sessions;
    private final ServerTls tls;
    private final Set<Connection> connections = new HashSet<>();
    private final Budgets budgets;
    // Anyone can make these happen as often as they like: each is logged once a minute, with a count.
    private final LogLimiter acceptFailed = new LogLimiter(LOG, Level.WARNING, "failed accepts");
    private final LogLimiter serverFull = new LogLimiter(LOG, Level.WARNING, "refused connections (server full)");
    private final LogLimiter tooMany = new LogLimiter(LOG, Level.INFO,
            "refused connections (too many from one address)");
    private final LogLimiter tooOften = new LogLimiter(LOG, Level.INFO,
            "refused connections (one address connecting too often)");

    Admission(ServerOptions options, SessionContext sessions, ServerTls tls) {
        this.options = options;
        this.sessions = sessions;
        this.tls = tls;
        this.budgets = new Budgets(options);
    }

    /** Every open connection, registered or not. */
    Collection<Connection> connections() {
        return Collections.unmodifiableSet(connections);
    }

    int count() {
        return connections.size();
    }

    /** Takes the connections waiting on {@code listener}, a bounded number per round so reads go on too. */
    void acceptFrom(ServerSocketChannel listener, Selector selector, long now) {
        for (int i = 0; i < ACCEPTS_PER_ROUND; i++) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (IOException e) {
                acceptFailed.log(now, "accept failed: {0}", e.getMessage()); // e.g. out of file descriptors
                return;
            }
            if (channel == null) {
                return;
            }
            try {
                admit(channel, selector, now);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.DEBUG, "could not take a connection: {0}", e.toString());
                Closeables.closeQuietly(channel);
            }
        }
    }

    private void admit(SocketChannel channel, Selector selector, long now) throws IOException {
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        Endpoint remote = Endpoint.of((InetSocketAddress) channel.getRemoteAddress());
        if (connections.size() >= options.maxClients()) {
            refuse(channel, ErrorCode.SERVER_FULL, "the server is full; try again later");
            serverFull.log(now, "refused {0}: server full ({1} connections)", remote, connections.size());
            return;
        }
        Budgets.Address budget = budgets.of(remote.address(), now);
        if (options.maxPerAddress() > 0 && budget.connections >= options.maxPerAddress()) {
            refuse(channel, ErrorCode.TOO_MANY_CONNECTIONS, "too many connections from your address");
            tooMany.log(now, "refused {0}: {1} connections from that address already", remote, budget.connections);
            return;
        }
        if (!budget.tryConnect(now)) {
            refuse(channel, ErrorCode.TOO_MANY_CONNECTIONS, "your address connects too often; wait a moment");
            tooOften.log(now, "refused {0}: its address connects too often", remote);
            return;
        }
        budget.connections++;
        SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
        SecureChannel secure = new SecureChannel(channel, key, tls.newEngine(), tls);
        Connection connection = new Connection(channel, key, secure, remote, now, options.maxQueuedBytes());
        connection.attach(new ClientSession(sessions, connection, budget, now));
        key.attach(connection);
        connections.add(connection);
    }

    /**
     * One write, no waiting: a fresh socket's buffer takes the short error, then the socket closes. It is
     * plain text, before any TLS: completing a handshake for a connection we cannot take would spend the
     * most CPU exactly when the server has the least. The client sees a plain answer to its TLS hello and
     * says the server would not take it.
     */
    private static void refuse(SocketChannel channel, ErrorCode code, String why) throws IOException {
        channel.write(ByteBuffer.wrap(Codec.encode(new ErrorMessage(code, why, null))));
        Closeables.closeQuietly(channel);
    }

    /**
     * The sweep's part here: logs how many refusals the last minute held back, once it is over, and
     * forgets the budgets of addresses that need none.
     */
    void sweep(long now) {
        acceptFailed.flush(now);
        serverFull.flush(now);
        tooMany.flush(now);
        tooOften.flush(now);
        budgets.sweep(now);
    }

    /** Addresses whose budgets are remembered (tests: memory stays bounded). */
    int budgetCount() {
        return budgets.addressCount();
    }

    /** Forgets a closed connection, freeing its place and its address's. */
    void release(Connection connection) {
        if (connections.remove(connection)) {
            connection.session().budget().connections--;
        }
    }

    /** Closes every connection at once: the I/O loop is ending. */
    void closeAll() {
        for (Connection connection : connections) {
            connection.closeNow();
        }
        connections.clear();
    }
}
