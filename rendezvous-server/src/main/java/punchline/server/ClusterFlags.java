package punchline.server;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import punchline.server.cluster.ClusterOptions;

/** The cluster's flags of {@link ServerCommandLine}, apart so that a standalone server never loads the cluster. */
final class ClusterFlags {
    private ClusterFlags() {
    }

    /** The options of a cluster's node from its flags ({@code nodeId}, {@code advertise}, {@code nodeTtl} may be null). */
    static ClusterOptions options(String cluster, String nodeId, String advertise, Duration nodeTtl) {
        URI redis;
        try {
            redis = new URI(cluster);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--cluster needs redis://HOST:PORT, not '" + cluster + "'");
        }
        ClusterOptions options = ClusterOptions.of(redis).withNodeId(nodeId);
        if (nodeTtl != null) {
            options = options.withNodeTtl(nodeTtl);
        }
        if (advertise != null) {
            boolean hasPort = advertise.startsWith("[") ? advertise.contains("]:")
                    : advertise.indexOf(':') > 0 && advertise.indexOf(':') == advertise.lastIndexOf(':');
            InetSocketAddress at = hasPort ? ServerCommandLine.socketAddress("--advertise", advertise)
                    : new InetSocketAddress(ServerCommandLine.address("--advertise", advertise), 0);
            options = options.withAdvertise(at.getAddress(), at.getPort());
        }
        return options;
    }
}
