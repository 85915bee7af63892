package punchline.client.store;

/** How far the user trusts a contact's identity. Stored by name: never rename a constant. */
public enum Trust {
    /** Trusted on first use: the ID was never compared out of band. */
    UNVERIFIED,
    /** The user compared the ID's fingerprint with the person, by another channel. */
    VERIFIED,
    /** The user does not want to hear from this ID. */
    BLOCKED
}
