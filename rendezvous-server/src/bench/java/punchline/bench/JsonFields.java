package punchline.bench;

/**
 * Reads single fields out of the server's frames without a JSON library, so that the load generator
 * stays cheap next to the server it measures (they share the machine's cores). Only for the flat,
 * escape-free values the bench needs: types, user keys, roles, error codes, numbers. The server's
 * codec writes compact JSON ({@code "name":value}, no spaces), which is what these needles match.
 */
final class JsonFields {
    static final String TYPE = needle("type");
    static final String NONCE = "\"nonce\":";
    static final String KEY = needle("key");
    static final String FROM = needle("from");
    static final String PEER = needle("peer");
    static final String ROLE = needle("role");
    static final String CODE = needle("code");
    static final String REF = needle("ref");
    static final String ANY_KEY = "\"key\":";
    static final String COMPLETE = "\"complete\":true";

    private JsonFields() {
    }

    /** {@code "name":"} — the prefix of a string field. */
    static String needle(String name) {
        return "\"" + name + "\":\"";
    }

    /** The value of the string field whose prefix is {@code needle}, or null when absent. */
    static String string(String json, String needle) {
        int at = json.indexOf(needle);
        if (at < 0) {
            return null;
        }
        int start = at + needle.length();
        int end = json.indexOf('"', start);
        return end < 0 ? null : json.substring(start, end);
    }

    /** The literal text of a number field whose prefix is {@code needle} (e.g. {@code "nonce":}). */
    static String number(String json, String needle) {
        int at = json.indexOf(needle);
        if (at < 0) {
            return null;
        }
        int start = at + needle.length();
        int end = start;
        while (end < json.length() && (Character.isDigit(json.charAt(end)) || json.charAt(end) == '-')) {
            end++;
        }
        return end == start ? null : json.substring(start, end);
    }

    static int count(String json, String needle) {
        int count = 0;
        for (int at = json.indexOf(needle); at >= 0; at = json.indexOf(needle, at + needle.length())) {
            count++;
        }
        return count;
    }
}
