package punchline.protocol;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * An IP literal and a TCP port, written "IP:PORT" ("[v6]:PORT" for IPv6) on the wire.
 * Host names are refused so that parsing never triggers a DNS lookup.
 */
public record Endpoint(String host, int port) {
    public Endpoint {
        Checks.present(host, "host");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        host = canonicalLiteral(host);
    }

    public static Endpoint of(InetSocketAddress address) {
        return new Endpoint(address.getAddress().getHostAddress(), address.getPort());
    }

    public static Endpoint of(InetAddress address, int port) {
        return new Endpoint(address.getHostAddress(), port);
    }

    /** Parses "IP:PORT" or "[IPv6]:PORT". */
    public static Endpoint parse(String text) {
        Checks.present(text, "endpoint");
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("not an IP:PORT endpoint: " + Checks.truncate(text, 60));
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("IPv6 endpoints need brackets: " + Checks.truncate(text, 60));
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in endpoint: " + Checks.truncate(text, 60));
        }
        return new Endpoint(host, port);
    }

    public InetAddress address() {
        try {
            return InetAddress.getByName(host); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalStateException("validated literal did not parse: " + host, e);
        }
    }

    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(address(), port);
    }

    public boolean isIpv6() {
        return host.indexOf(':') >= 0;
    }

    @Override
    public String toString() {
        return isIpv6() ? "[" + host + "]:" + port : host + ":" + port;
    }

    private static String canonicalLiteral(String host) {
        if (host.isEmpty() || host.length() > 64 || !looksLikeLiteral(host)) {
            throw new IllegalArgumentException("not an IP address: " + Checks.truncate(host, 60));
        }
        try {
            InetAddress address = InetAddress.getByName(host);
            return address instanceof Inet6Address ? compressIpv6(address.getHostAddress()) : address.getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + Checks.truncate(host, 60));
        }
    }

    /** RFC 5952 form: the longest run of two or more zero groups becomes "::". */
    private static String compressIpv6(String full) {
        String zone = "";
        int percent = full.indexOf('%');
        if (percent >= 0) {
            zone = full.substring(percent);
            full = full.substring(0, percent);
        }
        String[] groups = full.split(":");
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < groups.length; i++) {
            int j = i;
            while (j < groups.length && groups[j].equals("0")) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
        }
        if (bestStart < 0) {
            return full + zone;
        }
        String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
        String tail = String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
        return head + "::" + tail + zone;
    }

    private static boolean looksLikeLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return host.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.' || c == '%');
        }
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }
}
