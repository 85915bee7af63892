package punchline.client.store;

/** Where a stored message stands. Stored by name: never rename a constant. */
public enum Delivery {
    /** An incoming message: it reached us. */
    RECEIVED,
    /** Sent, not confirmed yet (no ack so far). */
    PENDING,
    /** The peer acknowledged it. */
    DELIVERED,
    /** The link closed before an ack came; a late ack still turns it into {@link #DELIVERED}. */
    FAILED
}
