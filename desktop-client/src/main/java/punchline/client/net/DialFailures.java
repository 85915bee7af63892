package punchline.client.net;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import punchline.client.net.PunchOutcomes.Outcome;

/**
 * What a failed dial ran into, from the exception's type: the JDK raises one type per group of
 * errnos (ECONNREFUSED and ETIMEDOUT: {@link ConnectException}; EHOSTUNREACH:
 * {@link NoRouteToHostException}; EADDRINUSE and EADDRNOTAVAIL: {@link BindException}; its own
 * connect timeout: {@link SocketTimeoutException}).
 */
final class DialFailures {
    private DialFailures() {
    }

    /**
     * {@code cut}: the attempt closed the socket while the dial waited (its phase ended), so whatever
     * the close raised means "no answer in time".
     */
    static Outcome classify(IOException e, boolean cut) {
        if (e instanceof SocketTimeoutException) {
            return Outcome.TIMED_OUT;
        }
        if (e instanceof NoRouteToHostException) {
            return Outcome.UNREACHABLE;
        }
        if (e instanceof BindException) {
            // Linux: the stream may already exist through accept() on the same 4-tuple (Ford et al. §4.3)
            return Outcome.ADDRESS_IN_USE;
        }
        if (e instanceof ConnectException refusedOrTimedOut) {
            return kernelTimedOut(refusedOrTimedOut) ? Outcome.TIMED_OUT : Outcome.REFUSED;
        }
        return cut ? Outcome.TIMED_OUT : Outcome.OTHER;
    }

    /**
     * Whether a {@link ConnectException} is the kernel's ETIMEDOUT rather than ECONNREFUSED. The JDK
     * raises both as the same type and keeps the errno only in the message ("Connection timed out"
     * vs "Connection refused", from strerror), so this one check reads the text.
     */
    static boolean kernelTimedOut(ConnectException e) {
        return String.valueOf(e.getMessage()).contains("timed out");
    }
}
