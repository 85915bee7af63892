package punchline.server;

/**
 * The lifecycle of a {@link Connection}, and the only place that says which step may follow which:
 *
 * <pre>
 *   OPEN ──hello──▶ REGISTERED
 *   OPEN ──relay, partner not here yet──▶ RELAY_WAITING ──partner came──▶ RELAYED
 *   OPEN ──relay, partner waiting──▶ RELAYED
 *   OPEN, REGISTERED, RELAY_WAITING, RELAYED ──close gracefully──▶ FLUSHING
 *   FLUSHING ──all written: output shut──▶ HALF_CLOSED ──client closed, or deadline──▶ CLOSED
 *   FLUSHING ──client closed first──▶ INPUT_ENDED ──all written──▶ CLOSED
 *   any other ──socket broke, or the close deadline passed──▶ CLOSED
 * </pre>
 *
 * The graceful close exists so a client really reads why it was dropped: closing a socket with unread
 * input sends a reset that can destroy the error in flight.
 */
enum ConnectionState {
    /** Connected; nothing said yet: waits for hello, or for a relay request. */
    OPEN,
    /** Said hello: a user, speaking the protocol. */
    REGISTERED,
    /** Asked for a relay; its partner has not come yet. Anything it sends is an error. */
    RELAY_WAITING,
    /** Spliced to its partner: bytes are forwarded, never decoded. */
    RELAYED,
    /** Closing, first step: unregistered, queued frames drain, input is read and discarded. */
    FLUSHING,
    /** The client closed its side while frames were still queued: stop reading, finish writing, close. */
    INPUT_ENDED,
    /** All written and output shut (FIN sent); input is discarded until the client closes or the deadline. */
    HALF_CLOSED,
    /** The socket is closed. */
    CLOSED;

    /** Whether the graceful close has begun (or ended): nothing the client sends counts any more. */
    boolean isClosing() {
        return compareTo(FLUSHING) >= 0;
    }

    /** Whether the connection serves a relay rather than the protocol. */
    boolean isRelay() {
        return this == RELAY_WAITING || this == RELAYED;
    }

    /** Whether input is read at all (a relayed side may also pause for flow control). */
    boolean reads() {
        return this != INPUT_ENDED && this != CLOSED;
    }

    /** The allowed transitions; anything else is a bug in the server. */
    boolean canMoveTo(ConnectionState next) {
        return switch (this) {
            case OPEN -> next == REGISTERED || next == RELAY_WAITING || next == RELAYED || next == FLUSHING
                    || next == CLOSED;
            case REGISTERED, RELAYED -> next == FLUSHING || next == CLOSED;
            case RELAY_WAITING -> next == RELAYED || next == FLUSHING || next == CLOSED;
            case FLUSHING -> next == INPUT_ENDED || next == HALF_CLOSED || next == CLOSED;
            case INPUT_ENDED, HALF_CLOSED -> next == CLOSED;
            case CLOSED -> false;
        };
    }
}
