package punchline.server;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import punchline.protocol.ErrorCode;
import punchline.protocol.ServerMessage.Cancelled;
import punchline.protocol.ServerMessage.EndReason;
import punchline.protocol.ServerMessage.Introduce;
import punchline.protocol.ServerMessage.Rejected;
import punchline.protocol.ServerMessage.Request;
import punchline.protocol.ServerMessage.Role;
import punchline.server.ClusterRooms.Member;
import punchline.server.cluster.ClusterLink;
import punchline.server.cluster.NodeMessage;
import punchline.server.cluster.NodeMessage.Cancel;
import punchline.server.cluster.NodeMessage.Introduction;
import punchline.server.cluster.NodeMessage.Peer;
import punchline.server.cluster.NodeMessage.Reject;

/**
 * Requests between users of a cluster. Between two users of this node the {@link Matchmaker} does it
 * all, as on a lone server. When the other user is on another node, each node keeps its own user's
 * side (the same open-request maps on {@link User}) and they tell each other through Redis; the node
 * of the user who accepts makes the introduction, sends its own user's at once and the other one
 * through the other node, timed so both dial together (below), and relays the chat if need be.
 * I/O thread only.
 */
final class ClusterRequests {
    private final Directory directory;
    private final Matchmaker matchmaker;
    private final RelayBook relays;
    private final ServerOptions options;
    private final ClusterLink link;
    private final ClusterRooms rooms;
    private final SecureRandom random = new SecureRandom();
    /** Users of other nodes who asked one of ours, as their request described them. */
    private final Map<String, Peer> remoteRequesters = new HashMap<>();

    ClusterRequests(Directory directory, Matchmaker matchmaker, RelayBook relays, ServerOptions options,
                    ClusterLink link, ClusterRooms rooms) {
        this.directory = directory;
        this.matchmaker = matchmaker;
        this.relays = relays;
        this.options = options;
        this.link = link;
        this.rooms = rooms;
    }

    /** The member {@code key} of {@code user}'s room if it is a user of another node, else null. */
    private Member remote(User user, String key) {
        Member member = rooms.member(user.room.name, key);
        return member == null || member.node().equals(link.nodeId()) ? null : member;
    }

    void connect(User from, String toKey, long now) {
        Member to = remote(from, toKey);
        if (to == null) {
            matchmaker.connect(from, toKey, now); // a user here, or nobody: the Matchmaker says so
            return;
        }
        if (from.hasIncoming(toKey) && remoteRequesters.containsKey(toKey)) {
            from.incoming().remove(toKey); // both asked each other: that is an acceptance
            introduce(remoteRequesters.get(toKey), from, now);
            return;
        }
        if (!link.isUp()) {
            Matchmaker.error(from, ErrorCode.INTERNAL, to.info().name() + " is on another server, which cannot be "
                    + "reached right now; try again in a moment", toKey);
            return;
        }
        if (!matchmaker.mayRequest(from, toKey, to.info().name())) {
            return;
        }
        from.outgoing().put(toKey, now + options.requestTimeout().toNanos());
        link.send(to.node(), new NodeMessage.Request(toKey, peer(from)));
    }

    void cancel(User from, String toKey, long now) {
        if (!from.hasOutgoing(toKey) || directory.user(toKey) != null) {
            matchmaker.cancel(from, toKey, now);
            return;
        }
        from.outgoing().remove(toKey);
        Member to = remote(from, toKey);
        if (to != null) {
            link.send(to.node(), new Cancel(toKey, from.key, "cancelled"));
        }
    }

    void accept(User user, String fromKey, long now) {
        if (directory.user(fromKey) != null || !user.hasIncoming(fromKey) || !remoteRequesters.containsKey(fromKey)) {
            matchmaker.accept(user, fromKey, now);
            return;
        }
        user.incoming().remove(fromKey);
        introduce(remoteRequesters.get(fromKey), user, now);
    }

    void reject(User user, String fromKey, long now) {
        if (directory.user(fromKey) != null || !user.hasIncoming(fromKey) || !remoteRequesters.containsKey(fromKey)) {
            matchmaker.reject(user, fromKey, now);
            return;
        }
        user.incoming().remove(fromKey);
        link.send(remoteRequesters.get(fromKey).node(), new Reject(fromKey, user.key, "rejected"));
    }

    /**
     * The accepting side of a request across nodes. Both introductions leave this node at t0: ours
     * reaches {@code responder} at t0 + half its round trip; the other goes through Redis (one hop, about
     * our round trip to Redis) to the requester's node and then to the requester. Each is told to wait
     * so that both dial at t0 + T, T being the slower path plus slack.
     */
    private void introduce(Peer requester, User responder, long now) {
        byte[] secret = new byte[Matchmaker.TOKEN_BYTES];
        random.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        long hop = link.hopMillis();
        long halfRequester = requester.halfRttMillis();
        long halfResponder = Matchmaker.halfRttMillis(responder);
        long target = Math.max(halfRequester + hop, halfResponder) + Matchmaker.START_SLACK_MILLIS;
        boolean sameNat = requester.publicEndpoint().host().equals(responder.publicEndpoint.host());
        responder.send(new Introduce(requester.key(), requester.name(), requester.publicEndpoint(),
                requester.privateEndpoints(), token, Role.RESPONDER, clamp(target - halfResponder), sameNat,
                requester.fingerprint(), requester.nat(), requester.id()));
        link.send(requester.node(), new Introduction(requester.key(), peer(responder), token,
                clamp(target - hop - halfRequester), sameNat, link.advertise()));
        long remember = now + options.requestTimeout().toNanos();
        relays.expect(token, requester.key(), responder.key, remember);
        responder.introduced().put(requester.key(), remember);
        matchmaker.countIntroduction();
    }

    private static long clamp(long millis) {
        return Math.min(Math.max(0, millis), Introduce.MAX_START_DELAY_MILLIS);
    }

    private Peer peer(User user) {
        return new Peer(user.key, user.name, user.publicEndpoint, user.privateEndpoints, user.fingerprint, user.nat,
                Matchmaker.halfRttMillis(user), link.nodeId(), user.id);
    }

    /** What another node tells one of our users. */
    void onMessage(NodeMessage message, long receivedNanos) {
        User user = directory.user(message.to());
        if (message instanceof NodeMessage.Request request) {
            Peer from = request.from();
            if (user == null) {
                link.send(from.node(), new Reject(from.key(), request.to(), "left"));
            } else if (!user.hasIncoming(from.key())) {
                remoteRequesters.put(from.key(), from);
                requested(user, from, System.nanoTime());
            }
        } else if (user == null) {
            return; // gone meanwhile: its leave tells the other node
        } else if (message instanceof Cancel cancel) {
            if (user.hasIncoming(cancel.from())) {
                user.incoming().remove(cancel.from());
                user.send(new Cancelled(cancel.from(), reason(cancel.reason())));
            }
        } else if (message instanceof Reject reject) {
            if (user.hasOutgoing(reject.by())) {
                user.outgoing().remove(reject.by());
                user.send(new Rejected(reject.by(), reason(reject.reason())));
            }
        } else if (message instanceof Introduction introduction) {
            introduced(user, introduction, receivedNanos);
        }
    }

    private void requested(User user, Peer from, long now) {
        if (user.hasOutgoing(from.key())) {
            // Both asked at once, each request crossing the other: the user with the smaller key accepts.
            if (user.key.compareTo(from.key()) < 0) {
                user.outgoing().remove(from.key());
                introduce(from, user, now);
            }
            return;
        }
        user.incoming().put(from.key(), now + options.requestTimeout().toNanos());
        user.send(new Request(from.key(), from.name(), from.id()));
    }

    private void introduced(User user, Introduction introduction, long receivedNanos) {
        Peer peer = introduction.peer();
        long now = System.nanoTime();
        if (user.hasOutgoing(peer.key())) {
            user.outgoing().remove(peer.key());
        }
        user.introduced().put(peer.key(), now + options.requestTimeout().toNanos());
        long waited = TimeUnit.NANOSECONDS.toMillis(now - receivedNanos);
        user.send(new Introduce(peer.key(), peer.name(), peer.publicEndpoint(), peer.privateEndpoints(),
                introduction.token(), Role.INITIATOR, clamp(introduction.startInMillis() - waited),
                introduction.sameNat(), peer.fingerprint(), peer.nat(), peer.id(), introduction.relay()));
    }

    /** A message to a node that is gone: a request to one of its users ends as if they had left. */
    void onUndeliverable(NodeMessage message) {
        if (message instanceof NodeMessage.Request request) {
            User from = directory.user(request.from().key());
            if (from != null && from.hasOutgoing(request.to())) {
                from.outgoing().remove(request.to());
                from.send(new Rejected(request.to(), EndReason.LEFT));
            }
        }
    }

    /** A user of another node left {@code room}: our users' requests with them end. */
    void remoteLeft(Room room, String key) {
        remoteRequesters.remove(key);
        for (User user : room.members()) {
            if (user.hasOutgoing(key)) {
                user.outgoing().remove(key);
                user.send(new Rejected(key, EndReason.LEFT));
            }
            if (user.hasIncoming(key)) {
                user.incoming().remove(key);
                user.send(new Cancelled(key, EndReason.LEFT));
            }
        }
    }

    /** One of ours left: its requests with our users end here; other nodes hear it from the stream. */
    void leave(User user) {
        matchmaker.leave(user);
    }

    /**
     * Requests nobody answered in time. The Matchmaker ends the requests our users made (a remote
     * target's node ends its side itself, at about the same time); here, requests to our users from
     * users of other nodes.
     */
    void expire(long now) {
        for (User user : directory.users()) {
            if (!user.hasRequestState()) {
                continue;
            }
            List<String> expired = new ArrayList<>();
            for (Map.Entry<String, Long> request : user.incoming().entrySet()) {
                if (request.getValue() - now <= 0 && directory.user(request.getKey()) == null) {
                    expired.add(request.getKey());
                }
            }
            for (String fromKey : expired) {
                user.incoming().remove(fromKey);
                user.send(new Cancelled(fromKey, EndReason.EXPIRED));
            }
        }
        matchmaker.expire(directory.users(), now);
    }

    private static EndReason reason(String text) {
        return switch (text) {
            case "cancelled" -> EndReason.CANCELLED;
            case "expired" -> EndReason.EXPIRED;
            case "left" -> EndReason.LEFT;
            default -> EndReason.REJECTED;
        };
    }
}
