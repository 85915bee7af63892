package punchline.client.net;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import punchline.common.CertifiedKey;
import punchline.protocol.ClientMessage;
import punchline.protocol.Codec;
import punchline.protocol.Endpoint;
import punchline.protocol.FrameReader;
import punchline.protocol.Message;
import punchline.protocol.ProtocolException;
import punchline.protocol.ProtocolVersion;
import punchline.protocol.ServerMessage.UserList;
import punchline.protocol.ServerMessage.Welcome;

/**
 * A stand-in rendezvous server on loopback that speaks TLS (its own certificate, clients must present
 * theirs) and says whatever the test tells it, for what a real server never does: introduce us to
 * someone we did not ask for. One client at a time. Reads and waits are bounded.
 */
final class IntroducingServer implements Closeable {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final CertifiedKey identity = CertifiedKey.generate("fake server");
    private final ServerSocket listener;
    private final BlockingQueue<SSLSocket> accepted = new LinkedBlockingQueue<>();
    private final List<Socket> sockets = new ArrayList<>();
    private SSLSocket client;
    private FrameReader reader;
    private OutputStream out;

    IntroducingServer() throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(identity.keyManagers(), new TrustManager[] {new AnyClient()}, null);
            SSLServerSocket tls = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 8,
                    InetAddress.getLoopbackAddress());
            tls.setNeedClientAuth(true);
            listener = tls;
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
        Threads.start("fake-server", this::acceptLoop);
    }

    int port() {
        return listener.getLocalPort();
    }

    String fingerprint() {
        return identity.fingerprint();
    }

    private void acceptLoop() {
        while (true) {
            try {
                Socket socket = listener.accept();
                synchronized (this) {
                    sockets.add(socket);
                }
                accepted.add((SSLSocket) socket);
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Takes the next client, reads its hello, welcomes it under {@code key} with an empty room. */
    ClientMessage.Hello welcome(String key) throws Exception {
        client = accepted.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (client == null) {
            throw new AssertionError("no client came to the fake server");
        }
        client.setSoTimeout((int) WAIT.toMillis());
        reader = new FrameReader(client.getInputStream());
        out = client.getOutputStream();
        ClientMessage.Hello hello = expect(ClientMessage.Hello.class);
        send(new Welcome(key, Endpoint.of(client.getInetAddress(), client.getPort()), hello.room(), 15,
                ProtocolVersion.CURRENT, null, false, hello.id()));
        send(new UserList(hello.room(), List.of(), true));
        return hello;
    }

    void send(Message message) throws IOException {
        out.write(Codec.encode(message));
        out.flush();
    }

    /** The next message from the client of the given type (pings and pongs, and nat-reports, are skipped). */
    <T extends ClientMessage> T expect(Class<T> type) throws IOException, ProtocolException {
        while (true) {
            ClientMessage message = reader.read(ClientMessage.class);
            if (message == null) {
                throw new AssertionError("the client closed while the fake server expected " + type.getSimpleName());
            }
            if (type.isInstance(message)) {
                return type.cast(message);
            }
            if (!(message instanceof Message.Ping || message instanceof Message.Pong
                    || message instanceof ClientMessage.NatReport)) {
                throw new AssertionError("expected " + type.getSimpleName() + " but got " + Codec.toJson(message));
            }
        }
    }

    @Override
    public synchronized void close() {
        Sockets.closeQuietly(listener);
        sockets.forEach(Sockets::closeQuietly);
    }

    /** Takes any client certificate: these stand-ins test the client, not client authentication. */
    static final class AnyClient implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
