package punchline.client.ui;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.function.Predicate;
import punchline.protocol.ClientMessage;
import punchline.protocol.ClientMessage.Accept;
import punchline.protocol.ClientMessage.Hello;
import punchline.protocol.Codec;
import punchline.protocol.FrameReader;
import punchline.protocol.Message.Ping;
import punchline.protocol.Message.Pong;
import punchline.protocol.ProtocolVersion;
import punchline.protocol.ServerMessage;
import punchline.protocol.ServerMessage.Welcome;

/**
 * A user whose computer takes no incoming connections and never dials out: it speaks to the rendezvous
 * server (join, accept) but nothing listens where it registered, so every punch to it fails, as behind a
 * strict firewall. It stays in the room, so a retry reaches it again.
 */
final class FirewalledPeer implements AutoCloseable {
    private final Socket socket = new Socket();
    private final History<ServerMessage> received = new History<>("firewalled peer");
    private OutputStream out;

    static FirewalledPeer join(int serverPort, String name) throws IOException {
        FirewalledPeer peer = new FirewalledPeer();
        peer.socket.connect(new InetSocketAddress("127.0.0.1", serverPort), 5_000);
        peer.out = peer.socket.getOutputStream();
        peer.send(new Hello(ProtocolVersion.CURRENT, name, null, List.of()));
        Thread reader = new Thread(peer::readLoop, "firewalled-peer");
        reader.setDaemon(true);
        reader.start();
        return peer;
    }

    String key() {
        return await(Welcome.class, w -> true).key();
    }

    void accept(String from) throws IOException {
        send(new Accept(from));
    }

    private synchronized void send(ClientMessage message) throws IOException {
        out.write(Codec.encode(message));
        out.flush();
    }

    private void readLoop() {
        try {
            FrameReader reader = new FrameReader(socket.getInputStream());
            ServerMessage message;
            while ((message = reader.read(ServerMessage.class)) != null) {
                if (message instanceof Ping ping) {
                    send(new Pong(ping.nonce()));
                }
                received.add(message);
            }
        } catch (IOException | RuntimeException | punchline.protocol.ProtocolException e) {
            // the test closed the socket
        }
    }

    <T extends ServerMessage> T await(Class<T> type, Predicate<T> match) {
        return received.await(type, match);
    }

    long count(Class<? extends ServerMessage> type) {
        return received.count(type);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
