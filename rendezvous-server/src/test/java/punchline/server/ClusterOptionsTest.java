package punchline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import punchline.protocol.Endpoint;
import punchline.server.cluster.ClusterOptions;

/** The cluster's and the metrics' flags, as an operator types them (no sockets). */
class ClusterOptionsTest {
    @Test
    void withoutClusterOrMetricsTheServerIsStandalone() {
        ServerOptions options = ServerOptions.parse("--port", "4000");
        assertNull(options.cluster());
        assertNull(options.metrics());
    }

    @Test
    void aNodesFlags() throws Exception {
        ServerOptions options = ServerOptions.parse("--port", "4000", "--cluster", "redis://10.0.0.5:6379",
                "--node-id", "node-a", "--advertise", "198.51.100.11", "--node-ttl", "3", "--metrics", "127.0.0.1:9333");
        ClusterOptions cluster = options.cluster();
        assertEquals(URI.create("redis://10.0.0.5:6379"), cluster.redis());
        assertEquals(Duration.ofSeconds(3), cluster.nodeTtl());
        ClusterOptions resolved = cluster.resolve(null, 4000);
        assertEquals(new Endpoint("198.51.100.11", 4000), resolved.advertise(), "the bound port unless given");
        assertEquals("node-a", resolved.nodeId());
        assertEquals(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 9333), options.metrics());
        assertEquals(new Endpoint("198.51.100.11", 3400), ServerOptions.parse("--cluster", "redis://h:1",
                "--advertise", "198.51.100.11:3400").cluster().resolve(null, 4000).advertise());
    }

    @Test
    void theAdvertisedAddressDefaultsToTheBindAddressAndIsRequiredWithoutOne() throws Exception {
        ClusterOptions cluster = ServerOptions.parse("--cluster", "redis://h:6379").cluster();
        assertEquals(new Endpoint("203.0.113.1", 3333),
                cluster.resolve(InetAddress.getByName("203.0.113.1"), 3333).advertise());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> cluster.resolve(null, 3333));
        assertTrue(missing.getMessage().contains("--advertise"), missing.getMessage());
        assertTrue(cluster.resolve(InetAddress.getByName("203.0.113.1"), 3333).nodeId().endsWith("-3333"),
                "the default node id is HOSTNAME-PORT");
    }

    @Test
    void mistakesAreRefusedWithAMessage() {
        assertMessage("--node-id, --advertise and --node-ttl need --cluster", "--node-id", "a");
        assertMessage("redis://HOST:PORT", "--cluster", "http://h:6379");
        assertMessage("--node-id", "--cluster", "redis://h:1", "--node-id", "a b");
        assertMessage("--node-ttl", "--cluster", "redis://h:1", "--node-ttl", "0.5");
        assertMessage("--advertise must be an address clients can reach", "--cluster", "redis://h:1", "--advertise",
                "0.0.0.0");
        assertMessage("--metrics needs ADDRESS:PORT", "--metrics", "9333");
    }

    private static void assertMessage(String expected, String... args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServerOptions.parse(args));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
