package punchline.client.ui;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import punchline.protocol.ClientMessage;
import punchline.protocol.ClientMessage.Accept;
import punchline.protocol.ClientMessage.Hello;
import punchline.protocol.Codec;
import punchline.protocol.FrameReader;
import punchline.protocol.Message;
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
    private final List<ServerMessage> received = new ArrayList<>();
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
                synchronized (this) {
                    received.add(message);
                    notifyAll();
                }
            }
        } catch (IOException | RuntimeException | punchline.protocol.ProtocolException e) {
            // the test closed the socket
        }
    }

    /** The first message of {@code type} matching {@code match}, received so far or within 15 s. */
    synchronized <T extends Message> T await(Class<T> type, Predicate<T> match) {
        long deadline = System.currentTimeMillis() + 15_000;
        while (true) {
            for (ServerMessage message : received) {
                if (type.isInstance(message) && match.test(type.cast(message))) {
                    return type.cast(message);
                }
            }
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                fail("firewalled peer got no " + type.getSimpleName() + "; it got " + received);
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    synchronized long count(Class<? extends ServerMessage> type) {
        return received.stream().filter(type::isInstance).count();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
