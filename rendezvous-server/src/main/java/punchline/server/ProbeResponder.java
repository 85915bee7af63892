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
import punchline.protocol.Codec;
import punchline.protocol.Endpoint;
import punchline.protocol.ServerMessage.ProbeResult;

/**
 * NAT diagnosis: the second port tells each connection which public endpoint it came from, then
 * closes it. The client compares that with what the main port saw from the same local port. It
 * reads nothing, so a connection here costs one accept and one small write.
 */
final class ProbeResponder {
    private static final System.Logger LOG = System.getLogger(ProbeResponder.class.getName());
    private static final int ACCEPTS_PER_ROUND = 512;

    private final ServerSocketChannel listener;

    private ProbeResponder(ServerSocketChannel listener) {
        this.listener = listener;
    }

    /** Binds the probe port and registers it with {@code selector}, the key carrying the responder. */
    static ProbeResponder open(InetSocketAddress address, Selector selector) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(address, 256);
            channel.configureBlocking(false);
            ProbeResponder responder = new ProbeResponder(channel);
            channel.register(selector, SelectionKey.OP_ACCEPT, responder);
            return responder;
        } catch (IOException e) {
            Closeables.closeQuietly(channel);
            throw e;
        }
    }

    int port() throws IOException {
        return ((InetSocketAddress) listener.getLocalAddress()).getPort();
    }

    void answer() {
        for (int i = 0; i < ACCEPTS_PER_ROUND; i++) {
            SocketChannel channel = null;
            try {
                channel = listener.accept();
                if (channel == null) {
                    return;
                }
                channel.configureBlocking(false);
                Endpoint seen = Endpoint.of((InetSocketAddress) channel.getRemoteAddress());
                channel.write(ByteBuffer.wrap(Codec.encode(new ProbeResult(seen))));
                channel.shutdownOutput();
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.DEBUG, "probe failed: {0}", e.toString());
            } finally {
                Closeables.closeQuietly(channel); // the probe is over either way
            }
        }
    }

    void close() {
        Closeables.closeQuietly(listener);
    }
}
