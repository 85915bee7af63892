package punchline.client.ui;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.function.Predicate;
import punchline.common.CertifiedKey;
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
    private final Socket tcp = new Socket();
    private final CertifiedKey identity = CertifiedKey.generate("firewalled");
    private Socket socket;
    private final History<ServerMessage> received = new History<>("firewalled peer");
    private OutputStream out;

    static FirewalledPeer join(int serverPort, String name) throws IOException {
        FirewalledPeer peer = new FirewalledPeer();
        peer.tcp.connect(new InetSocketAddress("127.0.0.1", serverPort), 5_000);
        peer.socket = peer.tls(peer.tcp); // the server speaks TLS and wants our key: we present one, trust any
        peer.out = peer.socket.getOutputStream();
        peer.send(new Hello(ProtocolVersion.CURRENT, name, null, List.of(), null, peer.identity.id()));
        Thread reader = new Thread(peer::readLoop, "firewalled-peer");
        reader.setDaemon(true);
        reader.start();
        return peer;
    }

    private Socket tls(Socket connected) throws IOException {
        try {
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLSv1.3");
            context.init(identity.keyManagers(), new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
                @Override
                public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
                }

                @Override
                public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                    return new java.security.cert.X509Certificate[0];
                }
            }}, null);
            javax.net.ssl.SSLSocket tls = (javax.net.ssl.SSLSocket) context.getSocketFactory().createSocket(connected,
                    "127.0.0.1", connected.getPort(), true);
            tls.startHandshake();
            return tls;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
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
        tcp.close();
    }
}
