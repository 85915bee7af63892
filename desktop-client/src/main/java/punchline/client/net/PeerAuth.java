package punchline.client.net;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Proof that a candidate connection belongs to this punch (Ford et al. 2005, §3.4: a private address
 * may reach a stranger). Each side proves it knows the session token with an HMAC-SHA256 over both
 * keys and both fresh nonces, so a proof cannot be replayed on another connection or reflected back.
 */
final class PeerAuth {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

    private PeerAuth() {
    }

    /** A public name for the session: a hash of the token that reveals nothing of it. */
    static String sessionId(byte[] token) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("punchline-session-v1".getBytes(StandardCharsets.US_ASCII));
            byte[] digest = sha.digest(token);
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    static String newNonce() {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        return BASE64.encodeToString(nonce);
    }

    /** The proof {@code prover} sends to {@code verifier}. */
    static String proof(byte[] token, String proverKey, String verifierKey, String proverNonce, String verifierNonce) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(token, "HmacSHA256"));
            String transcript = String.join("\n", "punchline-proof-v1", proverKey, verifierKey, proverNonce,
                    verifierNonce);
            return BASE64.encodeToString(mac.doFinal(transcript.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this Java runtime", e);
        }
    }

    static boolean verify(String received, byte[] token, String proverKey, String verifierKey, String proverNonce,
                          String verifierNonce) {
        String expected = proof(token, proverKey, verifierKey, proverNonce, verifierNonce);
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                received.getBytes(StandardCharsets.US_ASCII));
    }
}
