package punchline.client.net;

import java.io.OutputStream;
import java.net.Socket;
import punchline.client.net.ClientEvent.Route;
import punchline.protocol.Endpoint;
import punchline.protocol.FrameReader;

/**
 * An authenticated, encrypted stream to a peer, ready to carry chat: the TLS socket and its framed
 * reader and writer, the TCP socket beneath it ({@code tcp}: resetting it unblocks a write that the peer
 * never reads), how it was made ({@code accepted}: through the listener) and which way it goes.
 */
record PeerChannel(Socket socket, Socket tcp, FrameReader reader, OutputStream out, Endpoint remote,
                   boolean accepted, Route route) {
}
