package punchline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import punchline.protocol.ClientMessage.Hello;
import punchline.protocol.ProtocolVersion;

/**
 * A server without --cluster and --metrics (the desktop app's embedded one, most installs) loads no
 * class of the Redis client, Netty or Micrometer: they cost nothing where they are not used.
 */
class StandaloneFootprintTest {
    @Test
    void aStandaloneServerLoadsNothingOfRedisNettyOrMicrometer() {
        try (NodeProcess server = NodeProcess.start("standalone", List.of("-Xlog:class+load=info"), List.of());
             RawClient ann = RawClient.connect(server.address());
             RawClient bob = RawClient.connect(server.address())) {
            ann.register(new Hello(ProtocolVersion.CURRENT, "Ann", "lobby", List.of(ann.localEndpoint())));
            bob.register(new Hello(ProtocolVersion.CURRENT, "Bob", "lobby", List.of(bob.localEndpoint())));
            ann.expect(punchline.protocol.ServerMessage.UserJoined.class);
            ann.sync();
            server.stop();
            List<String> loaded = server.out().lines();
            assertTrue(loaded.stream().anyMatch(l -> l.contains("punchline.server.LocalLobby ")),
                    "the class-load log is there to read");
            assertEquals(List.of(), loaded.stream().filter(l -> l.matches(".*\\b(io\\.lettuce|io\\.netty|io\\.micrometer"
                    + "|io\\.prometheus|reactor\\.core|punchline\\.server\\.cluster|punchline\\.server\\.Cluster)\\..*"))
                    .toList());
        }
    }
}
