package punchline.protocol;

import java.util.List;

/** What a client sends to the rendezvous server. */
public sealed interface ClientMessage extends Message
        permits ClientMessage.Hello, ClientMessage.Connect, ClientMessage.Cancel, ClientMessage.Accept,
        ClientMessage.Reject, ClientMessage.NatReport, ClientMessage.RelayJoin, Message.Ping, Message.Pong,
        Message.Bye {

    void dispatchTo(Handler handler);

    /** One method per client message, so a dispatcher cannot forget one. */
    interface Handler {
        void onHello(Hello hello);

        void onConnect(Connect connect);

        void onCancel(Cancel cancel);

        void onAccept(Accept accept);

        void onReject(Reject reject);

        void onNatReport(NatReport report);

        void onRelayJoin(RelayJoin join);

        void onPing(Ping ping);

        void onPong(Pong pong);

        void onBye(Bye bye);
    }

    /**
     * First message on a server connection. {@code privateEndpoints} are the client's local addresses
     * with the local port this connection comes from (the port it will punch from).
     * {@code fingerprint} (optional) is the SHA-256 of the client's certificate, in hex, which the
     * server passes to the peers it is introduced to so they can pin it. {@code id} is the client's
     * {@link UserId}: the server refuses the hello unless it is the ID of the key of the TLS client
     * certificate this connection presented (so it is optional in the record, required by the server).
     */
    record Hello(int version, String name, String room, List<Endpoint> privateEndpoints, String fingerprint,
                 String id) implements ClientMessage {
        public static final String DEFAULT_ROOM = "lobby";

        public Hello {
            if (version < 1) {
                throw new IllegalArgumentException("missing or invalid field 'version'");
            }
            name = Checks.name(name, "name", Limits.MAX_NAME_CHARS);
            room = room == null ? DEFAULT_ROOM : Checks.name(room, "room", Limits.MAX_ROOM_CHARS);
            privateEndpoints = Checks.list(privateEndpoints, "privateEndpoints", Limits.MAX_PRIVATE_ENDPOINTS);
            if (fingerprint != null) {
                fingerprint = Checks.fingerprint(fingerprint, "fingerprint");
            }
            if (id != null) {
                id = UserId.checked(id, "id");
            }
        }

        public Hello(int version, String name, String room, List<Endpoint> privateEndpoints, String fingerprint) {
            this(version, name, room, privateEndpoints, fingerprint, null);
        }

        public Hello(int version, String name, String room, List<Endpoint> privateEndpoints) {
            this(version, name, room, privateEndpoints, null, null);
        }

        @Override
        public void dispatchTo(Handler handler) {
            handler.onHello(this);
        }
    }

    /** Ask user {@code to} (a key in the same room) for a direct connection. */
    record Connect(String to) implements ClientMessage {
        public Connect {
            to = Checks.key(to, "to");
        }

        @Override
        public void dispatchTo(Handler handler) {
            handler.onConnect(this);
        }
    }

    /** Withdraw a pending request to user {@code to}. */
    record Cancel(String to) implements ClientMessage {
        public Cancel {
            to = Checks.key(to, "to");
        }

        @Override
        public void dispatchTo(Handler handler) {
            handler.onCancel(this);
        }
    }

    /** Accept the pending request from user {@code from}: both sides get an introduction. */
    record Accept(String from) implements ClientMessage {
        public Accept {
            from = Checks.key(from, "from");
        }

        @Override
        public void dispatchTo(Handler handler) {
            handler.onAccept(this);
        }
    }

    /** Turn down the pending request from user {@code from}; the requester is told. */
    record Reject(String from) implements ClientMessage {
        public Reject {
            from = Checks.key(from, "from");
        }

        @Override
        public void dispatchTo(Handler handler) {
            handler.onReject(this);
        }
    }

    /** The client's measured NAT type, passed on to the peers it is introduced to. */
    record NatReport(NatType nat) implements ClientMessage {
        public NatReport {
            Checks.present(nat, "nat");
        }

        @Override
        public void dispatchTo(Handler handler) {
            handler.onNatReport(this);
        }
    }

    /**
     * First message on a fresh connection that asks to be spliced to the peer of an introduction (the
     * relay, when punching cannot work). The server answers {@code relay-ready} once both sides are
     * there, and from then on forwards bytes without reading them.
     */
    record RelayJoin(String token, String key) implements ClientMessage {
        public RelayJoin {
            Checks.token(token, "token");
            key = Checks.key(key, "key");
        }

        @Override
        public void dispatchTo(Handler handler) {
            handler.onRelayJoin(this);
        }
    }
}
