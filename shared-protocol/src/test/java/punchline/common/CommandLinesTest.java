package punchline.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import punchline.common.CommandLines.Range;

/** The rules both programs' command lines share, on a command of three flags. */
class CommandLinesTest {
    @Command(name = "sample", versionProvider = CommandLines.Version.class,
            defaultValueProvider = CommandLines.Defaults.class)
    static final class Sample {
        @Option(names = "--count", paramLabel = "N", description = "how many")
        @Range(min = 1, max = 9)
        int count = 3;

        @Option(names = "--wait", paramLabel = "SECONDS", converter = CommandLines.Seconds.class,
                description = "how long (default ${DEFAULT-VALUE})")
        Duration wait = Duration.ofMillis(1500);

        @Option(names = "--label", paramLabel = "TEXT", description = "a label")
        String label;
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of(List.of("--count", "x"), "--count needs a number from 1 to 9, not 'x'"),
                Arguments.of(List.of("--count", "10"), "--count needs a number from 1 to 9, not '10'"),
                Arguments.of(List.of("--count"), "--count needs a value"),
                Arguments.of(List.of("--count", "--label"), "--count needs a value"),
                Arguments.of(List.of("--label", "--count"), "--label needs a value"),
                Arguments.of(List.of("--label", "--other"), "--label needs a value"),
                Arguments.of(List.of("--wait", "soon"), "--wait needs a number of seconds, not 'soon'"),
                Arguments.of(List.of("--colour"), "unknown option: --colour"),
                Arguments.of(List.of("stray"), "unknown option: stray"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void aMistakeIsOneLineNamingTheFlag(List<String> args, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class,
                () -> CommandLines.parse(new Sample(), args.toArray(String[]::new))).getMessage());
    }

    @Test
    void valuesParseAndTheLastOfARepeatedFlagWins() {
        Sample sample = new Sample();
        CommandLines.parse(sample, "--count", "2", "--count", "9", "--wait", "0.25", "--label", "-x");
        assertEquals(9, sample.count);
        assertEquals(Duration.ofMillis(250), sample.wait);
        assertEquals("-x", sample.label, "one dash is a value; two dashes mean a forgotten one");
    }

    @Test
    void theHelpShowsDurationsInSecondsAndTheVersionIsTheBuilds() {
        assertTrue(CommandLines.usage(new Sample()).contains("how long (default 1.5)"),
                CommandLines.usage(new Sample()));
        assertTrue(CommandLines.version(new Sample()).matches("sample \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"),
                CommandLines.version(new Sample()));
    }
}
