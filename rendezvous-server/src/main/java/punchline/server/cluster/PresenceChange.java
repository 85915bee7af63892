package punchline.server.cluster;

import java.util.Map;
import punchline.protocol.Limits;
import punchline.protocol.UserKey;

/**
 * One entry of the cluster's presence stream: a user joined or left a room on a node. Every node
 * applies these in the stream's order, so all users everywhere see the same joins and leaves in the
 * same order. {@code id} is the user's verified ID (null only from a test's hand-made user).
 */
public record PresenceChange(boolean joined, String key, String room, String name, String id, String node) {

    /**
     * What Redis keeps of the user beside the room: the name, then a tab and the ID. A name holds no tab
     * (the protocol refuses control characters), so the scripts pass it through as one field.
     */
    String label() {
        return id == null ? name : name + "\t" + id;
    }

    /** Longer than any {@link UserId}: what a stream entry may carry after the name. */
    private static final int MAX_ID_CHARS = 128;

    Map<String, String> fields() {
        return Map.of("op", joined ? "join" : "leave", "key", key, "room", room, "name", label(), "node", node);
    }

    /** Parses a stream entry; throws IllegalArgumentException on anything a node of ours never writes. */
    static PresenceChange parse(Map<String, String> fields) {
        String op = fields.get("op");
        if (!"join".equals(op) && !"leave".equals(op)) {
            throw new IllegalArgumentException("bad presence op");
        }
        String key = fields.get("key");
        if (key == null || !UserKey.isValid(key)) {
            throw new IllegalArgumentException("bad user key");
        }
        String label = Wire.text(fields, "name", Limits.MAX_NAME_CHARS + 1 + MAX_ID_CHARS);
        int tab = label.indexOf('\t');
        String name = tab < 0 ? label : label.substring(0, tab);
        if (name.isEmpty() || name.length() > Limits.MAX_NAME_CHARS) {
            throw new IllegalArgumentException("bad field name");
        }
        String id = tab < 0 ? null : Wire.userId(Map.of("id", label.substring(tab + 1)), "id");
        return new PresenceChange("join".equals(op), UserKey.normalize(key),
                Wire.text(fields, "room", Limits.MAX_ROOM_CHARS), name, id,
                Wire.text(fields, "node", 64).intern()); // a handful of nodes, 30,000 users each
    }
}
