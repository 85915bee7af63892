package punchline.server.cluster;

import java.util.Map;
import punchline.protocol.Limits;
import punchline.protocol.UserKey;

/**
 * One entry of the cluster's presence stream: a user joined or left a room on a node. Every node
 * applies these in the stream's order, so all users everywhere see the same joins and leaves in the
 * same order.
 */
public record PresenceChange(boolean joined, String key, String room, String name, String node) {

    Map<String, String> fields() {
        return Map.of("op", joined ? "join" : "leave", "key", key, "room", room, "name", name, "node", node);
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
        return new PresenceChange("join".equals(op), UserKey.normalize(key),
                Wire.text(fields, "room", Limits.MAX_ROOM_CHARS), Wire.text(fields, "name", Limits.MAX_NAME_CHARS),
                Wire.text(fields, "node", 64).intern()); // a handful of nodes, 30,000 users each
    }
}
