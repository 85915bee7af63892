package punchline.client.net;

import java.time.Duration;
import java.util.List;
import punchline.protocol.Endpoint;
import punchline.protocol.ErrorCode;
import punchline.protocol.NatType;
import punchline.protocol.ServerMessage.EndReason;
import punchline.protocol.ServerMessage.Role;
import punchline.protocol.ServerMessage.UserInfo;

/**
 * What the client core reports, in the order it happened, on one thread. The console prints these
 * and logs them as JSON; the desktop app moves them onto the FX thread.
 */
public sealed interface ClientEvent {

    /** Registered with the server: our key and the public endpoint it saw. {@code rejoined} after a reconnect. */
    record Registered(String key, Endpoint publicEndpoint, String room, boolean rejoined) implements ClientEvent {
    }

    /** The server could not be reached (not yet, or not again); the core tries again in {@code retryIn}. */
    record ServerUnreachable(String reason, Duration retryIn) implements ClientEvent {
    }

    /** The server link broke; the core reconnects with backoff. Open chats are not affected. */
    record ServerLost(String reason) implements ClientEvent {
    }

    /** The room's other users, complete, after registering. */
    record Users(List<UserInfo> users) implements ClientEvent {
        public Users {
            users = List.copyOf(users);
        }
    }

    record UserJoined(UserInfo user) implements ClientEvent {
    }

    record UserLeft(String key) implements ClientEvent {
    }

    /** Our connect request went out. */
    record RequestSent(String to) implements ClientEvent {
    }

    /** Someone asks to connect: answer with accept or reject. */
    record RequestReceived(String from, String name) implements ClientEvent {
    }

    /** A request to us ended: withdrawn, requester left, expired, or we rejected it ({@code REJECTED}). */
    record RequestCancelled(String from, EndReason reason) implements ClientEvent {
    }

    /** Our request ended without a connection (rejected, the user left, expired, or we cancelled it). */
    record RequestEnded(String to, EndReason reason) implements ClientEvent {
    }

    /**
     * The server introduced us to a peer: punching starts after the agreed delay. {@code fingerprint}
     * is the certificate the link will be pinned to; {@code nat} what the peer measured of its NAT.
     */
    record Introduced(String peer, String name, Role role, Endpoint peerPublic, List<Endpoint> peerPrivate,
                      boolean sameNat, String fingerprint, NatType nat) implements ClientEvent {
        public Introduced {
            peerPrivate = List.copyOf(peerPrivate);
        }
    }

    /** What our NAT does, measured against the server's two ports. */
    record NatDetected(NatType type) implements ClientEvent {
    }

    /** The direct path failed or cannot work ({@code reason}); the chat goes through the server's relay. */
    record Relaying(String peer, String reason) implements ClientEvent {
    }

    /**
     * The peer's certificate is not the one last seen under this name: a new computer, or someone in
     * the middle. The link is still pinned to what the server introduced.
     */
    record FingerprintChanged(String peer, String name, String previous, String current) implements ClientEvent {
    }

    /** The user checked {@code name}'s new certificate and trusts it: the warning ends, and stays away. */
    record FingerprintTrusted(String peer, String name, String fingerprint) implements ClientEvent {
    }

    /** The punch dials this endpoint of the peer (first try; retries are counted in Failed). */
    record Attempt(String peer, Endpoint endpoint) implements ClientEvent {
    }

    /** An authenticated link to the peer is up. */
    record Connected(String peer, String name, Route route, Endpoint remote, Duration elapsed)
            implements ClientEvent {
    }

    /** A relayed chat now goes directly to {@code remote}: nothing was lost on the way. */
    record Upgraded(String peer, Endpoint remote) implements ClientEvent {
    }

    /** The punch did not produce a link; {@code reason} is written for people. */
    record Failed(String peer, FailureKind kind, String reason, int attempts) implements ClientEvent {
    }

    record MessageSent(String peer, long id, String text, long sentAt) implements ClientEvent {
    }

    record MessageReceived(String peer, long id, String text, long sentAt) implements ClientEvent {
    }

    /** The peer acknowledged our message {@code id}. */
    record MessageDelivered(String peer, long id) implements ClientEvent {
    }

    /** Our message {@code id} was not acknowledged before the link closed. */
    record MessageFailed(String peer, long id, String reason) implements ClientEvent {
    }

    /** The chat link to the peer ended (they left, vanished, or we closed it). */
    record PeerLeft(String peer, String reason) implements ClientEvent {
    }

    /** A notice from the server's operator (say / tell). */
    record Notice(String text, boolean broadcast) implements ClientEvent {
    }

    /** The server refused something we asked; {@code ref} names the user it was about, if any. */
    record ServerError(ErrorCode code, String message, String ref) implements ClientEvent {
    }

    /** The core could not carry out a command (no such chat, not registered yet, text too long, ...). */
    record CommandRejected(String ref, String message) implements ClientEvent {
    }

    /** How a chat link reaches the peer. */
    enum Route {
        DIRECT("direct"),
        RELAY("relay");

        private final String wireName;

        Route(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /** Why a punch failed, for code; the event's reason is the sentence for people. */
    enum FailureKind {
        TIMED_OUT,
        REFUSED,
        UNREACHABLE,
        AUTHENTICATION,
        SYMMETRIC_NAT,
        CANCELLED,
        OTHER
    }
}
