package punchline.server.metrics;

/**
 * The server's counts as of its latest sweep (at most 100 ms old), for operators and monitoring. Made
 * on the I/O thread, read from any.
 *
 * @param users               registered users on this server
 * @param rooms               rooms with a user of this server in them
 * @param connections         open connections, registered or not (relays included)
 * @param introductions       introductions made since start (in a cluster, those this node made)
 * @param relays              relays carrying chats right now
 * @param clustered           whether this server is a node of a cluster
 * @param redisConnected      whether the cluster's Redis answers (always false when standalone)
 * @param redisRttMillis      smoothed round trip to Redis, or -1
 * @param presenceLagMillis   smoothed time from publishing a join to reading it back from the stream, or -1
 * @param nodes               live nodes the cluster knows (1 when standalone)
 * @param remoteUsers         users of other nodes this node knows of
 * @param appliedWithoutRedis presence changes this node applied alone while Redis was unreachable
 */
public record ServerStats(int users, int rooms, int connections, long introductions, int relays, boolean clustered,
                          boolean redisConnected, double redisRttMillis, double presenceLagMillis, int nodes,
                          int remoteUsers, long appliedWithoutRedis) {
    public static final ServerStats NONE = new ServerStats(0, 0, 0, 0, 0, false, false, -1, -1, 1, 0, 0);
}
