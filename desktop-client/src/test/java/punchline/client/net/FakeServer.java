package punchline.client.net;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.TrustManager;
import punchline.common.CertifiedKey;
import punchline.protocol.ClientMessage;
import punchline.protocol.ClientMessage.Hello;
import punchline.protocol.Codec;
import punchline.protocol.Endpoint;
import punchline.protocol.FrameReader;
import punchline.protocol.Message;
import punchline.protocol.ProtocolException;
import punchline.protocol.ProtocolVersion;
import punchline.protocol.ServerMessage.UserList;
import punchline.protocol.ServerMessage.Welcome;

/**
 * A rendezvous server that lies, for the hostile-input tests: it accepts a client's connections on
 * 127.0.0.1 and runs the test's script on each (a client reconnects when it loses its server, and each
 * new connection gets the script again). A script says whatever it likes: valid frames the real server
 * would never send, bad frames, or bytes that are no frames at all. It speaks TLS as the real one does
 * (its own certificate; the client must present one): what it says arrives inside the TLS stream.
 */
public final class FakeServer implements AutoCloseable {
    /** What the server does with one client connection; it ends the connection by returning. */
    @FunctionalInterface
    public interface Script {
        void run(Link link) throws Exception;
    }

    private final ServerSocket listener;
    private final Script script;
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<Throwable> failures = new LinkedBlockingQueue<>();
    private final Thread acceptor;

    public FakeServer(Script script) throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(CertifiedKey.generate("lying server").keyManagers(),
                    new TrustManager[] {new IntroducingServer.AnyClient()}, null);
            SSLServerSocket tls = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 50,
                    InetAddress.getLoopbackAddress());
            tls.setNeedClientAuth(true);
            this.listener = tls;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
        this.script = script;
        this.acceptor = Threads.start("fake-server", this::acceptLoop);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Connections accepted so far. */
    public int connections() {
        return accepted.get();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                return;
            }
            accepted.incrementAndGet();
            sockets.add(socket);
            Threads.start("fake-server-link", () -> {
                try {
                    script.run(new Link(socket));
                } catch (Exception | AssertionError e) {
                    if (!listener.isClosed() && !(e instanceof IOException)) {
                        failures.add(e);
                    }
                } finally {
                    Sockets.closeQuietly(socket);
                }
            });
        }
    }

    /** A failure of a script, if one failed (a test should check, since scripts run on their own threads). */
    public Throwable failure() throws InterruptedException {
        return failures.poll(0, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        Sockets.closeQuietly(listener);
        sockets.forEach(Sockets::abort);
        Threads.join(acceptor);
    }

    /** One client connection as a script sees it. */
    public static final class Link {
        private final Socket socket;
        private final OutputStream out;
        private final FrameReader in;

        Link(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout(10_000);
            this.out = socket.getOutputStream();
            this.in = new FrameReader(socket.getInputStream());
        }

        /** The client's next message (null at the end of its stream). */
        public ClientMessage read() throws IOException, ProtocolException {
            return in.read(ClientMessage.class);
        }

        /** Reads the hello and welcomes the client as {@code key}, with an empty room: what every script starts with. */
        public Hello welcome(String key) throws IOException, ProtocolException {
            Hello hello = (Hello) read();
            send(new Welcome(key, Endpoint.of(socket.getInetAddress(), socket.getPort()), hello.room(), 15,
                    ProtocolVersion.CURRENT));
            send(new UserList(hello.room(), List.of(), true));
            return hello;
        }

        public void send(Message message) throws IOException {
            write(Codec.encode(message));
        }

        /** Anything, framed or not. */
        public void sendRaw(String text) throws IOException {
            write(text.getBytes(StandardCharsets.UTF_8));
        }

        public void write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        /** Reads and drops what the client sends until it closes (or the test ends). */
        public void drain() throws IOException {
            socket.setSoTimeout(0);
            try {
                while (read() != null) {
                    // the client's pongs, pings and reports
                }
            } catch (ProtocolException e) {
                throw new UncheckedIOException(new IOException("the client sent a bad frame", e));
            }
        }
    }
}
