package punchline.client.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import punchline.client.net.ClientEvent.Route;
import punchline.protocol.ClientMessage.RelayJoin;
import punchline.protocol.Codec;
import punchline.protocol.Endpoint;
import punchline.protocol.Message.ErrorMessage;
import punchline.protocol.ProtocolException;
import punchline.protocol.ServerMessage;
import punchline.protocol.ServerMessage.RelayReady;

/**
 * Asks the server to splice us to the peer (docs/protocol.md, "Relay"): a new TLS connection to its main
 * port, {@code relay {token, key}}, and {@code relay-ready} once the peer has joined too. From then on
 * the connection carries the peer's bytes (their TLS inside ours) and is authenticated like any candidate
 * of the attempt.
 */
final class RelayDial implements Runnable {
    static final int CONNECT_TIMEOUT_MILLIS = 3_000;

    private final PunchAttempt attempt;
    private final InetAddress localAddress;
    private final RelayServer relay;
    private final RelayJoin join;

    /** From {@code localAddress} (null: any) to the server's {@code relay}, joining with {@code join}. */
    RelayDial(PunchAttempt attempt, InetAddress localAddress, RelayServer relay, RelayJoin join) {
        this.attempt = attempt;
        this.localAddress = localAddress;
        this.relay = relay;
        this.join = join;
    }

    @Override
    public void run() {
        Socket socket = new Socket();
        if (!attempt.admitRelay(socket)) {
            Sockets.closeQuietly(socket);
            return;
        }
        String problem;
        try {
            Socket link = connect(socket);
            problem = joinThrough(link);
            if (problem == null) {
                String rejected = attempt.authenticate(link, socket, null, Endpoint.of(relay.address()), Route.RELAY);
                problem = rejected == null ? null : "the other end of the relay " + rejected;
            }
        } catch (IOException | ProtocolException e) {
            problem = e.getMessage();
        }
        if (problem != null) {
            attempt.relayFailed(socket, problem);
        }
    }

    /** Connects to the server and secures the connection as the server link does (TLS, pinned). */
    private Socket connect(Socket socket) throws IOException {
        // Without it the TLS client's second flight waits behind its one-record change_cipher_spec until
        // the server's delayed ack comes back (Nagle): about 60 ms more for every relayed chat at 20 ms.
        socket.setTcpNoDelay(true);
        if (localAddress != null) {
            socket.bind(new InetSocketAddress(localAddress, 0));
        }
        socket.connect(relay.address(), CONNECT_TIMEOUT_MILLIS);
        socket.setSoTimeout(Math.max(1, attempt.millisLeft()));
        return relay.secure(socket);
    }

    /** Joins; returns null once spliced, else what the server said instead. */
    private String joinThrough(Socket socket) throws IOException, ProtocolException {
        Sockets.write(socket.getOutputStream(), join);
        ServerMessage answer = Codec.decode(Sockets.readFrameUnbuffered(socket.getInputStream(),
                PunchListener.FIRST_FRAME_MAX_BYTES), ServerMessage.class);
        if (answer instanceof RelayReady) {
            return null;
        }
        return answer instanceof ErrorMessage error ? "the server said: " + error.message()
                : "the server answered " + Codec.typeOf(answer.getClass());
    }
}
