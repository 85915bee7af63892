package punchline.client.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.ThreadLocalRandom;
import punchline.client.net.ClientEvent.Route;
import punchline.client.net.PunchOutcomes.Outcome;
import punchline.protocol.Endpoint;

/**
 * Dials one endpoint of the peer from the registered port until something answers, the attempt stops
 * dialling, or its deadline. A refused dial is tried again after 5-15 ms: a router that answers an early
 * SYN with a reset (Ford et al. 2005, §5.2) has no mapping for us yet, and its reset also deletes our own
 * router's fresh one, so a hole exists only while one of our SYNs is in flight; dialling again at once
 * keeps one in flight for the moment the far side's mapping appears (with two such routers the SYNs must
 * cross within the one-way time), and the jitter keeps both sides from retrying in lockstep. Other
 * failures (a timeout, no route) are retried after 200 ms, growing to 1 s. Each dial's failure is counted
 * in {@link PunchOutcomes}; a dial that answers is handed to the attempt.
 */
final class PunchDialer implements Runnable {
    static final long RETRY_DELAY_MILLIS = 200;
    static final long MAX_RETRY_DELAY_MILLIS = 1_000;
    static final long REFUSED_RETRY_MIN_MILLIS = 5;
    static final long REFUSED_RETRY_JITTER_MILLIS = 10;

    private final PunchAttempt attempt;
    private final Endpoint endpoint;
    private final InetAddress localAddress;
    private final int localPort;
    private final PunchOutcomes outcomes;
    /** Whether the endpoint has answered a dial of ours (refused it, or said there is no route). */
    private boolean answered;

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
            if (connectTimeout <= 0) {
                return;
            }
            Outcome failed = dialOnce(connectTimeout);
            if (failed == null) {
                return;
            }
            long pause;
            if (failed == Outcome.REFUSED) {
                pause = REFUSED_RETRY_MIN_MILLIS + ThreadLocalRandom.current().nextLong(REFUSED_RETRY_JITTER_MILLIS + 1);
            } else {
                pause = retryDelay;
                retryDelay = Math.min(retryDelay * 3 / 2, MAX_RETRY_DELAY_MILLIS);
            }
            if (!attempt.pauseWhileDialling(pause)) {
                return;
            }
        }
    }

    /** One dial; null when this endpoint is done (it answered, or the attempt stopped dialling), else why not. */
    private Outcome dialOnce(int connectTimeout) {
        Socket socket;
        try {
            socket = Sockets.boundSocket(localAddress, localPort);
        } catch (IOException e) {
            outcomes.count(Outcome.ADDRESS_IN_USE);
            return Outcome.ADDRESS_IN_USE;
        }
        if (!attempt.admitDial(socket)) {
            Sockets.abort(socket);
            return null;
        }
        try {
            socket.connect(endpoint.toSocketAddress(), connectTimeout);
            attempt.authenticate(socket, null, endpoint, Route.DIRECT);
            return null; // authenticated or rejected: either way this endpoint answered
        } catch (IOException e) {
            boolean cut = !attempt.release(socket);
            Outcome outcome = DialFailures.classify(e, cut);
            boolean phaseEnded = cut || connectTimeout < PunchAttempt.MAX_CONNECT_TIMEOUT_MILLIS;
            // A phase that ended during a retry of an endpoint that answers (an RST router) is no "no
            // answer": counted, it would tell the user the routers dropped what they refused.
            if (!(outcome == Outcome.TIMED_OUT && phaseEnded && answered)) {
                outcomes.count(outcome);
            }
            answered |= outcome == Outcome.REFUSED || outcome == Outcome.UNREACHABLE;
            return outcome;
        }
    }
}
