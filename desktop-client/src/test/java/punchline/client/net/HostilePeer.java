package punchline.client.net;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import punchline.protocol.ClientMessage.Connect;
import punchline.protocol.ClientMessage.Hello;
import punchline.protocol.Codec;
import punchline.protocol.Endpoint;
import punchline.protocol.FrameReader;
import punchline.protocol.Message;
import punchline.protocol.Message.Ping;
import punchline.protocol.Message.Pong;
import punchline.protocol.PeerMessage;
import punchline.protocol.ProtocolException;
import punchline.protocol.ProtocolVersion;
import punchline.protocol.ServerMessage;
import punchline.protocol.ServerMessage.Introduce;
import punchline.protocol.ServerMessage.Welcome;

/**
 * A hostile peer written in Java for the hostile-input tests. To the server it is a raw client like any
 * other; once the victim accepts its request it runs the real handshake as the initiator (peer-hello,
 * TLS 1.3 pinned both ways, the token proof, {@code chosen}), so the victim's core takes it for a peer.
 * From then on it writes whatever the test gives it inside TLS, valid or not, and reads (and counts)
 * what the victim sends back so the victim's writer never stalls on it.
 */
public final class HostilePeer implements AutoCloseable {
    private final Socket server;
    private final OutputStream serverOut;
    private final FrameReader serverIn;
    private final Identity identity = Identity.generate();
    private final String key;
    private final AtomicInteger framesFromVictim = new AtomicInteger();
    private final CompletableFuture<Void> victimClosed = new CompletableFuture<>();
    private volatile PeerChannel channel;

    private HostilePeer(Socket tcp, String name) throws IOException, ProtocolException {
        // TLS to the server as every client speaks it, trusting whatever it shows on first use
        this.server = new ServerTrust(tcp.getInetAddress().getHostAddress() + ":" + tcp.getPort(),
                new KnownServers(null), identity).secure(tcp, true).socket();
        this.serverOut = server.getOutputStream();
        this.serverIn = new FrameReader(server.getInputStream());
        Sockets.write(serverOut, new Hello(ProtocolVersion.CURRENT, name, Hello.DEFAULT_ROOM,
                List.of(Endpoint.of(server.getLocalAddress(), server.getLocalPort())), identity.fingerprint(),
                identity.id()));
        this.key = next(Welcome.class).key();
    }

    /** Registers {@code name} with the server on 127.0.0.1:{@code serverPort}. */
    public static HostilePeer join(int serverPort, String name) {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress("127.0.0.1", serverPort), 5_000);
            socket.setSoTimeout(10_000);
            return new HostilePeer(socket, name);
        } catch (IOException | ProtocolException e) {
            Sockets.closeQuietly(socket);
            throw new IllegalStateException("cannot join the server", e);
        }
    }

    public String key() {
        return key;
    }

    /**
     * Asks {@code victim} to connect (the victim must accept), waits for {@code victimPunching} (the
     * victim's punch must be running, or its listener would not know the session), then dials the victim
     * and runs the handshake.
     */
    public void connectTo(String victim, Runnable victimPunching) {
        try {
            Sockets.write(serverOut, new Connect(victim));
            Introduce intro = next(Introduce.class);
            Threads.start("hostile-server-reader", this::answerServer);
            victimPunching.run();
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress(intro.peerPublic().address(), intro.peerPublic().port()), 5_000);
            CandidateHandshake.Authenticated authenticated = new CandidateHandshake(key, new PeerTls(identity), intro,
                    PeerAuth.sessionId(intro.tokenBytes())).run(socket, null, intro.peerPublic(),
                    ClientEvent.Route.DIRECT);
            authenticated.channel().socket().setSoTimeout(0);
            authenticated.channel().out().write(authenticated.commit()); // our proof and chosen: the initiator's
            authenticated.channel().out().flush();
            channel = authenticated.channel();
            Threads.start("hostile-peer-reader", this::drainVictim);
        } catch (IOException | ProtocolException | CandidateHandshake.Rejected e) {
            throw new IllegalStateException("the handshake with " + victim + " failed", e);
        }
    }

    /** Writes {@code message} to the victim, inside TLS. */
    public void send(Message message) {
        sendRaw(Codec.encode(message));
    }

    /** Writes raw bytes to the victim, inside TLS: frames of our choosing, or no frames at all. */
    public void sendRaw(String text) {
        sendRaw(text.getBytes(StandardCharsets.UTF_8));
    }

    public void sendRaw(byte[] bytes) {
        try {
            channel.out().write(bytes);
            channel.out().flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the victim is gone", e);
        }
    }

    /** Writes a flood the victim may cut off halfway: false when it hung up before the end. */
    public boolean flood(String frames) {
        try {
            channel.out().write(frames.getBytes(StandardCharsets.UTF_8));
            channel.out().flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Completes when the victim closes the chat (an end of stream or a reset). */
    public CompletableFuture<Void> victimClosed() {
        return victimClosed;
    }

    public int framesFromVictim() {
        return framesFromVictim.get();
    }

    private <T extends ServerMessage> T next(Class<T> type) throws IOException, ProtocolException {
        while (true) {
            ServerMessage message = serverIn.read(ServerMessage.class);
            if (message == null) {
                throw new IOException("the server closed the connection while we waited for " + type.getSimpleName());
            }
            if (message instanceof Ping ping) {
                Sockets.write(serverOut, new Pong(ping.nonce()));
            } else if (type.isInstance(message)) {
                return type.cast(message);
            }
        }
    }

    private void answerServer() {
        try {
            server.setSoTimeout(0);
            ServerMessage message;
            while ((message = serverIn.read(ServerMessage.class)) != null) {
                if (message instanceof Ping ping) {
                    Sockets.write(serverOut, new Pong(ping.nonce()));
                }
            }
        } catch (IOException | ProtocolException e) {
            // closed by the test
        }
    }

    private void drainVictim() {
        try {
            while (channel.reader().read(PeerMessage.class) != null) {
                framesFromVictim.incrementAndGet();
            }
        } catch (IOException | ProtocolException e) {
            // a reset, or the test closed us
        } finally {
            victimClosed.complete(null);
        }
    }

    @Override
    public void close() {
        PeerChannel current = channel;
        if (current != null) {
            Sockets.abort(current.tcp());
        }
        Sockets.closeQuietly(server);
    }
}
