package punchline.client.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A person the user has chatted with or added, as stored.
 *
 * @param id          their ID (derived from their public key elsewhere): what trust is keyed on, never the name
 * @param name        the name they used when last seen (chosen by them, not unique, not verified)
 * @param nickname    the user's own name for them, or null
 * @param fingerprint the SHA-256 fingerprint of the certificate last seen under this ID (64 lower-case hex)
 * @param trust       how far the user trusts this ID
 * @param firstSeen   when they were first stored
 * @param lastSeen    when they were last seen
 */
public record Contact(String id, String name, String nickname, String fingerprint, Trust trust, Instant firstSeen,
                      Instant lastSeen) {
    public Contact {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
    }

    /** The user's nickname when they gave one, else the name the contact uses. */
    public String displayName() {
        return nickname != null ? nickname : name;
    }
}
