package punchline.protocol;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Locale;

/**
 * A user's ID: the SHA-256 of their public key (its DER SubjectPublicKeyInfo), written in Crockford's
 * base32 in lower case, like keys ({@link UserKey#ALPHABET}): 52 characters. The key is the identity, so
 * the ID cannot change without the key changing, and nobody can take another person's ID without their
 * private key (the server checks the TLS client certificate's key against the hello's {@code id}).
 * People see {@link #shortForm} ({@code k3f9-2mxa-8c1d-q0zt}); the full ID is one command away.
 */
public final class UserId {
    /** 256 bits in 5-bit characters: 51 full ones and one holding the last bit. */
    public static final int LENGTH = 52;
    /** How many characters {@link #shortForm} shows: 80 bits, four groups of four. */
    public static final int SHORT_CHARS = 16;

    private UserId() {
    }

    /** The ID of {@code key}. */
    public static String of(PublicKey key) {
        return ofEncodedKey(key.getEncoded());
    }

    /** The ID of a public key given as DER SubjectPublicKeyInfo ({@link PublicKey#getEncoded()}). */
    public static String ofEncodedKey(byte[] subjectPublicKeyInfo) {
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest(subjectPublicKeyInfo);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
        StringBuilder id = new StringBuilder(LENGTH);
        int buffer = 0;
        int bits = 0;
        for (byte b : hash) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                id.append(UserKey.ALPHABET.charAt((buffer >>> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        id.append(UserKey.ALPHABET.charAt((buffer << (5 - bits)) & 31)); // the last bit, then zeros
        return id.toString();
    }

    /**
     * Whether {@code candidate} is an ID in canonical form: 52 characters of the alphabet, lower case,
     * the last one carrying one bit (so it is 0 or g). Nothing else is accepted on the wire.
     */
    public static boolean isValid(String candidate) {
        if (candidate == null || candidate.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            if (UserKey.ALPHABET.indexOf(candidate.charAt(i)) < 0) {
                return false;
            }
        }
        return (UserKey.ALPHABET.indexOf(candidate.charAt(LENGTH - 1)) & 15) == 0;
    }

    /**
     * An ID as a person typed or pasted it: spaces and dashes are dropped, case is ignored, and Crockford's
     * look-alikes are read as he defined them (o as 0, i and l as 1). Throws when the result is no ID.
     */
    public static String parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no ID given");
        }
        StringBuilder id = new StringBuilder(LENGTH);
        for (char c : text.strip().toLowerCase(Locale.ROOT).toCharArray()) {
            switch (c) {
                case ' ', '-' -> { }
                case 'o' -> id.append('0');
                case 'i', 'l' -> id.append('1');
                default -> id.append(c);
            }
        }
        String result = id.toString();
        if (!isValid(result)) {
            throw new IllegalArgumentException("'" + Checks.truncate(text.strip(), 70) + "' is not a Punchline ID ("
                    + LENGTH + " letters and digits)");
        }
        return result;
    }

    /** The first {@value #SHORT_CHARS} characters in groups of four, for screens: {@code k3f9-2mxa-8c1d-q0zt}. */
    public static String shortForm(String id) {
        return grouped(id.substring(0, Math.min(SHORT_CHARS, id.length())));
    }

    /** The whole ID in groups of four, for reading it out or comparing it. */
    public static String readable(String id) {
        return grouped(id);
    }

    private static String grouped(String text) {
        StringBuilder out = new StringBuilder(text.length() + text.length() / 4);
        for (int i = 0; i < text.length(); i += 4) {
            if (i > 0) {
                out.append('-');
            }
            out.append(text, i, Math.min(text.length(), i + 4));
        }
        return out.toString();
    }

    /** Field check for messages: a canonical ID. */
    static String checked(String value, String field) {
        Checks.present(value, field);
        if (!isValid(value)) {
            throw new IllegalArgumentException("field '" + field + "' is not a user ID: " + Checks.truncate(value, 60));
        }
        return value;
    }
}
