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
 * (Over 400 lines on purpose: every event in one place, as the protocol's messages are, one small record
 * each.) What the client core reports, in the order it happened, on one thread. The console prints these
 * and logs them as JSON; the desktop app moves them onto the FX thread. Consumers implement {@link Handler}.
 */
public sealed interface ClientEvent {

    /** Hands this event to the handler's method for its type. */
    void dispatchTo(Handler handler);

    /**
     * One method per event, so a consumer that forgets one does not compile (as the protocol's
     * {@code ServerMessage.Handler}). A handler is also a listener: {@link #onEvent} dispatches.
     */
    interface Handler extends ClientEventListener {
        @Override
        default void onEvent(ClientEvent event) {
            event.dispatchTo(this);
        }

        void onRegistered(Registered registered);

        void onServerUnreachable(ServerUnreachable serverUnreachable);

        void onServerLost(ServerLost serverLost);

        void onUsers(Users users);

        void onUserJoined(UserJoined userJoined);

        void onUserLeft(UserLeft userLeft);

        void onRequestSent(RequestSent requestSent);

        void onRequestReceived(RequestReceived requestReceived);

        void onRequestCancelled(RequestCancelled requestCancelled);

        void onRequestEnded(RequestEnded requestEnded);

        void onIntroduced(Introduced introduced);

        void onNatDetected(NatDetected natDetected);

        void onRelaying(Relaying relaying);

        void onFingerprintChanged(FingerprintChanged fingerprintChanged);

        void onFingerprintTrusted(FingerprintTrusted fingerprintTrusted);

        void onAttempt(Attempt attempt);

        void onConnected(Connected connected);

        void onUpgraded(Upgraded upgraded);

        void onFailed(Failed failed);

        void onMessageSent(MessageSent messageSent);

        void onMessageReceived(MessageReceived messageReceived);

        void onMessageDelivered(MessageDelivered messageDelivered);

        void onMessageFailed(MessageFailed messageFailed);

        void onPeerLeft(PeerLeft peerLeft);

        void onNotice(Notice notice);

        void onServerError(ServerError serverError);

        void onCommandRejected(CommandRejected commandRejected);

        void onServerPinned(ServerPinned serverPinned);

        void onServerCertificateChanged(ServerCertificateChanged serverCertificateChanged);

        void onStoreProblem(StoreProblem storeProblem);

        void onContactSaved(ContactSaved contactSaved);

        void onContactForgotten(ContactForgotten contactForgotten);
    }

    /**
     * A handler that reacts to the events it overrides and ignores every other one on purpose. Only for
     * consumers that by design follow a subset (such as the console's picture of the room); a consumer
     * that must react to everything implements {@link Handler}, so a new event cannot slip past it.
     */
    interface SelectiveHandler extends Handler {
        @Override default void onRegistered(Registered registered) { }
        @Override default void onServerUnreachable(ServerUnreachable serverUnreachable) { }
        @Override default void onServerLost(ServerLost serverLost) { }
        @Override default void onUsers(Users users) { }
        @Override default void onUserJoined(UserJoined userJoined) { }
        @Override default void onUserLeft(UserLeft userLeft) { }
        @Override default void onRequestSent(RequestSent requestSent) { }
        @Override default void onRequestReceived(RequestReceived requestReceived) { }
        @Override default void onRequestCancelled(RequestCancelled requestCancelled) { }
        @Override default void onRequestEnded(RequestEnded requestEnded) { }
        @Override default void onIntroduced(Introduced introduced) { }
        @Override default void onNatDetected(NatDetected natDetected) { }
        @Override default void onRelaying(Relaying relaying) { }
        @Override default void onFingerprintChanged(FingerprintChanged fingerprintChanged) { }
        @Override default void onFingerprintTrusted(FingerprintTrusted fingerprintTrusted) { }
        @Override default void onAttempt(Attempt attempt) { }
        @Override default void onConnected(Connected connected) { }
        @Override default void onUpgraded(Upgraded upgraded) { }
        @Override default void onFailed(Failed failed) { }
        @Override default void onMessageSent(MessageSent messageSent) { }
        @Override default void onMessageReceived(MessageReceived messageReceived) { }
        @Override default void onMessageDelivered(MessageDelivered messageDelivered) { }
        @Override default void onMessageFailed(MessageFailed messageFailed) { }
        @Override default void onPeerLeft(PeerLeft peerLeft) { }
        @Override default void onNotice(Notice notice) { }
        @Override default void onServerError(ServerError serverError) { }
        @Override default void onCommandRejected(CommandRejected commandRejected) { }
        @Override default void onServerPinned(ServerPinned serverPinned) { }
        @Override default void onServerCertificateChanged(ServerCertificateChanged serverCertificateChanged) { }
        @Override default void onStoreProblem(StoreProblem storeProblem) { }
        @Override default void onContactSaved(ContactSaved contactSaved) { }
        @Override default void onContactForgotten(ContactForgotten contactForgotten) { }
    }

    /**
     * Registered with the server: our key and the public endpoint it saw. {@code rejoined} after a reconnect.
     * {@code id} is our own {@link punchline.protocol.UserId} (null only in old samples).
     */
    record Registered(String key, Endpoint publicEndpoint, String room, boolean rejoined, String id)
            implements ClientEvent {
        public Registered(String key, Endpoint publicEndpoint, String room, boolean rejoined) {
            this(key, publicEndpoint, room, rejoined, null);
        }

        @Override
        public void dispatchTo(Handler handler) {
            handler.onRegistered(this);
        }
    }

    /** The server could not be reached (not yet, or not again); the core tries again in {@code retryIn}. */
    record ServerUnreachable(String reason, Duration retryIn) implements ClientEvent {
        @Override
        public void dispatchTo(Handler handler) {
            handler.onServerUnreachable(this);
        }
    }

    /** The server link broke; the core reconnects with backoff. Open chats are not affected. */
    record ServerLost(String reason) implements ClientEvent {
        @Override
        public void dispatchTo(Handler handler) {
            handler.onServerLost(this);
        }
    }

    /** The room's other users, complete, after registering. */
    record Users(List<UserInfo> users) implements ClientEvent {
        public Users {
            users = List.copyOf(users);
        }

        @Override
        public void dispatchTo(Handler handler) {
            handler.onUsers(this);
        }
    }

    record UserJoined(UserInfo user) implements ClientEvent {
        @Override
        public void dispatchTo(Handler handler) {
            handler.onUserJoined(this);
        }
    }

    record UserLeft(String key) implements ClientEvent {
        @Override
        public void dispatchTo(Handler handler) {
            handler.onUserLeft(this);
        }
    }

    /** Our connect request went out. */
    record RequestSent(String to) implements ClientEvent {
        @Override
        public void dispatchTo(Handler handler) {
            handler.onRequestSent(this);
        }
    }

    /**
     * Someone asks to connect: answer with accept or reject. {@code id} is their verified ID; {@code known}
     * whether it is a contact's; {@code nameOf} the ID of the contact whose name this one uses (exactly or
     * a look-alike) while being someone else, or null: show them as a different person.
     */
    record RequestReceived(String from, String name, String id, boolean known, String nameOf)
            implements ClientEvent {
        public RequestReceived(String from, String name) {
            this(from, name, null, false, null);
        }

        @Override
        public void dispatchTo(Handler handler) {
            handler.onRequestReceived(this);
        }
    }

    /** A request to us ended: withdrawn, requester left, expired, or we rejected it ({@code REJECTED}). */
    record RequestCancelled(String from, EndReason reason) implements ClientEvent {
        @Override
        public void dispatchTo(Handler handler) {
            handler.onRequestCancelled(this);
        }
    }

    /** Our request ended without a connection (rejected, the user left, expired, or we cancelled it). */
    record RequestEnded(String to, EndReason reason) implements ClientEvent {
        @Override
        public void dispatchTo(Handler handler) {
            handler.onRequestEnded(this);
        }
    }

    /**
     * The server introduced us to a peer: punching starts after the agreed delay. {@code fingerprint}
     * is the certificate the link will be pinned to; {@code nat} what the peer measured of its NAT.
     */
    record Introduced(String peer, String name, Role role, Endpoint peerPublic, List<Endpoint> peerPrivate,
                      boolean sameNat, String fingerprint, NatType nat, String id) implements ClientEvent {
        public Introduced {
            peerPrivate = List.copyOf(peerPrivate);
        }

        public Introduced(String peer, String name, Role role, Endpoint peerPublic, List<Endpoint> peerPrivate,
                          boolean sameNat, String fingerprint, NatType nat) {
            this(peer, name, role, peerPublic, peerPrivate, sameNat, fingerprint, nat, null);
        }

        @Override
        public void dispatchTo(Handler handler) {
            handler.onIntroduced(this);
        }
    }

    /** What our NAT does, measured against the server's two ports. */
    record NatDetected(NatType type) implements ClientEvent {
        @Override
        public void dispatchTo(Handler handler) {
            handler.onNatDetected(this);
        }
    }

    /** The direct path failed or cannot work ({@code reason}); the chat goes through the server's relay. */
    record Relaying(String peer, String reason) implements ClientEvent {
        @Override
        public void dispatchTo(Handler handler) {
            handler.onRelaying(this);
        }
    }

    /**
     * Someone new uses a contact's name: the peer's ID ({@code id}) is not the contact's ({@code knownId})
     * although the name is the same ({@code match} "same-name") or looks the same ("look-alike": zero-width
     * or bidi characters, homoglyphs). A different person, who inherits nothing of the contact's trust.
     * {@code previous} is the contact's certificate, {@code current} the newcomer's. (Before IDs this said
     * "the certificate seen under this name changed"; a known ID never changes.)
     */
    record FingerprintChanged(String peer, String name, String previous, String current, String id,
                              String knownId, String match) implements ClientEvent {
        public FingerprintChanged(String peer, String name, String previous, String current) {
            this(peer, name, previous, current, null, null, null);
        }

        @Override
        public void dispatchTo(Handler handler) {
            handler.onFingerprintChanged(this);
        }
    }

    /**
     * The user compared fingerprints with {@code name} and trusts them: the contact with {@code id} is
     * verified from now on.
     */
    record FingerprintTrusted(String peer, String name, String fingerprint, String id) implements ClientEvent {
        public FingerprintTrusted(String peer, String name, String fingerprint) {
            this(peer, name, fingerprint, null);
        }

        @Override
        public void dispatchTo(Handler handler) {
            handler.onFingerprintTrusted(this);
        }
    }

    /** The punch dials this endpoint of the peer (first try; retries are counted in Failed). */
    record Attempt(String peer, Endpoint endpoint) implements ClientEvent {
        @Override
        public void dispatchTo(Handler handler) {
            handler.onAttempt(this);
        }
    }

    /** An authenticated link to the peer is up; {@code id} is the ID their certificate's key proved. */
    record Connected(String peer, String name, Route route, Endpoint remote, Duration elapsed, String id)
            implements ClientEvent {
        public Connected(String peer, String name, Route route, Endpoint remote, Duration elapsed) {
            this(peer, name, route, remote, elapsed, null);
        }

        @Override
        public void dispatchTo(Handler handler) {
            handler.onConnected(this);
        }
    }

    /** A relayed chat now goes directly to {@code remote}: nothing was lost on the way. */
    record Upgraded(String peer, Endpoint remote) implements ClientEvent {
        @Override
        public void dispatchTo(Handler handler) {
            handler.onUpgraded(this);
        }
    }

    /** The punch did not produce a link; {@code reason} is written for people. */
    record Failed(String peer, FailureKind kind, String reason, int attempts) implements ClientEvent {
        @Override
        public void dispatchTo(Handler handler) {
            handler.onFailed(this);
        }
    }

    record MessageSent(String peer, long id, String text, long sentAt) implements ClientEvent {
        @Override
        public void dispatchTo(Handler handler) {
            handler.onMessageSent(this);
        }
    }

    record MessageReceived(String peer, long id, String text, long sentAt) implements ClientEvent {
        @Override
        public void dispatchTo(Handler handler) {
            handler.onMessageReceived(this);
        }
    }

    /** The peer acknowledged our message {@code id}. */
    record MessageDelivered(String peer, long id) implements ClientEvent {
        @Override
        public void dispatchTo(Handler handler) {
            handler.onMessageDelivered(this);
        }
    }

    /** Our message {@code id} was not acknowledged before the link closed. */
    record MessageFailed(String peer, long id, String reason) implements ClientEvent {
        @Override
        public void dispatchTo(Handler handler) {
            handler.onMessageFailed(this);
        }
    }

    /** The chat link to the peer ended (they left, vanished, or we closed it). */
    record PeerLeft(String peer, String reason) implements ClientEvent {
        @Override
        public void dispatchTo(Handler handler) {
            handler.onPeerLeft(this);
        }
    }

    /** A notice from the server's operator (say / tell). */
    record Notice(String text, boolean broadcast) implements ClientEvent {
        @Override
        public void dispatchTo(Handler handler) {
            handler.onNotice(this);
        }
    }

    /** The server refused something we asked; {@code ref} names the user it was about, if any. */
    record ServerError(ErrorCode code, String message, String ref) implements ClientEvent {
        @Override
        public void dispatchTo(Handler handler) {
            handler.onServerError(this);
        }
    }

    /** The core could not carry out a command (no such chat, not registered yet, text too long, ...). */
    record CommandRejected(String ref, String message) implements ClientEvent {
        @Override
        public void dispatchTo(Handler handler) {
            handler.onCommandRejected(this);
        }
    }

    /** How a server's certificate came to be pinned. */
    enum PinSource {
        /** The first time we joined it (trust on first use). */
        FIRST_USE,
        /** From the fingerprint the user gave ({@code --server HOST:PORT#FINGERPRINT}, an invite, our own server). */
        GIVEN,
        /** The user trusted a changed certificate ({@code trust-server}, the app's dialog). */
        TRUSTED
    }

    /** The certificate of {@code server} ({@code host:port}) is pinned from now on: show its fingerprint. */
    record ServerPinned(String server, String fingerprint, PinSource how) implements ClientEvent {
        @Override
        public void dispatchTo(Handler handler) {
            handler.onServerPinned(this);
        }
    }

    /**
     * {@code server} presented a certificate other than the one pinned: the link is refused (it does not
     * come up) until the user, having checked {@code presented} with the server's operator, trusts it
     * ({@link ClientCore#trustServer}).
     */
    record ServerCertificateChanged(String server, String pinned, String presented) implements ClientEvent {
        @Override
        public void dispatchTo(Handler handler) {
            handler.onServerCertificateChanged(this);
        }
    }

    /**
     * Something about the stored contacts, history or pinned servers the user must read: a damaged file
     * moved aside, a database in use by another Punchline ({@code kind} as in StoreNotice, lower case with
     * dashes), or a save that failed ("failed"). {@code message} is worded for the user.
     */
    record StoreProblem(String kind, String message) implements ClientEvent {
        @Override
        public void dispatchTo(Handler handler) {
            handler.onStoreProblem(this);
        }
    }

    /** A contact was added ({@code added}) or changed (seen again, renamed, verified). */
    record ContactSaved(punchline.client.store.Contact contact, boolean added) implements ClientEvent {
        @Override
        public void dispatchTo(Handler handler) {
            handler.onContactSaved(this);
        }
    }

    /** The user forgot a contact: they and their history are gone. */
    record ContactForgotten(String id) implements ClientEvent {
        @Override
        public void dispatchTo(Handler handler) {
            handler.onContactForgotten(this);
        }
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
