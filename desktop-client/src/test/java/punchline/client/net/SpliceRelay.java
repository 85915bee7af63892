package punchline.client.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import punchline.protocol.ClientMessage.RelayJoin;
import punchline.protocol.Codec;
import punchline.protocol.ErrorCode;
import punchline.protocol.Message.ErrorMessage;
import punchline.protocol.ServerMessage.RelayReady;

/**
 * A stand-in for the server's relay on loopback, for punches without a server: splices the first two
 * joins with the same token (both get {@code relay-ready}, then bytes flow both ways untouched), or
 * refuses every join with an error.
 */
final class SpliceRelay implements AutoCloseable {
    private final ServerSocket server;
    private final String refusal;
    private final Map<String, Socket> waiting = new HashMap<>();
    private final List<Socket> sockets = new ArrayList<>();

    private SpliceRelay(String refusal) throws IOException {
        this.refusal = refusal;
        this.server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        Threads.start("test-relay", this::acceptLoop);
    }

    static SpliceRelay splicing() throws IOException {
        return new SpliceRelay(null);
    }

    static SpliceRelay refusing(String message) throws IOException {
        return new SpliceRelay(message);
    }

    /**
     * The stand-in as a punch reaches it: plain TCP (the real server's relay speaks TLS, see ServerTrust).
     * Like the real one's, the connection it is given must already send at once (TCP_NODELAY): with
     * Nagle's algorithm a TLS client's second flight waits behind its first small record for the server's
     * delayed ack, tens of milliseconds on every relayed chat.
     */
    static RelayServer plain(InetSocketAddress address) {
        return new RelayServer() {
            @Override
            public InetSocketAddress address() {
                return address;
            }

            @Override
            public java.net.Socket secure(java.net.Socket connected) throws IOException {
                if (!connected.getTcpNoDelay()) {
                    throw new IOException("the relay connection would be secured with Nagle's algorithm on");
                }
                return connected;
            }
        };
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    private void acceptLoop() {
        while (true) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                return;
            }
            synchronized (this) {
                sockets.add(socket);
            }
            Threads.start("test-relay-join", () -> join(socket));
        }
    }

    private void join(Socket socket) {
        try {
            RelayJoin join = Codec.decode(Sockets.readFrameUnbuffered(socket.getInputStream(), 1024), RelayJoin.class);
            if (refusal != null) {
                Sockets.write(socket.getOutputStream(), new ErrorMessage(ErrorCode.RELAY_UNKNOWN_SESSION, refusal, null));
                socket.close();
                return;
            }
            Socket other;
            synchronized (this) {
                other = waiting.remove(join.token());
                if (other == null) {
                    waiting.put(join.token(), socket);
                    return;
                }
            }
            Sockets.write(other.getOutputStream(), new RelayReady());
            Sockets.write(socket.getOutputStream(), new RelayReady());
            Threads.start("test-relay-pipe", () -> pipe(socket, other));
            Threads.start("test-relay-pipe", () -> pipe(other, socket));
        } catch (Exception e) {
            Sockets.closeQuietly(socket);
        }
    }

    private static void pipe(Socket from, Socket to) {
        byte[] buffer = new byte[8192];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side went away: so does the splice
        } finally {
            Sockets.closeQuietly(from);
            Sockets.closeQuietly(to);
        }
    }

    @Override
    public synchronized void close() {
        Sockets.closeQuietly(server);
        sockets.forEach(Sockets::closeQuietly);
    }
}
