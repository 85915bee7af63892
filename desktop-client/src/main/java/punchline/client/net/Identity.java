package punchline.client.net;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A client's long-lived identity: an EC P-256 key pair and a self-signed certificate, built with
 * BouncyCastle's certificate builder and signed by the JDK's own provider. Peers pin it by its
 * fingerprint, the SHA-256 of the certificate. Stored as PKCS#12 in the config directory, readable by
 * the user only (like an SSH key without a passphrase).
 */
public final class Identity {
    private static final System.Logger LOG = System.getLogger(Identity.class.getName());
    static final String FILE_NAME = "identity.p12";
    private static final String ALIAS = "punchline";
    private static final char[] STORE_PASSWORD = "punchline".toCharArray(); // the file's permissions protect it
    private static final Duration VALIDITY = Duration.ofDays(20 * 365);

    private final PrivateKey privateKey;
    private final X509Certificate certificate;
    private final String fingerprint;

    private Identity(PrivateKey privateKey, X509Certificate certificate) {
        this.privateKey = privateKey;
        this.certificate = certificate;
        this.fingerprint = fingerprintOf(certificate);
    }

    /** A fresh identity kept in memory only (tests, or when there is no config directory). */
    public static Identity generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            Instant now = Instant.now();
            X500Name subject = new X500Name("CN=Punchline");
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(128, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(VALIDITY)), subject, pair.getPublic());
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            return new Identity(pair.getPrivate(), certificate);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create an identity: " + e.getMessage(), e);
        }
    }

    /**
     * The identity stored in {@code directory}, created on first use. An unreadable file is moved
     * aside (peers will see a new fingerprint) rather than stopping the app.
     */
    public static Identity loadOrCreate(Path directory) throws IOException {
        Path file = directory.resolve(FILE_NAME);
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(in, STORE_PASSWORD);
                PrivateKey key = (PrivateKey) store.getKey(ALIAS, STORE_PASSWORD);
                Certificate certificate = store.getCertificate(ALIAS);
                if (key != null && certificate instanceof X509Certificate x509) {
                    return new Identity(key, x509);
                }
                LOG.log(Level.WARNING, "{0} holds no Punchline identity", file);
            } catch (IOException | GeneralSecurityException | ClassCastException e) {
                LOG.log(Level.WARNING, "cannot read {0} ({1}); creating a new identity", file, e.getMessage());
            }
            Path aside = file.resolveSibling(FILE_NAME + ".unreadable-" + System.currentTimeMillis());
            Files.move(file, aside);
        }
        Identity identity = generate();
        identity.save(file);
        return identity;
    }

    private void save(Path file) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, privateKey, STORE_PASSWORD, new Certificate[] {certificate});
            store.store(out, STORE_PASSWORD);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write the identity: " + e.getMessage(), e);
        }
        AtomicFiles.write(file, out.toByteArray(), true);
    }

    /** SHA-256 of the certificate, 64 lower-case hex digits. */
    public String fingerprint() {
        return fingerprint;
    }

    /** The fingerprint in groups of four for people to compare, e.g. "3f2a 9c01 ...". */
    public static String readable(String fingerprint) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < fingerprint.length(); i += 4) {
            if (i > 0) {
                text.append(i == 32 ? "\n" : " ");
            }
            text.append(fingerprint, i, Math.min(fingerprint.length(), i + 4));
        }
        return text.toString();
    }

    /** The first half of {@link #readable}, for places with little room. */
    public static String shortForm(String fingerprint) {
        return readable(fingerprint.substring(0, 32));
    }

    static String fingerprintOf(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (CertificateEncodingException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint a certificate", e);
        }
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    X509Certificate certificate() {
        return certificate;
    }
}
