package punchline.client.store;

/** Whether a stored message was received from the contact or sent to them. Stored by name. */
public enum Direction {
    IN,
    OUT
}
