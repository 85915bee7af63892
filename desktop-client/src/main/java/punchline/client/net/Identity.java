package punchline.client.net;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import punchline.common.CertifiedKey;
import punchline.protocol.UserId;

/**
 * A user's long-lived identity: an EC P-256 key pair and a self-signed certificate ({@link CertifiedKey}).
 * The user's ID is the hash of the public key ({@link UserId}): it stays as long as this file does. Peers
 * pin the certificate by its fingerprint, the SHA-256 of the certificate. Stored as PKCS#12 in the config
 * directory, readable by the user only (like an SSH key without a passphrase).
 */
public final class Identity {
    private static final System.Logger LOG = System.getLogger(Identity.class.getName());
    static final String FILE_NAME = "identity.p12";

    private final CertifiedKey key;

    private Identity(CertifiedKey key) {
        this.key = key;
    }

    /** A fresh identity kept in memory only (tests, or when there is no config directory). */
    public static Identity generate() {
        return new Identity(CertifiedKey.generate("Punchline"));
    }

    /**
     * The identity stored in {@code directory}, created on first use. An unreadable file is moved
     * aside (the user gets a new ID, which peers see as a new person) rather than stopping the app.
     */
    public static Identity loadOrCreate(Path directory) throws IOException {
        Path file = directory.resolve(FILE_NAME);
        if (Files.exists(file)) {
            try {
                return new Identity(CertifiedKey.read(file));
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot read {0} ({1}); creating a new identity", file, e.getMessage());
            }
            Path aside = file.resolveSibling(FILE_NAME + ".unreadable-" + System.currentTimeMillis());
            Files.move(file, aside);
        }
        Identity identity = generate();
        identity.key.write(file);
        return identity;
    }

    /** SHA-256 of the certificate, 64 lower-case hex digits. */
    public String fingerprint() {
        return key.fingerprint();
    }

    /** The user's ID: the {@link UserId} of this public key. */
    public String id() {
        return key.id();
    }

    /** The fingerprint in groups of four for people to compare, e.g. "3f2a 9c01 ...". */
    public static String readable(String fingerprint) {
        return CertifiedKey.readable(fingerprint);
    }

    /** The first half of {@link #readable}, for places with little room. */
    public static String shortForm(String fingerprint) {
        return readable(fingerprint.substring(0, 32));
    }

    static String fingerprintOf(X509Certificate certificate) {
        return CertifiedKey.fingerprintOf(certificate);
    }

    CertifiedKey key() {
        return key;
    }

    PrivateKey privateKey() {
        return key.privateKey();
    }

    X509Certificate certificate() {
        return key.certificate();
    }
}
