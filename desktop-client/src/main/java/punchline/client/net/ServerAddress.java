package punchline.client.net;

import java.util.Locale;
import punchline.common.CertifiedKey;

/**
 * A rendezvous server as the user named it: {@code HOST}, {@code HOST:PORT} or {@code [IPv6]:PORT}, and
 * optionally {@code #FINGERPRINT}, the SHA-256 of the server's certificate, which pins it from the first
 * connection on (an invite carries it). {@link #name()} is what pins are kept under.
 *
 * @param fingerprint 64 lower-case hex digits, or null when not given
 */
public record ServerAddress(String host, int port, String fingerprint) {
    public ServerAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("the server address has no host");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("server port must be 1..65535");
        }
        host = host.strip().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code HOST[:PORT][#FINGERPRINT]} (default port 3333). */
    public static ServerAddress parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("the server address is empty");
        }
        String address = text.strip();
        String fingerprint = null;
        int hash = address.indexOf('#');
        if (hash >= 0) {
            fingerprint = CertifiedKey.parseFingerprint(address.substring(hash + 1));
            address = address.substring(0, hash);
        }
        String[] hostAndPort = ClientConfig.splitServerAddress(address);
        return new ServerAddress(hostAndPort[0], Integer.parseInt(hostAndPort[1]), fingerprint);
    }

    /** {@code host:port} ({@code [v6]:port}), the name a pin is kept under. */
    public String name() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return fingerprint == null ? name() : name() + "#" + fingerprint;
    }
}
