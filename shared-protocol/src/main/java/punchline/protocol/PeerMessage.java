package punchline.protocol;

/** What two peers send each other on a direct (or relayed) link. */
public sealed interface PeerMessage extends Message
        permits PeerMessage.PeerHello, PeerMessage.PeerProof, PeerMessage.Chosen, PeerMessage.Chat,
        PeerMessage.Ack, PeerMessage.Upgrade, PeerMessage.Switch, Message.Ping, Message.Pong, Message.Bye,
        Message.ErrorMessage {

    void dispatchTo(Handler handler);

    /** One method per peer message, so a dispatcher cannot forget one. */
    interface Handler {
        void onPeerHello(PeerHello hello);

        void onPeerProof(PeerProof proof);

        void onChosen(Chosen chosen);

        void onChat(Chat chat);

        void onAck(Ack ack);

        void onUpgrade(Upgrade upgrade);

        void onSwitch(Switch change);

        void onPing(Ping ping);

        void onPong(Pong pong);

        void onBye(Bye bye);

        void onError(ErrorMessage error);
    }

    /**
     * First message on every candidate connection, both ways: who I am ({@code key}), which punch this
     * is for ({@code session}, a hash of the token that reveals nothing of it) and a fresh nonce the
     * other side must include in its proof.
     */
    record PeerHello(int version, String key, String session, String nonce) implements PeerMessage {
        public PeerHello {
            if (version < 1) {
                throw new IllegalArgumentException("missing or invalid field 'version'");
            }
            key = Checks.key(key, "key");
            Checks.text(session, "session", 64);
            Checks.text(nonce, "nonce", 64);
        }

        @Override
        public void dispatchTo(Handler handler) {
            handler.onPeerHello(this);
        }
    }

    /** Proof of the session token: an HMAC over both keys and both nonces (see docs/protocol.md). */
    record PeerProof(String proof) implements PeerMessage {
        public PeerProof {
            Checks.text(proof, "proof", 128);
        }

        @Override
        public void dispatchTo(Handler handler) {
            handler.onPeerProof(this);
        }
    }

    /** Sent by the initiator on the one authenticated connection it keeps; the others are closed. */
    record Chosen() implements PeerMessage {
        @Override
        public void dispatchTo(Handler handler) {
            handler.onChosen(this);
        }
    }

    /** A chat message; {@code id} increases per sender and is acknowledged with {@link Ack}. */
    record Chat(long id, String text, long sentAt) implements PeerMessage {
        public Chat {
            if (id < 1) {
                throw new IllegalArgumentException("missing or invalid field 'id'");
            }
            checkText(text);
        }

        /**
         * Throws {@link IllegalArgumentException} unless {@code text} may be sent: at most
         * {@link Limits#MAX_CHAT_CHARS} characters and no control character but tab and line ends.
         */
        public static void checkText(String text) {
            Checks.text(text, "text", Limits.MAX_CHAT_CHARS);
        }

        @Override
        public void dispatchTo(Handler handler) {
            handler.onChat(this);
        }
    }

    /**
     * On a relayed link, from the initiator: "let us punch again, starting in {@code startInMillis}" (same
     * token and endpoints as the introduction). The chat goes on through the relay meanwhile.
     */
    record Upgrade(long startInMillis) implements PeerMessage {
        public Upgrade {
            if (startInMillis < 0 || startInMillis > 10_000) {
                throw new IllegalArgumentException("field 'startInMillis' out of range");
            }
        }

        @Override
        public void dispatchTo(Handler handler) {
            handler.onUpgrade(this);
        }
    }

    /**
     * The last frame a side sends on the old (relayed) link once a direct one is up: everything after it
     * comes over the direct link, so no message is lost or reordered by the move.
     */
    record Switch() implements PeerMessage {
        @Override
        public void dispatchTo(Handler handler) {
            handler.onSwitch(this);
        }
    }

    /** Delivery acknowledgement of the chat message {@code id}. */
    record Ack(long id) implements PeerMessage {
        public Ack {
            if (id < 1) {
                throw new IllegalArgumentException("missing or invalid field 'id'");
            }
        }

        @Override
        public void dispatchTo(Handler handler) {
            handler.onAck(this);
        }
    }
}
