package punchline.client.net;

import java.time.Duration;

/**
 * How long a punch runs alone before the relay joins in (issue 10: never make a user wait on a punch).
 * A punch that works completes in about two and a half peer round trips after it starts (the SYNs
 * cross, then one TLS round trip); the budget is a generous multiple of that on top of a floor for a
 * busy machine, and never more than about a second, so that a punch that cannot work (a NAT not measured
 * yet, two routers that answer with resets) still gives a usable chat within 1.5 s. The peer round trip
 * is estimated as twice ours to the server (both sides' server legs; the peer's is not known here).
 */
final class RelayBudget {
    static final long FLOOR_MILLIS = 500;
    static final long MIN_MILLIS = 600;
    static final long MAX_MILLIS = 1_200;
    /** Peer round trips granted on top of the floor. */
    static final int ROUND_TRIPS = 4;

    private RelayBudget() {
    }

    /** The budget for a measured round trip to the server ({@code null}: not measured: the floor). */
    static long millis(Duration serverRtt) {
        long peerRtt = serverRtt == null ? 0 : 2 * serverRtt.toMillis();
        return Math.max(MIN_MILLIS, Math.min(MAX_MILLIS, FLOOR_MILLIS + ROUND_TRIPS * peerRtt));
    }
}
