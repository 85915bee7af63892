package punchline.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import punchline.client.net.ClientConfig;
import punchline.client.net.Identity;

class ClientOptionsTest {
    @Test
    void theDocumentedFlagsParse() {
        ClientOptions o = ClientOptions.parse("--console", "--server", "203.0.113.1:4000", "--name", " Ann ",
                "--events", "/tmp/e.jsonl", "--room", "friends", "--local-port", "40000", "--punch-timeout", "5",
                "--nat", "symmetric", "--bind", "127.0.0.2", "--config-dir", "/tmp/pl");
        assertTrue(o.console());
        assertEquals("203.0.113.1:4000", o.server());
        assertEquals("Ann", o.effectiveName());
        assertEquals(Path.of("/tmp/e.jsonl"), o.events());
        assertEquals("friends", o.room());
        assertEquals(40000, o.localPort());
        assertEquals(Duration.ofSeconds(5), o.punchTimeout());
        assertEquals(punchline.protocol.NatType.SYMMETRIC, o.nat());
        assertEquals("127.0.0.2", o.bind().getHostAddress());
        assertEquals(Path.of("/tmp/pl"), o.configDir());
    }

    @Test
    void theConfigCarriesEveryFlagThatTunesTheConnection() {
        Identity identity = Identity.generate();
        ClientConfig config = ClientOptions.parse("--console", "--server", "[::1]:4000", "--room", "friends",
                        "--local-port", "40000", "--punch-timeout", "5", "--upgrade-after", "0", "--nat", "easy",
                        "--bind", "127.0.0.2")
                .toConfig("[::1]:4000", "Ann", identity, Path.of("/tmp/pl"));
        assertEquals("::1", config.serverHost());
        assertEquals(4000, config.serverPort());
        assertEquals("Ann", config.name());
        assertEquals("friends", config.room());
        assertEquals(40000, config.localPort());
        assertEquals(Duration.ofSeconds(5), config.punchTimeout());
        assertEquals(Duration.ZERO, config.upgradeAfter());
        assertEquals(punchline.protocol.NatType.EASY, config.natOverride());
        assertEquals("127.0.0.2", config.localAddress().getHostAddress());
        assertEquals(identity, config.identity());
        assertEquals(Path.of("/tmp/pl"), config.configDir());
    }

    @Test
    void withoutFlagsTheConfigHasTheDefaults() {
        ClientConfig config = ClientOptions.parse().toConfig("example.org", "Ann", Identity.generate(), null);
        ClientConfig defaults = ClientConfig.builder("example.org", 3333, "Ann").build();
        assertEquals(defaults.room(), config.room());
        assertEquals(defaults.localPort(), config.localPort());
        assertEquals(defaults.punchTimeout(), config.punchTimeout());
        assertEquals(defaults.upgradeAfter(), config.upgradeAfter());
        assertEquals(3333, config.serverPort());
    }

    @Test
    void mistakesAreExplained() {
        assertEquals("--console needs --server HOST[:PORT]",
                assertThrows(IllegalArgumentException.class, () -> ClientOptions.parse("--console")).getMessage());
        assertEquals("unknown option: --colour",
                assertThrows(IllegalArgumentException.class, () -> ClientOptions.parse("--colour")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ClientOptions.parse("--local-port", "http")).getMessage().contains("--local-port needs a number"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ClientOptions.parse("--name", "x".repeat(40))).getMessage().contains("--name"));
        assertTrue(ClientOptions.usage().contains("--events FILE"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ClientOptions.parse("--nat", "strict")).getMessage().contains("open, easy or symmetric"));
    }

    @Test
    void settingsLiveUnderXdgConfigHomeOrDotConfig() {
        assertEquals(Path.of("/x/cfg/punchline"), ClientOptions.configDir(Map.of("XDG_CONFIG_HOME", "/x/cfg"),
                "/home/ann"));
        assertEquals(Path.of("/home/ann/.config/punchline"), ClientOptions.configDir(Map.of(), "/home/ann"));
        assertEquals(Path.of("/home/ann/.config/punchline"), ClientOptions.configDir(Map.of("XDG_CONFIG_HOME", ""),
                "/home/ann"));
        // The XDG spec: a relative path is invalid and ignored.
        assertEquals(Path.of("/home/ann/.config/punchline"), ClientOptions.configDir(
                Map.of("XDG_CONFIG_HOME", "relative/cfg"), "/home/ann"));
    }

    @Test
    void serverAddressesSplitIntoHostAndPort() {
        assertArrayEquals(new String[] {"example.org", "3333"}, ClientConfig.splitServerAddress("example.org"));
        assertArrayEquals(new String[] {"203.0.113.1", "4000"}, ClientConfig.splitServerAddress(" 203.0.113.1:4000 "));
        assertArrayEquals(new String[] {"::1", "4000"}, ClientConfig.splitServerAddress("[::1]:4000"));
        assertThrows(IllegalArgumentException.class, () -> ClientConfig.splitServerAddress("host:99999"));
        assertThrows(IllegalArgumentException.class, () -> ClientConfig.splitServerAddress(":4000"));
        assertThrows(IllegalArgumentException.class, () -> ClientConfig.splitServerAddress(""));
    }
}
