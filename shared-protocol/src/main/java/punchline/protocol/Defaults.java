package punchline.protocol;

import java.util.OptionalInt;

/**
 * Defaults that the server and its clients share, each defined once: a client that is given only a host
 * must find the server where a server given no port listens.
 */
public final class Defaults {
    /** The rendezvous server's TCP port when none is given (server {@code --port}, client {@code --server HOST}). */
    public static final int SERVER_PORT = 3333;

    private Defaults() {
    }

    /**
     * The server's NAT-diagnosis port when none is chosen: the port after {@code serverPort}; any free port
     * when the server itself takes any (0); none when there is no port after it (65535).
     */
    public static OptionalInt probePort(int serverPort) {
        if (serverPort == 0) {
            return OptionalInt.of(0);
        }
        return serverPort < 65_535 ? OptionalInt.of(serverPort + 1) : OptionalInt.empty();
    }
}
