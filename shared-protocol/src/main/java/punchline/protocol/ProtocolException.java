package punchline.protocol;

/** A frame or message that breaks the protocol. Typed by an {@link ErrorCode}; never a crash. */
public class ProtocolException extends Exception {
    private final ErrorCode code;

    public ProtocolException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ProtocolException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    /** The error to send to the peer that caused this exception. */
    public Message.ErrorMessage toErrorMessage() {
        return new Message.ErrorMessage(code, Checks.truncate(getMessage(), Limits.MAX_ERROR_MESSAGE_CHARS), null);
    }
}
