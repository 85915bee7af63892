package punchline.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import punchline.client.net.ClientConfig;
import punchline.client.net.Identity;
import punchline.protocol.Defaults;

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
    void noArgumentsGiveWhatParsingGivesWhenNoFlagChangesAnything() {
        ClientOptions none = ClientOptions.parse();
        ClientOptions parsed = ClientOptions.parse("--local-port", "0"); // through picocli, every default kept
        assertEquals(parsed.console(), none.console());
        assertEquals(parsed.server(), none.server());
        assertEquals(parsed.name(), none.name());
        assertEquals(parsed.room(), none.room());
        assertEquals(parsed.events(), none.events());
        assertEquals(parsed.localPort(), none.localPort());
        assertEquals(parsed.punchTimeout(), none.punchTimeout());
        assertEquals(parsed.upgradeAfter(), none.upgradeAfter());
        assertEquals(parsed.bind(), none.bind());
        assertEquals(parsed.nat(), none.nat());
        assertEquals(parsed.configDir(), none.configDir());
        assertEquals(parsed.help(), none.help());
        assertEquals(parsed.versionRequested(), none.versionRequested());
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

    static Stream<Arguments> badArguments() {
        return Stream.of(
                Arguments.of(List.of("--local-port", "x"), "--local-port needs a number from 0 to 65535, not 'x'"),
                Arguments.of(List.of("--local-port", "65536"), "--local-port needs a number from 0 to 65535, not '65536'"),
                Arguments.of(List.of("--local-port", "-1"), "--local-port needs a number from 0 to 65535, not '-1'"),
                Arguments.of(List.of("--punch-timeout", "0"), "--punch-timeout needs a number from 1 to 300, not '0'"),
                Arguments.of(List.of("--punch-timeout", "2.5"), "--punch-timeout needs a number from 1 to 300, not '2.5'"),
                Arguments.of(List.of("--upgrade-after", "3601"),
                        "--upgrade-after needs a number from 0 to 3600, not '3601'"),
                Arguments.of(List.of("--nat", "strict"), "--nat takes open, easy or symmetric, not 'strict'"),
                Arguments.of(List.of("--name", "  "), "--name must be 1 to 32 characters"),
                Arguments.of(List.of("--name", "Bob\u200b"),
                        "--name must not contain invisible or control characters (U+200B)"),
                Arguments.of(List.of("--name", "\u202eboB"),
                        "--name must not contain invisible or control characters (U+202E)"),
                Arguments.of(List.of("--name"), "--name needs a value"),
                Arguments.of(List.of("--server", "--console"), "--server needs a value"),
                Arguments.of(List.of("--events", "--log"), "--events needs a value"),
                Arguments.of(List.of("--console", "--server"), "--server needs a value"),
                Arguments.of(List.of("chat.example.org"), "unknown option: chat.example.org"),
                Arguments.of(List.of("--console", "--name", "Ann"), "--console needs --server HOST[:PORT]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badArguments")
    void aBadArgumentIsExplainedInOneLine(List<String> args, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class,
                () -> ClientOptions.parse(args.toArray(String[]::new))).getMessage());
    }

    @Test
    void aRepeatedFlagTakesItsLastValueAndCaseDoesNotMatterForNat() {
        ClientOptions o = ClientOptions.parse("--room", "a", "--room", "b", "--nat", "OPEN");
        assertEquals("b", o.room());
        assertEquals(punchline.protocol.NatType.OPEN, o.nat());
    }

    @Test
    void anArgumentStartingWithAtIsTakenAsItIsNotReadFromAFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("flags"), "--room secret");
        assertEquals("@" + file, ClientOptions.parse("--room", "@" + file).room());
        assertEquals("unknown option: @" + file, assertThrows(IllegalArgumentException.class,
                () -> ClientOptions.parse("@" + file)).getMessage());
    }

    @Test
    void helpAndVersionNeedNothingElse() {
        assertTrue(ClientOptions.parse("--console", "--help").help());
        assertTrue(ClientOptions.parse("-h").help());
        assertTrue(ClientOptions.parse("--console", "--version").versionRequested());
        assertTrue(ClientOptions.versionText().matches("punchline \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"),
                ClientOptions.versionText());
    }

    @Test
    void theHelpNamesEveryFlagWithItsDefault() {
        String usage = ClientOptions.usage();
        assertTrue(usage.startsWith("Usage: punchline [--console] [options]"), usage);
        for (String flag : List.of("--console", "--server HOST[:PORT]", "--name NAME", "--room ROOM", "--events FILE",
                "--local-port PORT", "--punch-timeout SECS", "--upgrade-after SECS", "--bind ADDRESS", "--nat TYPE",
                "--config-dir DIR", "--help", "--version")) {
            assertTrue(Pattern.compile("(?m)^ +(-[a-zA-Z], )?" + Pattern.quote(flag) + " ").matcher(usage).find(),
                    flag + " missing from\n" + usage);
        }
        assertTrue(usage.contains("default port " + Defaults.SERVER_PORT + ";"), usage);
        assertTrue(usage.contains("how long to try a direct connection (default "
                + ClientConfig.DEFAULT_PUNCH_TIMEOUT.toSeconds() + ")"), usage);
        assertTrue(usage.contains("relayed chat after this (default " + ClientConfig.DEFAULT_UPGRADE_AFTER.toSeconds()
                + ";"), usage);
        assertTrue(usage.contains("(default: lobby)"), usage);
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
