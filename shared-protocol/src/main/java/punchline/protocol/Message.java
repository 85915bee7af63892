package punchline.protocol;

/**
 * Every message of the protocol. Three sealed families say who may send what: {@link ClientMessage}
 * (client to rendezvous server), {@link ServerMessage} (server to client) and {@link PeerMessage}
 * (between two peers). The records nested here are shared by more than one family.
 */
public sealed interface Message permits ClientMessage, ServerMessage, PeerMessage {

    /** Heartbeat request; the receiver answers with a {@link Pong} carrying the same nonce. */
    record Ping(long nonce) implements ClientMessage, ServerMessage, PeerMessage {
        @Override
        public void dispatchTo(ClientMessage.Handler handler) {
            handler.onPing(this);
        }

        @Override
        public void dispatchTo(ServerMessage.Handler handler) {
            handler.onPing(this);
        }

        @Override
        public void dispatchTo(PeerMessage.Handler handler) {
            handler.onPing(this);
        }
    }

    /** Heartbeat answer. */
    record Pong(long nonce) implements ClientMessage, ServerMessage, PeerMessage {
        @Override
        public void dispatchTo(ClientMessage.Handler handler) {
            handler.onPong(this);
        }

        @Override
        public void dispatchTo(ServerMessage.Handler handler) {
            handler.onPong(this);
        }

        @Override
        public void dispatchTo(PeerMessage.Handler handler) {
            handler.onPong(this);
        }
    }

    /** The sender is about to close the connection on purpose (leaving, shutting down). */
    record Bye(String reason) implements ClientMessage, ServerMessage, PeerMessage {
        public Bye {
            reason = Checks.text(reason == null ? "" : reason, "reason", Limits.MAX_REASON_CHARS);
        }

        @Override
        public void dispatchTo(ClientMessage.Handler handler) {
            handler.onBye(this);
        }

        @Override
        public void dispatchTo(ServerMessage.Handler handler) {
            handler.onBye(this);
        }

        @Override
        public void dispatchTo(PeerMessage.Handler handler) {
            handler.onBye(this);
        }
    }

    /**
     * An error with a code and a message for people. {@code ref} optionally names what it is about
     * (a user key, a message type). After a fatal code the sender closes the connection.
     */
    record ErrorMessage(ErrorCode code, String message, String ref) implements ServerMessage, PeerMessage {
        public ErrorMessage {
            Checks.present(code, "code");
            message = Checks.text(message == null ? "" : message, "message", Limits.MAX_ERROR_MESSAGE_CHARS);
            if (ref != null) {
                Checks.text(ref, "ref", Limits.MAX_REASON_CHARS);
            }
        }

        @Override
        public void dispatchTo(ServerMessage.Handler handler) {
            handler.onError(this);
        }

        @Override
        public void dispatchTo(PeerMessage.Handler handler) {
            handler.onError(this);
        }
    }
}
