package punchline.server.cluster;

import java.util.List;

/**
 * Who is in the cluster as of presence stream entry {@code cursor}: what a node takes when it starts
 * or comes back after losing Redis, before it reads the stream on from there.
 */
public record Snapshot(String cursor, List<PresenceChange> members) {
}
