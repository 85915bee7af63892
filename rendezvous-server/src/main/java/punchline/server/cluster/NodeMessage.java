package punchline.server.cluster;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import punchline.protocol.Endpoint;
import punchline.protocol.Limits;
import punchline.protocol.NatType;

/**
 * What one node tells another about a request between their users, through the receiving node's inbox
 * stream in Redis. Each message carries all the receiver needs (no lookup of remote state), and is
 * applied only if it still matches (a request already ended is ignored): races between nodes end in
 * a no-op, never in a second introduction.
 */
public sealed interface NodeMessage {
    /** The local user the message is for. */
    String to();

    /** A user as an introduction needs them, with their smoothed half round trip and node. */
    record Peer(String key, String name, Endpoint publicEndpoint, List<Endpoint> privateEndpoints,
                String fingerprint, NatType nat, long halfRttMillis, String node, String id) {
        void write(Map<String, String> fields) {
            fields.put("key", key);
            fields.put("name", name);
            fields.put("public", publicEndpoint.toString());
            fields.put("private", Wire.endpoints(privateEndpoints));
            if (fingerprint != null) {
                fields.put("fp", fingerprint);
            }
            fields.put("nat", nat.name());
            fields.put("half", Long.toString(halfRttMillis));
            fields.put("node", node);
            if (id != null) {
                fields.put("id", id);
            }
        }

        static Peer read(Map<String, String> fields) {
            return new Peer(Wire.key(fields, "key"), Wire.text(fields, "name", Limits.MAX_NAME_CHARS),
                    Wire.endpoint(fields, "public"), Wire.endpointList(fields, "private"),
                    Wire.optional(fields, "fp", 128), Wire.nat(fields, "nat"),
                    Wire.number(fields, "half", 0, 60_000), Wire.text(fields, "node", 64),
                    Wire.userId(fields, "id"));
        }
    }

    /** {@code from} asks {@code to} for a connection. */
    record Request(String to, Peer from) implements NodeMessage {
    }

    /** The requester withdrew, or its request expired ({@code reason}: cancelled, expired). */
    record Cancel(String to, String from, String reason) implements NodeMessage {
    }

    /** The target turned the request down ({@code reason}: rejected). */
    record Reject(String to, String by, String reason) implements NodeMessage {
    }

    /**
     * The target accepted: {@code to} is introduced to {@code peer}, to start dialling in
     * {@code startInMillis} from when the accepting node sent this; the relay is that node's.
     */
    record Introduction(String to, Peer peer, String token, long startInMillis, boolean sameNat, Endpoint relay)
            implements NodeMessage {
    }

    default Map<String, String> fields() {
        Map<String, String> fields = new HashMap<>();
        fields.put("to", to());
        if (this instanceof Request r) {
            fields.put("t", "request");
            r.from().write(fields);
        } else if (this instanceof Cancel c) {
            fields.put("t", "cancel");
            fields.put("from", c.from());
            fields.put("reason", c.reason());
        } else if (this instanceof Reject r) {
            fields.put("t", "reject");
            fields.put("by", r.by());
            fields.put("reason", r.reason());
        } else if (this instanceof Introduction i) {
            fields.put("t", "introduce");
            i.peer().write(fields);
            fields.put("token", i.token());
            fields.put("start", Long.toString(i.startInMillis()));
            fields.put("sameNat", Boolean.toString(i.sameNat()));
            fields.put("relay", i.relay().toString());
        }
        return fields;
    }

    /** Parses an inbox entry; throws IllegalArgumentException on anything malformed. */
    static NodeMessage parse(Map<String, String> fields) {
        String to = Wire.key(fields, "to");
        String type = fields.getOrDefault("t", "");
        return switch (type) {
            case "request" -> new Request(to, Peer.read(fields));
            case "cancel" -> new Cancel(to, Wire.key(fields, "from"), reason(fields));
            case "reject" -> new Reject(to, Wire.key(fields, "by"), reason(fields));
            case "introduce" -> new Introduction(to, Peer.read(fields), Wire.text(fields, "token", 128),
                    Wire.number(fields, "start", 0, 60_000), Boolean.parseBoolean(fields.get("sameNat")),
                    Wire.endpoint(fields, "relay"));
            default -> throw new IllegalArgumentException("unknown node message type");
        };
    }

    private static String reason(Map<String, String> fields) {
        String reason = Wire.text(fields, "reason", 16);
        if (!List.of("cancelled", "expired", "rejected", "left").contains(reason)) {
            throw new IllegalArgumentException("bad reason");
        }
        return reason;
    }
}
