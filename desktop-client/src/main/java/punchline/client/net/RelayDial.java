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
 * Asks the server to splice us to the peer (docs/protocol.md, "Relay"): a new connection to its main
 * port, {@code relay {token, key}}, and {@code relay-ready} once the peer has joined too. From then on
 * the socket carries the peer's bytes and is authenticated like any candidate of the attempt.
 */
final class RelayDial implements Runnable {
    static final int CONNECT_TIMEOUT_MILLIS = 3_000;

    private final PunchAttempt attempt;
    private final InetAddress localAddress;
    private final InetSocketAddress relay;
    private final RelayJoin join;

    /** From {@code localAddress} (null: any) to the server's {@code relay}, joining with {@code join}. */
    RelayDial(PunchAttempt attempt, InetAddress localAddress, InetSocketAddress relay, RelayJoin join) {
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
            problem = joinThrough(socket);
            if (problem == null) {
                String rejected = attempt.authenticate(socket, null, Endpoint.of(relay), Route.RELAY);
                problem = rejected == null ? null : "the other end of the relay " + rejected;
            }
        } catch (IOException | ProtocolException e) {
            problem = e.getMessage();
        }
        if (problem != null) {
            attempt.relayFailed(socket, problem);
        }
    }

    /** Connects and joins; returns null once spliced, else what the server said instead. */
    private String joinThrough(Socket socket) throws IOException, ProtocolException {
        if (localAddress != null) {
            socket.bind(new InetSocketAddress(localAddress, 0));
        }
        socket.connect(relay, CONNECT_TIMEOUT_MILLIS);
        socket.setSoTimeout(Math.max(1, attempt.millisLeft()));
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
