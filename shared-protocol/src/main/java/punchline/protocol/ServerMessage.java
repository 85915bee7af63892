package punchline.protocol;

import com.google.gson.annotations.SerializedName;
import java.util.Base64;
import java.util.List;

/** What the rendezvous server sends to a client. */
public sealed interface ServerMessage extends Message
        permits ServerMessage.Welcome, ServerMessage.UserList, ServerMessage.UserJoined, ServerMessage.UserLeft,
        ServerMessage.Request, ServerMessage.Cancelled, ServerMessage.Rejected, ServerMessage.Introduce,
        ServerMessage.Notice, ServerMessage.ProbeResult, ServerMessage.RelayReady, Message.Ping, Message.Pong,
        Message.Bye, Message.ErrorMessage {

    void dispatchTo(Handler handler);

    /** One method per server message, so a dispatcher cannot forget one. */
    interface Handler {
        void onWelcome(Welcome welcome);

        void onUserList(UserList userList);

        void onUserJoined(UserJoined userJoined);

        void onUserLeft(UserLeft userLeft);

        void onRequest(Request request);

        void onCancelled(Cancelled cancelled);

        void onRejected(Rejected rejected);

        void onIntroduce(Introduce introduce);

        void onNotice(Notice notice);

        void onProbeResult(ProbeResult result);

        void onRelayReady(RelayReady ready);

        void onPing(Ping ping);

        void onPong(Pong pong);

        void onBye(Bye bye);

        void onError(ErrorMessage error);
    }

    /**
     * A user as the room sees it: the key of this session, the name they chose and their {@link UserId}
     * (optional in the record; a server of this version always sends it).
     */
    record UserInfo(String key, String name, String id) {
        public UserInfo {
            key = Checks.key(key, "key");
            name = Checks.name(name, "name", Limits.MAX_NAME_CHARS);
            if (id != null) {
                id = UserId.checked(id, "id");
            }
        }

        public UserInfo(String key, String name) {
            this(key, name, null);
        }
    }

    /** Why a request ended without an introduction. */
    enum EndReason {
        @SerializedName("cancelled") CANCELLED,
        @SerializedName("rejected") REJECTED,
        @SerializedName("left") LEFT,
        @SerializedName("expired") EXPIRED,
        /** Never sent: a client's own reason when its link to the server broke with the request open. */
        @SerializedName("server-lost") SERVER_LOST
    }

    /** Which side of a punch a peer is: the initiator sent the request, the responder accepted it. */
    enum Role {
        @SerializedName("initiator") INITIATOR,
        @SerializedName("responder") RESPONDER
    }

    /**
     * Answer to hello: the user's own key, the public endpoint the server saw the connection come from,
     * and how often the client should send a heartbeat. {@code probePort} (optional) is the server's
     * second port for NAT diagnosis; {@code relay} says whether the server relays when punching fails.
     * {@code id} (optional) is the {@link UserId} the server verified for this connection.
     */
    record Welcome(String key, @SerializedName("public") Endpoint publicEndpoint, String room,
                   int heartbeatSeconds, int version, Integer probePort, @OptionalField boolean relay, String id)
            implements ServerMessage {
        public Welcome {
            key = Checks.key(key, "key");
            Checks.present(publicEndpoint, "public");
            room = Checks.name(room, "room", Limits.MAX_ROOM_CHARS);
            if (heartbeatSeconds < 1) {
                throw new IllegalArgumentException("missing or invalid field 'heartbeatSeconds'");
            }
            if (probePort != null && (probePort < 1 || probePort > 65_535)) {
                throw new IllegalArgumentException("field 'probePort' out of range");
            }
            if (id != null) {
                id = UserId.checked(id, "id");
            }
        }

        public Welcome(String key, Endpoint publicEndpoint, String room, int heartbeatSeconds, int version,
                       Integer probePort, boolean relay) {
            this(key, publicEndpoint, room, heartbeatSeconds, version, probePort, relay, null);
        }

        public Welcome(String key, Endpoint publicEndpoint, String room, int heartbeatSeconds, int version) {
            this(key, publicEndpoint, room, heartbeatSeconds, version, null, false, null);
        }

        @Override
        public void dispatchTo(Handler handler) {
            handler.onWelcome(this);
        }
    }

    /** The other users of the room, in chunks; {@code complete} marks the last chunk. */
    record UserList(String room, List<UserInfo> users, boolean complete) implements ServerMessage {
        public UserList {
            room = Checks.name(room, "room", Limits.MAX_ROOM_CHARS);
            users = Checks.list(users, "users", Limits.MAX_USERS_PER_LIST_FRAME);
        }

        @Override
        public void dispatchTo(Handler handler) {
            handler.onUserList(this);
        }
    }

    record UserJoined(UserInfo user) implements ServerMessage {
        public UserJoined {
            Checks.present(user, "user");
        }

        @Override
        public void dispatchTo(Handler handler) {
            handler.onUserJoined(this);
        }
    }

    record UserLeft(String key) implements ServerMessage {
        public UserLeft {
            key = Checks.key(key, "key");
        }

        @Override
        public void dispatchTo(Handler handler) {
            handler.onUserLeft(this);
        }
    }

    /** Someone asks you for a connection: their key, name and (optional in the record) {@link UserId}. */
    record Request(String from, String name, String id) implements ServerMessage {
        public Request {
            from = Checks.key(from, "from");
            name = Checks.name(name, "name", Limits.MAX_NAME_CHARS);
            if (id != null) {
                id = UserId.checked(id, "id");
            }
        }

        public Request(String from, String name) {
            this(from, name, null);
        }

        @Override
        public void dispatchTo(Handler handler) {
            handler.onRequest(this);
        }
    }

    /** A request to you ended before you answered: withdrawn, its sender left, or it expired. */
    record Cancelled(String from, EndReason reason) implements ServerMessage {
        public Cancelled {
            from = Checks.key(from, "from");
            Checks.present(reason, "reason");
        }

        @Override
        public void dispatchTo(Handler handler) {
            handler.onCancelled(this);
        }
    }

    /** Your request ended without an introduction: turned down, the user left, or it expired. */
    record Rejected(String by, EndReason reason) implements ServerMessage {
        public Rejected {
            by = Checks.key(by, "by");
            Checks.present(reason, "reason");
        }

        @Override
        public void dispatchTo(Handler handler) {
            handler.onRejected(this);
        }
    }

    /**
     * Sent to both peers at the same moment when a request is accepted. {@code token} is a fresh random
     * secret (at least 128 bits, base64url) that both sides prove knowledge of on every candidate
     * connection. {@code startInMillis} is how long to wait after receipt before dialling, chosen from
     * each side's round-trip time so that both SYNs leave together. {@code sameNat} says both peers share
     * a public address, so private endpoints should be tried first. {@code peerFingerprint} and
     * {@code peerNat} (both optional) are what the peer reported: the certificate to pin, and whether
     * punching can work at all. {@code peerId} (optional in the record; a server of this version always
     * sends it) is the peer's {@link UserId}: the client accepts on the peer link only a certificate whose
     * key has this ID, and keys its trust on it. {@code relay} (optional): where to relay this chat when it
     * comes to that, if not at the server the client is connected to (a cluster's node relays the
     * introductions it made); null for that server.
     */
    record Introduce(String peer, String peerName, Endpoint peerPublic, List<Endpoint> peerPrivate,
                     String token, Role role, long startInMillis, boolean sameNat, String peerFingerprint,
                     NatType peerNat, String peerId, Endpoint relay) implements ServerMessage {
        public static final int MIN_TOKEN_BYTES = 16;
        public static final int MAX_TOKEN_BYTES = 64;
        public static final long MAX_START_DELAY_MILLIS = 10_000;

        public Introduce {
            peer = Checks.key(peer, "peer");
            peerName = Checks.name(peerName, "peerName", Limits.MAX_NAME_CHARS);
            Checks.present(peerPublic, "peerPublic");
            peerPrivate = Checks.list(peerPrivate, "peerPrivate", Limits.MAX_PRIVATE_ENDPOINTS);
            Checks.token(token, "token");
            Checks.present(role, "role");
            if (startInMillis < 0 || startInMillis > MAX_START_DELAY_MILLIS) {
                throw new IllegalArgumentException("field 'startInMillis' out of range");
            }
            if (peerFingerprint != null) {
                peerFingerprint = Checks.fingerprint(peerFingerprint, "peerFingerprint");
            }
            peerNat = peerNat == null ? NatType.UNKNOWN : peerNat;
            if (peerId != null) {
                peerId = UserId.checked(peerId, "peerId");
            }
        }

        public Introduce(String peer, String peerName, Endpoint peerPublic, List<Endpoint> peerPrivate,
                         String token, Role role, long startInMillis, boolean sameNat, String peerFingerprint,
                         NatType peerNat) {
            this(peer, peerName, peerPublic, peerPrivate, token, role, startInMillis, sameNat, peerFingerprint,
                    peerNat, null, null);
        }

        public Introduce(String peer, String peerName, Endpoint peerPublic, List<Endpoint> peerPrivate,
                         String token, Role role, long startInMillis, boolean sameNat, String peerFingerprint,
                         NatType peerNat, String peerId) {
            this(peer, peerName, peerPublic, peerPrivate, token, role, startInMillis, sameNat, peerFingerprint,
                    peerNat, peerId, null);
        }

        public Introduce(String peer, String peerName, Endpoint peerPublic, List<Endpoint> peerPrivate,
                         String token, Role role, long startInMillis, boolean sameNat) {
            this(peer, peerName, peerPublic, peerPrivate, token, role, startInMillis, sameNat, null, NatType.UNKNOWN,
                    null, null);
        }

        public byte[] tokenBytes() {
            return Base64.getUrlDecoder().decode(token);
        }

        /** The same introduction with another start delay (a punch tried again on the same token). */
        public Introduce withStartInMillis(long delayMillis) {
            return new Introduce(peer, peerName, peerPublic, peerPrivate, token, role, delayMillis, sameNat,
                    peerFingerprint, peerNat, peerId, relay);
        }

        @Override
        public void dispatchTo(Handler handler) {
            handler.onIntroduce(this);
        }
    }

    /** A message from the server's operator: {@code broadcast} for say, false for tell. */
    record Notice(String text, boolean broadcast) implements ServerMessage {
        public Notice {
            text = Checks.text(text, "text", Limits.MAX_NOTICE_CHARS);
        }

        @Override
        public void dispatchTo(Handler handler) {
            handler.onNotice(this);
        }
    }

    /** Sent on the probe port: the public endpoint this second connection came from. */
    record ProbeResult(@SerializedName("public") Endpoint publicEndpoint) implements ServerMessage {
        public ProbeResult {
            Checks.present(publicEndpoint, "public");
        }

        @Override
        public void dispatchTo(Handler handler) {
            handler.onProbeResult(this);
        }
    }

    /** Both sides of a relay have arrived: from the next byte on the server forwards without reading. */
    record RelayReady() implements ServerMessage {
        @Override
        public void dispatchTo(Handler handler) {
            handler.onRelayReady(this);
        }
    }
}
