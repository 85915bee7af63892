package punchline.server.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import punchline.protocol.UserId;
import punchline.protocol.Endpoint;
import punchline.protocol.Limits;
import punchline.protocol.NatType;
import punchline.protocol.UserKey;

/**
 * Reading the fields of a stream entry. Only our nodes write to Redis, but Redis is a network service
 * like any other: every field is checked for presence, length and form before it is believed.
 */
final class Wire {
    private Wire() {
    }

    static String text(Map<String, String> fields, String name, int maxChars) {
        String value = fields.get(name);
        if (value == null || value.isEmpty() || value.length() > maxChars) {
            throw new IllegalArgumentException("bad field " + name);
        }
        return value;
    }

    /** An optional user ID (null when absent); anything else than an ID is refused. */
    static String userId(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null) {
            return null;
        }
        if (!UserId.isValid(value)) {
            throw new IllegalArgumentException("bad field " + name);
        }
        return value;
    }

    static String optional(Map<String, String> fields, String name, int maxChars) {
        String value = fields.get(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.length() > maxChars) {
            throw new IllegalArgumentException("bad field " + name);
        }
        return value;
    }

    static String key(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null || !UserKey.isValid(value)) {
            throw new IllegalArgumentException("bad key " + name);
        }
        return UserKey.normalize(value);
    }

    static long number(Map<String, String> fields, String name, long min, long max) {
        try {
            long value = Long.parseLong(text(fields, name, 20));
            if (value < min || value > max) {
                throw new IllegalArgumentException("field " + name + " out of range");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad number " + name);
        }
    }

    static Endpoint endpoint(Map<String, String> fields, String name) {
        return Endpoint.parse(text(fields, name, 64));
    }

    static String endpoints(List<Endpoint> endpoints) {
        StringBuilder text = new StringBuilder();
        for (Endpoint endpoint : endpoints) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(endpoint);
        }
        return text.toString();
    }

    static List<Endpoint> endpointList(Map<String, String> fields, String name) {
        String value = fields.get(name);
        List<Endpoint> list = new ArrayList<>();
        if (value == null || value.isEmpty()) {
            return list;
        }
        for (String part : value.split(" ", Limits.MAX_PRIVATE_ENDPOINTS + 1)) {
            if (list.size() == Limits.MAX_PRIVATE_ENDPOINTS) {
                throw new IllegalArgumentException("too many endpoints");
            }
            list.add(Endpoint.parse(part));
        }
        return list;
    }

    static NatType nat(Map<String, String> fields, String name) {
        String value = fields.getOrDefault(name, "UNKNOWN");
        try {
            return NatType.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad NAT type");
        }
    }
}
