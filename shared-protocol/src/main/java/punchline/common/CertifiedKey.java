package punchline.common;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.FileAlreadyExistsException;
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
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import punchline.protocol.UserId;

/**
 * An EC P-256 key pair with a self-signed certificate, as TLS presents it: a user's identity (the client)
 * or the rendezvous server's. BouncyCastle builds the certificate, the JDK's own provider signs it; kept as
 * PKCS#12 readable by its owner alone. Nobody checks the certificate's signature or dates: what counts is
 * its key ({@link #id()}) and the certificate's hash ({@link #fingerprint()}), which peers pin.
 */
public final class CertifiedKey {
    private static final String ALIAS = "punchline";
    private static final char[] STORE_PASSWORD = "punchline".toCharArray(); // the file's permissions protect it
    private static final Duration VALIDITY = Duration.ofDays(20 * 365);

    private final PrivateKey privateKey;
    private final X509Certificate certificate;
    private final String fingerprint;
    private final String id;

    private CertifiedKey(PrivateKey privateKey, X509Certificate certificate) {
        this.privateKey = privateKey;
        this.certificate = certificate;
        this.fingerprint = fingerprintOf(certificate);
        this.id = UserId.of(certificate.getPublicKey());
    }

    /** A fresh key pair and certificate with the subject {@code CN=commonName}. */
    public static CertifiedKey generate(String commonName) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            Instant now = Instant.now();
            X500Name subject = new X500Name("CN=" + commonName);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(128, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(VALIDITY)), subject, pair.getPublic());
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            return new CertifiedKey(pair.getPrivate(), certificate);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create a key pair: " + e.getMessage(), e);
        }
    }

    /** Reads a key written by {@link #write}; an IOException says in words why the file is no such key. */
    public static CertifiedKey read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(bytes), STORE_PASSWORD);
            if (!(store.getKey(ALIAS, STORE_PASSWORD) instanceof PrivateKey key)
                    || !(store.getCertificate(ALIAS) instanceof X509Certificate certificate)) {
                throw new IOException(file + " holds no Punchline key");
            }
            return new CertifiedKey(key, certificate);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException(file + " is not a readable Punchline key (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Writes the key to {@code file}, readable by its owner alone, replacing nothing: a whole file
     * appears at once (written beside it, then linked into place), and if one is already there (another
     * node sharing the folder was quicker) this throws {@link FileAlreadyExistsException}.
     */
    public void writeNew(Path file) throws IOException {
        AtomicFiles.writeNew(file, encoded(), true);
    }

    /** Writes the key over {@code file} (or creates it), readable by its owner alone, atomically. */
    public void write(Path file) throws IOException {
        AtomicFiles.write(file, encoded(), true);
    }

    private byte[] encoded() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, privateKey, STORE_PASSWORD, new Certificate[] {certificate});
            store.store(out, STORE_PASSWORD);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot encode the key: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /** The key managers that present this certificate in a TLS handshake. */
    public KeyManager[] keyManagers() {
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            char[] password = "in-memory".toCharArray();
            keys.setKeyEntry("me", privateKey, password, new Certificate[] {certificate});
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(keys, password);
            return factory.getKeyManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up TLS keys: " + e.getMessage(), e);
        }
    }

    /** SHA-256 of the certificate, 64 lower-case hex digits. */
    public String fingerprint() {
        return fingerprint;
    }

    /** The {@link UserId} of the public key. */
    public String id() {
        return id;
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** SHA-256 of {@code certificate}'s DER encoding, 64 lower-case hex digits. */
    public static String fingerprintOf(Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (CertificateEncodingException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint a certificate", e);
        }
    }

    /** The fingerprint in groups of four for people to compare, on two lines: "3f2a 9c01 ...". */
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

    /**
     * A fingerprint as a person pasted it: 64 hex digits, case ignored, with or without ':' or spaces
     * between them (as other tools print fingerprints). Throws when it is not one.
     */
    public static String parseFingerprint(String text) {
        String hex = text == null ? "" : text.strip().replace(":", "").replace(" ", "").toLowerCase(java.util.Locale.ROOT);
        if (hex.length() != 64 || !hex.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
            throw new IllegalArgumentException("'" + (text == null ? "" : text.strip()) + "' is not a certificate"
                    + " fingerprint (64 hex digits, the SHA-256 of the certificate)");
        }
        return hex;
    }
}
