package punchline.client.store;

/**
 * A store operation that failed (the disk is full, the file is damaged or in use, the store is closed).
 * The message is written for the user: the UI and the console show it as it is. Nothing was half done:
 * the transaction that failed was rolled back.
 */
public final class StoreException extends Exception {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
