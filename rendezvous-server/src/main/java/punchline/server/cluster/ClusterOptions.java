package punchline.server.cluster;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;
import punchline.protocol.Endpoint;

/**
 * How a server joins a cluster: the Redis it shares presence through, its node id, and the address
 * clients reach its relay at. Plain data: holding it loads nothing of the Redis client.
 *
 * @param redis          {@code redis://HOST:PORT} (or {@code rediss://} for TLS; a password goes in the URI)
 * @param nodeId         unique in the cluster (letters, digits, '.', '-', '_'); null: HOSTNAME-PORT
 * @param advertiseHost  where clients of other nodes reach this node's relay; null: the bind address
 * @param advertisePort  the port there; 0: the port the server is bound to
 * @param nodeTtl        how long the node counts as alive after its last heartbeat; its users leave then
 */
public record ClusterOptions(URI redis, String nodeId, InetAddress advertiseHost, int advertisePort,
                             Duration nodeTtl) {
    /** A compile-time constant, so the help can say it without loading this class. */
    public static final int DEFAULT_NODE_TTL_SECONDS = 5;
    public static final Duration DEFAULT_NODE_TTL = Duration.ofSeconds(DEFAULT_NODE_TTL_SECONDS);
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public ClusterOptions {
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(nodeTtl, "nodeTtl");
        if (!"redis".equals(redis.getScheme()) && !"rediss".equals(redis.getScheme()) || redis.getHost() == null) {
            throw new IllegalArgumentException("--cluster needs redis://HOST:PORT, not '" + redis + "'");
        }
        if (nodeId != null && !NODE_ID.matcher(nodeId).matches()) {
            throw new IllegalArgumentException("--node-id: 1 to 64 letters, digits, '.', '-' or '_'");
        }
        if (advertisePort < 0 || advertisePort > 65_535) {
            throw new IllegalArgumentException("--advertise: port out of range");
        }
        if (advertiseHost != null && advertiseHost.isAnyLocalAddress()) {
            throw new IllegalArgumentException("--advertise must be an address clients can reach, not "
                    + advertiseHost.getHostAddress());
        }
        if (nodeTtl.toMillis() < 1_000 || nodeTtl.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("--node-ttl must be 1 to 600 seconds");
        }
    }

    public static ClusterOptions of(URI redis) {
        return new ClusterOptions(redis, null, null, 0, DEFAULT_NODE_TTL);
    }

    public ClusterOptions withNodeId(String value) {
        return new ClusterOptions(redis, value, advertiseHost, advertisePort, nodeTtl);
    }

    public ClusterOptions withAdvertise(InetAddress host, int port) {
        return new ClusterOptions(redis, nodeId, host, port, nodeTtl);
    }

    public ClusterOptions withNodeTtl(Duration value) {
        return new ClusterOptions(redis, nodeId, advertiseHost, advertisePort, value);
    }

    /**
     * Fills in what depends on where the server is bound: the advertised address (the bind address if
     * it names one) and port, and the node id. Throws when there is no address to advertise.
     */
    public ClusterOptions resolve(InetAddress bindAddress, int boundPort) {
        InetAddress host = advertiseHost;
        if (host == null) {
            if (bindAddress == null || bindAddress.isAnyLocalAddress()) {
                throw new IllegalArgumentException("--cluster needs --advertise IP[:PORT] (the address other "
                        + "nodes' clients reach this node's relay at) when --bind does not name one");
            }
            host = bindAddress;
        }
        int port = advertisePort == 0 ? boundPort : advertisePort;
        String id = nodeId != null ? nodeId : hostName() + "-" + boundPort;
        return new ClusterOptions(redis, id, host, port, nodeTtl);
    }

    /** Where clients reach this node's relay; once {@link #resolve resolved}. */
    public Endpoint advertise() {
        return Endpoint.of(advertiseHost, advertisePort);
    }

    /** How often the node refreshes its heartbeat: four times per TTL, so one lost beat costs nothing. */
    public Duration heartbeatInterval() {
        return nodeTtl.dividedBy(4);
    }

    private static String hostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "");
            return name.isEmpty() ? "node" : name.length() > 50 ? name.substring(0, 50) : name;
        } catch (UnknownHostException e) {
            return "node";
        }
    }
}
