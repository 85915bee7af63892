package punchline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import punchline.protocol.Defaults;

/** The command line: every flag, and a message for people when a value is wrong. */
class ServerOptionsTest {

    @Test
    void noArgumentsGiveTheDefaults() {
        ServerOptions options = ServerOptions.parse();
        // From the command line the identity always has a file (in code, null means a fresh one per start).
        assertEquals(ServerOptions.defaults().toBuilder().identityFile(ServerIdentity.defaultDataDir(System.getenv(),
                System.getProperty("user.home")).resolve(ServerIdentity.FILE_NAME)).build(), options);
        assertEquals(Defaults.SERVER_PORT, options.port());
        assertNull(options.bindAddress(), "every address");
        assertTrue(options.console());
        assertTrue(options.idleTimeout().compareTo(options.heartbeatInterval()) > 0);
    }

    @Test
    void theIdentityFileIsGivenOrInTheDataFolder() {
        assertEquals(java.nio.file.Path.of("/srv/pl/id.p12"), ServerOptions.parse("--identity", "/srv/pl/id.p12")
                .identityFile());
        assertEquals(java.nio.file.Path.of("/srv/pl", ServerIdentity.FILE_NAME), ServerOptions.parse("--data-dir",
                "/srv/pl").identityFile());
        assertTrue(ServerOptions.usage().contains("--data-dir DIR"));
    }

    @Test
    void everyFlagIsParsed() {
        ServerOptions options = ServerOptions.parse("--port", "4444", "--bind", "127.0.0.1", "--max-clients", "10",
                "--max-room-size", "5", "--heartbeat", "2", "--idle-timeout", "9", "--hello-timeout", "3",
                "--request-timeout", "30", "--requests-per-minute", "12", "--no-console");

        assertEquals(4444, options.port());
        assertEquals(Loopback.LOCALHOST.getHostAddress(), options.bindAddress().getHostAddress());
        assertEquals(10, options.maxClients());
        assertEquals(5, options.maxRoomSize());
        assertEquals(Duration.ofSeconds(2), options.heartbeatInterval());
        assertEquals(Duration.ofSeconds(9), options.idleTimeout());
        assertEquals(Duration.ofSeconds(3), options.helloTimeout());
        assertEquals(Duration.ofSeconds(30), options.requestTimeout());
        assertEquals(12, options.requestsPerMinute());
        assertEquals(ServerOptions.defaults().requestBurst(), options.requestBurst());
        assertFalse(options.console());
    }

    @Test
    void secondsMayHaveAFraction() {
        assertEquals(Duration.ofMillis(2500), ServerOptions.parse("--hello-timeout", "2.5").helloTimeout());
    }

    @Test
    void theHeartbeatAloneSetsAMatchingIdleTimeoutButAGivenOneWinsInAnyOrder() {
        assertEquals(Duration.ofSeconds(10), ServerOptions.parse("--heartbeat", "3").idleTimeout());
        assertEquals(Duration.ofSeconds(20),
                ServerOptions.parse("--heartbeat", "3", "--idle-timeout", "20").idleTimeout());
        assertEquals(Duration.ofSeconds(20),
                ServerOptions.parse("--idle-timeout", "20", "--heartbeat", "3").idleTimeout());
    }

    @Test
    void theProbePortIsTheOneAfterTheMainPortUnlessGivenOrOff() {
        assertEquals(Defaults.SERVER_PORT + 1, ServerOptions.parse().probePort());
        assertEquals(4445, ServerOptions.parse("--port", "4444").probePort());
        assertEquals(0, ServerOptions.parse("--port", "0").probePort(), "any free port, like the main port");
        assertEquals(ServerOptions.NO_PROBE, ServerOptions.parse("--port", "65535").probePort(), "no port after it");
        assertEquals(5000, ServerOptions.parse("--port", "4444", "--probe-port", "5000").probePort());
        assertTrue(ServerOptions.parse().probeEnabled());
        assertFalse(ServerOptions.parse("--no-probe").probeEnabled());
    }

    @Test
    void theRelayFlagsAreParsed() {
        assertEquals(RelayOptions.defaults(), ServerOptions.parse().relay());
        assertTrue(ServerOptions.parse().relay().enabled());
        assertFalse(ServerOptions.parse("--no-relay").relay().enabled());
        RelayOptions relay = ServerOptions.parse("--max-relays", "3", "--relay-rate", "16", "--relay-max-mib", "2",
                "--relay-idle", "5").relay();
        assertEquals(new RelayOptions(true, 3, 16 * 1024, 2 * 1024 * 1024, Duration.ofSeconds(5),
                RelayOptions.defaults().waitTimeout()), relay);
        assertEquals(RelayOptions.defaults().withShares(2, 1),
                ServerOptions.parse("--max-relays-per-address", "2", "--max-relays-per-user", "1").relay());
    }

    @Test
    void theFloodLimitFlagsAreParsed() {
        assertEquals(FloodLimits.defaults(), ServerOptions.parse().floodLimits());
        assertEquals(new FloodLimits(24, 48, 5, 30, 2, 7), ServerOptions.parse("--ipv4-prefix", "24", "--ipv6-prefix",
                "48", "--connections-per-second", "5", "--joins-per-minute", "30", "--room-joins-per-second", "2",
                "--max-requests-per-target", "7").floodLimits());
    }

    static Stream<Arguments> badArguments() {
        return Stream.of(
                Arguments.of(List.of("--port", "abc"), "--port needs a whole number, not 'abc'"),
                Arguments.of(List.of("--port", "70000"), "--port must be 0..65535"),
                Arguments.of(List.of("--port", "-1"), "--port must be 0..65535"),
                Arguments.of(List.of("--port"), "--port needs a value"),
                Arguments.of(List.of("--port", "--no-console"), "--port needs a value"),
                Arguments.of(List.of("--max-clients", "0"), "--max-clients must be positive"),
                Arguments.of(List.of("--max-room-size", "-3"), "--max-room-size must be positive"),
                Arguments.of(List.of("--heartbeat", "soon"), "--heartbeat needs a number of seconds, not 'soon'"),
                Arguments.of(List.of("--heartbeat", "0"), "--heartbeat must be positive"),
                Arguments.of(List.of("--heartbeat", "NaN"), "--heartbeat must be positive"),
                Arguments.of(List.of("--hello-timeout", "-1"), "--hello-timeout must be positive"),
                Arguments.of(List.of("--request-timeout", "0"), "--request-timeout must be positive"),
                Arguments.of(List.of("--requests-per-minute", "0"), "--requests-per-minute must be positive"),
                Arguments.of(List.of("--requests-per-minute", "1.5"),
                        "--requests-per-minute needs a whole number, not '1.5'"),
                Arguments.of(List.of("--idle-timeout", "5", "--heartbeat", "10"),
                        "--idle-timeout must be longer than --heartbeat"),
                Arguments.of(List.of("--request-timeout", "1e300"), "--request-timeout must be at most 7 days"),
                Arguments.of(List.of("--hello-timeout", "Infinity"), "--hello-timeout must be at most 7 days"),
                Arguments.of(List.of("--heartbeat", "60", "--idle-timeout", "1e10"),
                        "--idle-timeout must be at most 7 days"),
                Arguments.of(List.of("--probe-port", "3333"), "--probe-port must differ from --port"),
                Arguments.of(List.of("--probe-port", "65536"), "--probe-port must be 0..65535"),
                Arguments.of(List.of("--max-relays", "0"),
                        "--max-relays must be positive and relay byte limits at least 1 KiB"),
                Arguments.of(List.of("--relay-rate", "0"),
                        "--max-relays must be positive and relay byte limits at least 1 KiB"),
                Arguments.of(List.of("--relay-idle", "0"), "relay timeouts must be positive"),
                Arguments.of(List.of("--relay-rate", "fast"), "--relay-rate needs a whole number, not 'fast'"),
                Arguments.of(List.of("--ipv6-prefix", "0"), "--ipv6-prefix must be 1..128"),
                Arguments.of(List.of("--ipv4-prefix", "33"), "--ipv4-prefix must be 1..32"),
                Arguments.of(List.of("--connections-per-second", "-1"), "rates must be 0 (no limit) or more"),
                Arguments.of(List.of("--max-requests-per-target", "0"), "--max-requests-per-target must be positive"),
                Arguments.of(List.of("--max-relays-per-user", "0"),
                        "--max-relays-per-address and --max-relays-per-user must be positive"),
                Arguments.of(List.of("--bind", "--no-console"), "--bind needs a value"),
                Arguments.of(List.of("--bind", "--anywhere"), "--bind needs a value"),
                Arguments.of(List.of("stray"), "unknown option: stray"),
                Arguments.of(List.of("--verbose"), "unknown option: --verbose"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badArguments")
    void aBadArgumentIsExplained(List<String> args, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerOptions.parse(args.toArray(String[]::new)));
        assertEquals(message, e.getMessage());
    }

    @Test
    void usageNamesEveryOptionItsDefaultAndTheConsoleCommands() {
        String usage = ServerOptions.usage();
        for (String flag : List.of("--port", "--bind", "--max-clients", "--max-room-size", "--heartbeat",
                "--idle-timeout", "--hello-timeout", "--request-timeout", "--requests-per-minute", "--no-console",
                "--probe-port", "--no-probe", "--no-relay", "--max-relays", "--relay-rate", "--relay-max-mib",
                "--relay-idle", "--connections-per-second", "--ipv4-prefix", "--ipv6-prefix",
                "--room-joins-per-second", "--joins-per-minute", "--max-requests-per-target",
                "--max-relays-per-address", "--max-relays-per-user", "--help", "--version")) {
            // a line of its own, maybe after the short form ("  -h, --help")
            assertTrue(Pattern.compile("(?m)^ +(-[a-zA-Z], )?" + flag + " ").matcher(usage).find(),
                    flag + " missing from\n" + usage);
        }
        assertTrue(usage.contains("(default " + Defaults.SERVER_PORT + ")"), usage);
        assertTrue(usage.contains("(default 15)"), "seconds as people type them, not PT15S:\n" + usage);
        assertTrue(usage.contains("(default 30, burst " + ServerOptions.DEFAULT_REQUEST_BURST + ")"), usage);
        assertTrue(usage.endsWith(ServerConsole.HELP), usage);
    }

    @Test
    void theDefaultsInTheHelpAreTheOnesTheServerUses() {
        ServerOptions d = ServerOptions.defaults();
        String usage = ServerOptions.usage();
        List<String> lines = usage.lines().toList();
        assertFlagDefault(lines, "--max-clients N", d.maxClients());
        assertFlagDefault(lines, "--max-per-address N", d.maxPerAddress());
        assertFlagDefault(lines, "--max-room-size N", d.maxRoomSize());
        assertFlagDefault(lines, "--heartbeat SECONDS", d.heartbeatInterval().toSeconds());
        assertFlagDefault(lines, "--idle-timeout SECONDS", d.idleTimeout().toSeconds());
        assertFlagDefault(lines, "--hello-timeout SECONDS", d.helloTimeout().toSeconds());
        assertFlagDefault(lines, "--request-timeout SECONDS", d.requestTimeout().toSeconds());
        assertFlagDefault(lines, "--max-relays N", d.relay().maxRelays());
        assertFlagDefault(lines, "--relay-rate KIB", d.relay().bytesPerSecond() / 1024);
        assertFlagDefault(lines, "--relay-max-mib MIB", d.relay().maxBytes() / (1024 * 1024));
        assertFlagDefault(lines, "--relay-idle SECONDS", d.relay().idleTimeout().toSeconds());
        assertFlagDefault(lines, "--max-relays-per-address N", d.relay().maxPerAddress());
        assertFlagDefault(lines, "--max-relays-per-user N", d.relay().maxPerUser());
        assertFlagDefault(lines, "--connections-per-second N", (long) d.floodLimits().connectionsPerSecond());
        assertFlagDefault(lines, "--ipv4-prefix BITS", d.floodLimits().ipv4Prefix());
        assertFlagDefault(lines, "--room-joins-per-second N", (long) d.floodLimits().roomJoinsPerSecond());
        assertFlagDefault(lines, "--joins-per-minute N", (long) d.floodLimits().joinsPerMinute());
        assertFlagDefault(lines, "--max-requests-per-target N", d.floodLimits().maxRequestsPerTarget());
        assertTrue(usage.contains("(default " + d.floodLimits().ipv6Prefix() + ": one site)"), usage);
    }

    private static void assertFlagDefault(List<String> lines, String flag, long value) {
        String line = lines.stream().filter(l -> l.strip().startsWith(flag + " ")).findFirst().orElseThrow();
        assertTrue(line.endsWith("(default " + value + ")"), line);
    }

    @Test
    void mainPrintsTheVersion() {
        String printed = capture(() -> ServerMain.main(new String[] {"--version"}));
        assertTrue(printed.matches("punchline-server \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), printed);
    }

    @Test
    void mainPrintsTheUsageForHelp() {
        assertEquals(ServerOptions.usage(), capture(() -> ServerMain.main(new String[] {"--help"})));
        assertEquals(ServerOptions.usage(), capture(() -> ServerMain.main(new String[] {"-h"})));
    }

    private static String capture(Runnable printing) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            printing.run();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8).strip();
    }
}
