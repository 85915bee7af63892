package punchline.protocol;

/** Machine-readable reason carried by an {@link Message.ErrorMessage} and a {@link ProtocolException}. */
public enum ErrorCode {
    // Framing and decoding: the connection is closed after these.
    FRAME_TOO_LARGE(true),
    INVALID_UTF8(true),
    INVALID_JSON(true),
    UNKNOWN_TYPE(true),
    INVALID_MESSAGE(true),
    UNEXPECTED_MESSAGE(true),
    UNSUPPORTED_VERSION(true),
    HELLO_TIMEOUT(true),
    IDLE_TIMEOUT(true),
    SERVER_FULL(true),
    TOO_MANY_CONNECTIONS(true),
    ROOM_FULL(true),
    FLOODING(true),
    RELAY_DISABLED(true),
    RELAY_FULL(true),
    RELAY_UNKNOWN_SESSION(true),
    RELAY_TIMEOUT(true),
    /** The hello's id (or fingerprint) is not that of the TLS client certificate: nobody takes another's ID. */
    ID_MISMATCH(true),
    // Request handling: the connection stays open.
    RATE_LIMITED(false),
    UNKNOWN_USER(false),
    SELF_REQUEST(false),
    DUPLICATE_REQUEST(false),
    NO_PENDING_REQUEST(false),
    ALREADY_ACCEPTED(false),
    INTERNAL(false);

    private final boolean fatal;

    ErrorCode(boolean fatal) {
        this.fatal = fatal;
    }

    /** Whether the sender of this error closes the connection right after it. */
    public boolean isFatal() {
        return fatal;
    }
}
