package punchline.client.ui.session;

/** Why a session could not start, written for the user. */
public final class StartFailure extends Exception {
    private static final long serialVersionUID = 1L;

    public StartFailure(String message) {
        super(message);
    }
}
