package punchline.client.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * The server's relay as a punch reaches it: its address (resolved, so no DNS runs during a punch) and the
 * TLS every connection to the server speaks. The relay splices the decrypted streams, which are the peers'
 * own TLS: it still sees only their ciphertext.
 */
interface RelayServer {
    InetSocketAddress address();

    /** Secures a connection to {@link #address()}; closing what it returns closes {@code connected}. */
    Socket secure(Socket connected) throws IOException;
}
