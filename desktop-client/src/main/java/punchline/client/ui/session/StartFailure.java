package punchline.client.ui.session;

/** Why a session could not start, written for the user. */
public final class StartFailure extends Exception {
    private static final long serialVersionUID = 1L;

    /** PORT_BUSY gets its own offer in the UI: another port, or the server already on it. */
    public enum Kind { PORT_BUSY, OTHER }

    private final Kind kind;

    public StartFailure(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
