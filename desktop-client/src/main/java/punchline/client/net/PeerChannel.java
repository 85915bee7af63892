package punchline.client.net;

import java.io.OutputStream;
import java.net.Socket;
import punchline.protocol.Endpoint;
import punchline.protocol.FrameReader;

/** An authenticated stream to a peer, ready to carry chat: the socket and its framed reader and writer. */
record PeerChannel(Socket socket, FrameReader reader, OutputStream out, Endpoint remote, boolean accepted) {
}
