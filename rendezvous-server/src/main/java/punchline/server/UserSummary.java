package punchline.server;

import punchline.protocol.Endpoint;

/** A registered user as the operator's console shows it. */
public record UserSummary(String key, String name, String room, Endpoint publicEndpoint, long joinedAtMillis) {
}
