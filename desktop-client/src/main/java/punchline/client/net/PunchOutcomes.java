package punchline.client.net;

import java.util.EnumMap;
import java.util.Map;
import punchline.client.net.ClientEvent.FailureKind;
import punchline.protocol.NatType;
import punchline.protocol.ServerMessage.Introduce;

/** What single dials of a punch ran into, counted to tell a person why it failed. Safe for the attempt's threads. */
final class PunchOutcomes {
    /** The result of one dial. */
    enum Outcome { REFUSED, UNREACHABLE, TIMED_OUT, ADDRESS_IN_USE, REJECTED, OTHER }

    private final Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
    private int dials;
    private String rejection;

    synchronized void dialled() {
        dials++;
    }

    synchronized int dials() {
        return dials;
    }

    synchronized void count(Outcome outcome) {
        counts.merge(outcome, 1, Integer::sum);
    }

    /** The first candidate that answered but was not the peer, and why. */
    synchronized void rejected(String what) {
        count(Outcome.REJECTED);
        if (rejection == null) {
            rejection = what;
        }
    }

    synchronized FailureKind kind() {
        if (rejection != null) {
            return FailureKind.AUTHENTICATION;
        }
        int refused = counts.getOrDefault(Outcome.REFUSED, 0);
        int unreachable = counts.getOrDefault(Outcome.UNREACHABLE, 0);
        int timedOut = counts.getOrDefault(Outcome.TIMED_OUT, 0);
        if (refused > 0 && timedOut == 0 && refused >= unreachable) {
            return FailureKind.REFUSED;
        }
        if (unreachable > 0 && timedOut == 0) {
            return FailureKind.UNREACHABLE;
        }
        return FailureKind.TIMED_OUT;
    }

    synchronized String explain(FailureKind kind, Introduce intro, long deadlineSeconds) {
        String who = intro.peerName();
        return switch (kind) {
            case AUTHENTICATION -> "no authenticated connection to " + who + " within " + deadlineSeconds + " s: "
                    + rejection;
            case REFUSED -> who + "'s router or computer refused every connection attempt (" + dials
                    + " attempts in " + deadlineSeconds + " s)";
            case UNREACHABLE -> "no route to " + who + "'s addresses (" + dials + " attempts in " + deadlineSeconds
                    + " s)";
            default -> "timed out after " + deadlineSeconds + " s: the routers did not let a direct connection "
                    + "through to " + who + " (" + dials + " attempts)";
        };
    }

    /** Why punching cannot work between these NATs, or null when it might. */
    static String whyUnpunchable(NatType mine, Introduce intro) {
        if (intro.sameNat() || NatType.canPunch(mine, intro.peerNat())) {
            return null;
        }
        if (mine == NatType.SYMMETRIC && intro.peerNat() == NatType.SYMMETRIC) {
            return "both your router and " + intro.peerName() + "'s change ports for every destination "
                    + "(symmetric NAT), so a direct connection cannot be punched";
        }
        if (mine == NatType.SYMMETRIC) {
            return "your router changes ports for every destination (symmetric NAT), so a direct connection "
                    + "to " + intro.peerName() + " cannot be punched";
        }
        return intro.peerName() + "'s router changes ports for every destination (symmetric NAT), so a direct "
                + "connection cannot be punched";
    }
}
