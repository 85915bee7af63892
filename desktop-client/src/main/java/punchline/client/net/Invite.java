package punchline.client.net;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import punchline.common.CertifiedKey;
import punchline.protocol.ClientMessage;
import punchline.protocol.Limits;
import punchline.protocol.Names;
import punchline.protocol.UserId;

/**
 * An invitation to chat: which server (pinned to its certificate from the first connection), which room,
 * and who invites (their ID, and the name they use). Travels as a {@code punchline://} link and as plain
 * text that says the same (see docs/protocol.md, "Invites"). Whatever is pasted is hostile input: it is
 * read with hard limits, every field checked as the protocol checks it, unknown or repeated fields refused.
 *
 * @param server the server, with its fingerprint (never null in an invite)
 * @param room   the room to join
 * @param id     the inviter's verified ID
 * @param name   the name the inviter uses (a hint until they are seen), or null
 */
public record Invite(ServerAddress server, String room, String id, String name) {
    public static final String SCHEME = "punchline://";
    /** The longest text read as an invite: a link is about 250 characters, the plain text twice that. */
    public static final int MAX_CHARS = 2_000;
    private static final String PATH = "join";
    /** A DNS name or IPv4 address, or an IPv6 one in brackets, and an optional port: nothing else is dialled. */
    private static final Pattern HOST_PORT = Pattern.compile(
            "(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*|\\[[0-9A-Fa-f:.]{2,45}])"
                    + "(?::[0-9]{1,5})?");

    public Invite {
        if (server == null || server.fingerprint() == null) {
            throw new IllegalArgumentException("the invite does not name the server's certificate");
        }
        room = Names.normalize(room == null ? ClientMessage.Hello.DEFAULT_ROOM : room, "room", Limits.MAX_ROOM_CHARS);
        id = UserId.parse(id);
        name = name == null ? null : Names.userName(name);
    }

    /** {@code punchline://join?server=HOST:PORT&fingerprint=HEX&room=ROOM&id=ID&name=NAME}, values URL-encoded. */
    public String link() {
        return SCHEME + PATH + "?server=" + encode(server.name()) + "&fingerprint=" + server.fingerprint()
                + "&room=" + encode(room) + "&id=" + id + (name == null ? "" : "&name=" + encode(name));
    }

    /** The same as lines a person can read, compare and type; the link last, so one paste carries both. */
    public String text() {
        return (name == null ? "Join me on Punchline." : "Join " + name + " on Punchline.") + "\n"
                + "Server: " + server.name() + "\n"
                + "Server fingerprint: " + CertifiedKey.readable(server.fingerprint()).replace('\n', ' ') + "\n"
                + "Room: " + room + "\n"
                + "ID: " + UserId.readable(id) + "\n"
                + link() + "\n";
    }

    /**
     * Reads an invite from what was pasted: a link (alone or inside text: the first {@code punchline://}
     * wins), or the plain text's lines. Throws IllegalArgumentException, worded for the user.
     */
    public static Invite parse(String pasted) {
        if (pasted == null || pasted.isBlank()) {
            throw new IllegalArgumentException("nothing was pasted");
        }
        if (pasted.length() > MAX_CHARS) {
            throw new IllegalArgumentException("that is too long for an invite (" + pasted.length() + " characters)");
        }
        int link = pasted.toLowerCase(Locale.ROOT).indexOf(SCHEME);
        if (link >= 0) {
            int end = link;
            while (end < pasted.length() && !Character.isWhitespace(pasted.charAt(end))) {
                end++;
            }
            return parseLink(pasted.substring(link, end));
        }
        return parseText(pasted);
    }

    private static Invite parseLink(String link) {
        String rest = link.substring(SCHEME.length());
        if (!rest.startsWith(PATH + "?")) {
            throw new IllegalArgumentException("not a Punchline invite link (it should start " + SCHEME + PATH + "?)");
        }
        Map<String, String> fields = new HashMap<>();
        for (String pair : rest.substring(PATH.length() + 1).split("&", -1)) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("the invite link is damaged");
            }
            put(fields, pair.substring(0, equals), decode(pair.substring(equals + 1)));
        }
        return of(fields);
    }

    private static Invite parseText(String text) {
        Map<String, String> fields = new HashMap<>();
        for (String line : text.split("\\R")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue; // the greeting
            }
            String label = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            switch (label) {
                case "server" -> put(fields, "server", value);
                case "server fingerprint" -> put(fields, "fingerprint", value);
                case "room" -> put(fields, "room", value);
                case "id" -> put(fields, "id", value);
                default -> { } // other lines are not ours to read
            }
        }
        return of(fields);
    }

    private static void put(Map<String, String> fields, String key, String value) {
        switch (key) {
            case "server", "fingerprint", "room", "id", "name" -> {
                if (fields.put(key, value) != null) {
                    throw new IllegalArgumentException("the invite says '" + key + "' twice");
                }
            }
            default -> throw new IllegalArgumentException("the invite has a field Punchline does not know");
        }
    }

    private static Invite of(Map<String, String> fields) {
        String server = fields.get("server");
        String fingerprint = fields.get("fingerprint");
        if (server == null || server.isBlank()) {
            throw new IllegalArgumentException("the invite does not name a server");
        }
        if (fingerprint == null || fingerprint.isBlank()) {
            throw new IllegalArgumentException("the invite does not name the server's certificate");
        }
        if (!HOST_PORT.matcher(server).matches()) {
            throw new IllegalArgumentException("the invite's server is not one host:port");
        }
        if (fields.get("id") == null) {
            throw new IllegalArgumentException("the invite does not say who invites you (their ID)");
        }
        ServerAddress address = ServerAddress.parse(server + "#" + CertifiedKey.parseFingerprint(fingerprint));
        return new Invite(address, fields.get("room"), fields.get("id"), fields.get("name"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the invite link is damaged");
        }
    }
}
