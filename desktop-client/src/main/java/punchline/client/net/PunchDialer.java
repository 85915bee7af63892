package punchline.client.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import punchline.client.net.ClientEvent.Route;
import punchline.client.net.PunchOutcomes.Outcome;
import punchline.protocol.Endpoint;

/**
 * Dials one endpoint of the peer from the registered port until something answers, the attempt stops
 * dialling, or its deadline: a refused or unreachable dial is retried after 200 ms, growing to 1 s
 * (Ford et al. 2005, §4.2: NATs that answer an early SYN with a reset give way to a retry). Each dial's
 * failure is counted in {@link PunchOutcomes}; a dial that answers is handed to the attempt.
 */
final class PunchDialer implements Runnable {
    static final long RETRY_DELAY_MILLIS = 200;
    static final long MAX_RETRY_DELAY_MILLIS = 1_000;

    private final PunchAttempt attempt;
    private final Endpoint endpoint;
    private final InetAddress localAddress;
    private final int localPort;
    private final PunchOutcomes outcomes;

    PunchDialer(PunchAttempt attempt, Endpoint endpoint, InetAddress localAddress, int localPort,
                PunchOutcomes outcomes) {
        this.attempt = attempt;
        this.endpoint = endpoint;
        this.localAddress = localAddress;
        this.localPort = localPort;
        this.outcomes = outcomes;
    }

    @Override
    public void run() {
        long retryDelay = RETRY_DELAY_MILLIS;
        while (true) {
            int connectTimeout = attempt.dialTimeoutMillis();
            if (connectTimeout <= 0 || dialOnce(connectTimeout)) {
                return;
            }
            if (!attempt.pauseWhileDialling(retryDelay)) {
                return;
            }
            retryDelay = Math.min(retryDelay * 3 / 2, MAX_RETRY_DELAY_MILLIS);
        }
    }

    /** One dial; true when this endpoint is done (it answered, or the attempt stopped dialling). */
    private boolean dialOnce(int connectTimeout) {
        Socket socket;
        try {
            socket = Sockets.boundSocket(localAddress, localPort);
        } catch (IOException e) {
            outcomes.count(Outcome.ADDRESS_IN_USE);
            return false;
        }
        if (!attempt.admitDial(socket)) {
            Sockets.abort(socket);
            return true;
        }
        try {
            socket.connect(endpoint.toSocketAddress(), connectTimeout);
            attempt.authenticate(socket, null, endpoint, Route.DIRECT);
            return true; // authenticated or rejected: either way this endpoint answered
        } catch (IOException e) {
            boolean cut = !attempt.release(socket);
            outcomes.count(DialFailures.classify(e, cut));
            return false;
        }
    }
}
