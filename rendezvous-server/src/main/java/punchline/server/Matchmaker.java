package punchline.server;

import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import punchline.common.LogLimiter;
import punchline.protocol.ErrorCode;
import punchline.protocol.Message.ErrorMessage;
import punchline.protocol.ServerMessage.Cancelled;
import punchline.protocol.ServerMessage.EndReason;
import punchline.protocol.ServerMessage.Introduce;
import punchline.protocol.ServerMessage.Rejected;
import punchline.protocol.ServerMessage.Request;
import punchline.protocol.ServerMessage.Role;

/**
 * Connect requests between users and the introduction that answers an accepted one. Every edge case
 * gets a clear error to the user who caused it. I/O thread only.
 */
final class Matchmaker {
    private static final System.Logger LOG = System.getLogger(Matchmaker.class.getName());
    static final int TOKEN_BYTES = 32;
    /**
     * Added to the slower side's half round trip. Both sides wait the same slack, so it does nothing for
     * their synchronisation (an error in a measured round trip shifts one side however long both wait);
     * it only delays every punch: none.
     */
    static final long START_SLACK_MILLIS = 0;

    private final Directory directory;
    private final ServerOptions options;
    private final RelayBook relays;
    private final SecureRandom random = new SecureRandom();
    private final LogLimiter busyTargets = new LogLimiter(LOG, Level.INFO,
            "refused requests (too many waiting for one user)");
    private long introductions;

    Matchmaker(Directory directory, ServerOptions options, RelayBook relays) {
        this.directory = directory;
        this.options = options;
        this.relays = relays;
    }

    long introductions() {
        return introductions;
    }

    void connect(User from, String toKey, long now) {
        if (toKey.equals(from.key)) {
            error(from, ErrorCode.SELF_REQUEST, "you cannot connect to yourself", toKey);
            return;
        }
        User to = from.room.member(toKey);
        if (to == null) {
            error(from, ErrorCode.UNKNOWN_USER, "no user with key " + toKey + " in room " + from.room.name, toKey);
            return;
        }
        if (from.hasIncoming(toKey)) {
            // Both asked each other: that is an acceptance.
            from.incoming().remove(toKey);
            to.outgoing().remove(from.key);
            introduce(to, from, now);
            return;
        }
        if (!mayRequest(from, toKey, to.name)) {
            return;
        }
        if (to.incomingCount() >= options.floodLimits().maxRequestsPerTarget()) {
            // The cap lives with the target: however many senders, it sees a bounded number of requests.
            busyTargets.log(now, "refused a request to {0}: {1} requests wait for an answer already", to,
                    to.incomingCount());
            error(from, ErrorCode.RATE_LIMITED, to.name + " has too many requests waiting; try again later", toKey);
            return;
        }
        long expiry = now + options.requestTimeout().toNanos();
        from.outgoing().put(toKey, expiry);
        to.incoming().put(from.key, expiry);
        to.send(new Request(from.key, from.name, from.id));
    }

    /**
     * Whether {@code from} may ask {@code toKey} now (no open request to them yet, not too many open); if
     * not, {@code from} is told why. The rate budget is the session's, per address, charged before.
     */
    boolean mayRequest(User from, String toKey, String toName) {
        if (from.hasOutgoing(toKey)) {
            error(from, ErrorCode.DUPLICATE_REQUEST, "you already asked " + toName + " (" + toKey + ")", toKey);
            return false;
        }
        if (from.outgoing().size() >= options.maxPendingRequests()) {
            error(from, ErrorCode.RATE_LIMITED, "too many open requests; cancel some first", toKey);
            return false;
        }
        return true;
    }

    /** Counts an introduction made elsewhere (a cluster's cross-node introductions). */
    void countIntroduction() {
        introductions++;
    }

    void cancel(User from, String toKey, long now) {
        if (from.outgoing().remove(toKey) == null) {
            if (from.wasIntroducedTo(toKey, now)) {
                error(from, ErrorCode.ALREADY_ACCEPTED, "the request was already accepted; close the chat instead",
                        toKey);
            } else {
                error(from, ErrorCode.NO_PENDING_REQUEST, "you have no open request to " + toKey, toKey);
            }
            return;
        }
        tellTarget(from, toKey, EndReason.CANCELLED);
    }

    void accept(User user, String fromKey, long now) {
        User requester = answer(user, fromKey, now);
        if (requester != null) {
            introduce(requester, user, now);
        }
    }

    void reject(User user, String fromKey, long now) {
        User requester = answer(user, fromKey, now);
        if (requester != null) {
            requester.send(new Rejected(user.key, EndReason.REJECTED));
        }
    }

    /** Closes the open request {@code fromKey} made of {@code user}: its requester, or null after an error. */
    private User answer(User user, String fromKey, long now) {
        if (user.incoming().remove(fromKey) == null) {
            noRequestFrom(user, fromKey, now);
            return null;
        }
        User requester = directory.user(fromKey);
        requester.outgoing().remove(user.key);
        return requester;
    }

    /** The request {@code from} made of {@code toKey} has ended: its target, if still here, is told why. */
    private void tellTarget(User from, String toKey, EndReason reason) {
        User to = directory.user(toKey);
        if (to != null) {
            to.incoming().remove(from.key);
            to.send(new Cancelled(from.key, reason));
        }
    }

    /** Tells everyone with an open request to or from {@code user} that it ended because they left. */
    void leave(User user) {
        for (String toKey : new ArrayList<>(user.outgoing().keySet())) {
            tellTarget(user, toKey, EndReason.LEFT);
        }
        for (String fromKey : new ArrayList<>(user.incoming().keySet())) {
            User from = directory.user(fromKey);
            if (from != null) {
                from.outgoing().remove(user.key);
                from.send(new Rejected(user.key, EndReason.LEFT));
            }
        }
        user.outgoing().clear();
        user.incoming().clear();
    }

    /** Ends requests nobody answered in time and forgets old introductions. */
    void expire(Iterable<User> users, long now) {
        busyTargets.flush(now);
        for (User user : users) {
            if (!user.hasRequestState()) {
                continue;
            }
            List<String> expired = new ArrayList<>();
            for (Map.Entry<String, Long> request : user.outgoing().entrySet()) {
                if (request.getValue() - now <= 0) {
                    expired.add(request.getKey());
                }
            }
            for (String toKey : expired) {
                user.outgoing().remove(toKey);
                user.send(new Rejected(toKey, EndReason.EXPIRED));
                tellTarget(user, toKey, EndReason.EXPIRED);
            }
            for (Iterator<Long> until = user.introduced().values().iterator(); until.hasNext(); ) {
                if (until.next() - now <= 0) {
                    until.remove();
                }
            }
            user.compact();
        }
    }

    void noRequestFrom(User user, String fromKey, long now) {
        if (user.wasIntroducedTo(fromKey, now)) {
            error(user, ErrorCode.ALREADY_ACCEPTED, "you already accepted " + fromKey, fromKey);
        } else {
            error(user, ErrorCode.NO_PENDING_REQUEST, "no open request from " + fromKey, fromKey);
        }
    }

    /**
     * Sends both introductions in the same I/O round, each with a start delay chosen so that both
     * sides dial at about the same moment: the server sends at t0, side X receives at t0 + rttX/2,
     * waits T - rttX/2, and dials at t0 + T for both, where T is the slower half round trip plus slack.
     */
    private void introduce(User initiator, User responder, long now) {
        byte[] secret = new byte[TOKEN_BYTES];
        random.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        long halfA = halfRttMillis(initiator);
        long halfB = halfRttMillis(responder);
        long target = Math.max(halfA, halfB) + START_SLACK_MILLIS;
        boolean sameNat = initiator.publicEndpoint.address().equals(responder.publicEndpoint.address());
        initiator.send(introduction(responder, token, Role.INITIATOR, target - halfA, sameNat));
        responder.send(introduction(initiator, token, Role.RESPONDER, target - halfB, sameNat));
        long remember = now + options.requestTimeout().toNanos();
        relays.expect(token, initiator.key, responder.key, remember);
        initiator.introduced().put(responder.key, remember);
        responder.introduced().put(initiator.key, remember);
        introductions++;
    }

    static Introduce introduction(User peer, String token, Role role, long startInMillis, boolean sameNat) {
        long delay = Math.min(Math.max(0, startInMillis), Introduce.MAX_START_DELAY_MILLIS);
        return new Introduce(peer.key, peer.name, peer.publicEndpoint, peer.privateEndpoints, token, role, delay,
                sameNat, peer.fingerprint, peer.nat, peer.id);
    }

    static long halfRttMillis(User user) {
        return user.rttNanos < 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(user.rttNanos) / 2;
    }

    static void error(User user, ErrorCode code, String message, String ref) {
        user.send(new ErrorMessage(code, message, ref));
    }
}
