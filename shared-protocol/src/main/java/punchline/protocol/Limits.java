package punchline.protocol;

/** Hard limits every reader and writer of the protocol enforces. */
public final class Limits {
    /** Largest frame in bytes, newline excluded. Anything longer is rejected, never buffered. */
    public static final int MAX_FRAME_BYTES = 64 * 1024;
    /**
     * Largest frame a client may send the rendezvous server: its messages are small (a hello with
     * eight endpoints is under 1 KiB), so 20,000 half-sent frames cost at most 160 MiB, not 1.3 GiB.
     */
    public static final int MAX_CLIENT_FRAME_BYTES = 8 * 1024;
    public static final int MAX_NAME_CHARS = 32;
    public static final int MAX_ROOM_CHARS = 32;
    public static final int MAX_CHAT_CHARS = 4_000;
    public static final int MAX_NOTICE_CHARS = 1_000;
    public static final int MAX_ERROR_MESSAGE_CHARS = 500;
    public static final int MAX_PRIVATE_ENDPOINTS = 8;
    /** A room's user list is sent in chunks of at most this many users, so each chunk fits a frame. */
    public static final int USERS_PER_LIST_FRAME = 200;
    public static final int MAX_USERS_PER_LIST_FRAME = 500;
    public static final int MAX_REASON_CHARS = 200;

    private Limits() {
    }
}
