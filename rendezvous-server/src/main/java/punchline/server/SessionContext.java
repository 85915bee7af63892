package punchline.server;

import punchline.protocol.ClientMessage.RelayJoin;
import punchline.protocol.Message.ErrorMessage;

/**
 * What a {@link ClientSession} may use of the server around it, and no more: the time of the current
 * I/O round, the settings, the {@link Lobby} (rooms and requests), the relay, and closing its own
 * connection. I/O thread only.
 */
interface SessionContext {
    /** The time of the current I/O round ({@code System.nanoTime()}). */
    long now();

    /** A nonce for a heartbeat ping, unique while the server runs. */
    long nextPingNonce();

    ServerOptions options();

    Lobby lobby();

    /** The NAT diagnosis port as bound, or null when diagnosis is off (the welcome says which). */
    Integer probePort();

    /** Whether this server relays chats (the welcome says so). */
    boolean relayEnabled();

    /**
     * The connection's first message asks to be spliced to the other side of an introduction: it waits
     * for its partner, is spliced to it, or is refused and closed.
     */
    void joinRelay(Connection connection, RelayJoin join);

    /** Whether the server is stopping (a leaving user is then not announced: everyone is told "bye"). */
    boolean isShuttingDown();

    /** Sends the error and closes the connection once it is written (or after a grace period). */
    void fail(Connection connection, ErrorMessage error);

    /** Unregisters the connection's user now and closes it in steps, so the client reads our last frames. */
    void closeGracefully(Connection connection);

    /** The client does not read what it is sent: it is dropped rather than buffered without bound. */
    void dropSlowConsumer(Connection connection);
}
