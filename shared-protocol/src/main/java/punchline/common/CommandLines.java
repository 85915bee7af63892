package punchline.common;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Field;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * What both programs' command lines share: picocli parses the flags their {@code @Command} classes declare;
 * this turns its errors into one line for people ("--local-port needs a number from 0 to 65535, not 'x'"),
 * keeps the rules the hand-written parsers had (a value starting with "--" is a missing value; a repeated
 * flag's last value wins; an argument is what it says, never "@file" read from disk) and prints help and
 * version without colours.
 */
public final class CommandLines {
    /** picocli's narrowest column for long flags and their values. */
    private static final int MIN_LONG_OPTIONS_WIDTH = 20;
    private static final String CONVERTER_EXCLUDES = "picocli.converters.excludes";

    static {
        // picocli registers converters for java.sql and java.time types by reflection on every new CommandLine,
        // which loads (and initialises) about 400 JDK classes, DriverManager and the time-zone rules among them:
        // several times the cost of the parsing. No flag has such a type (durations use Seconds), so skip them.
        if (System.getProperty(CONVERTER_EXCLUDES) == null) {
            System.setProperty(CONVERTER_EXCLUDES, "java\\.sql\\..*,java\\.time\\..*");
        }
    }

    private CommandLines() {
    }

    /**
     * Parses {@code args} into {@code command}, an instance of a {@code @Command} class.
     *
     * @throws IllegalArgumentException with a one-line message naming the flag
     */
    public static ParseResult parse(Object command, String... args) {
        CommandLine commandLine = new CommandLine(command)
                .setOverwrittenOptionsAllowed(true)
                .setExpandAtFiles(false); // "--name @ann" is a name, never the contents of a file called ann
        ParseResult result;
        try {
            result = commandLine.parseArgs(args);
        } catch (ParameterException e) {
            throw new IllegalArgumentException(message(e), e);
        }
        for (OptionSpec option : result.matchedOptions()) {
            checkValues(option);
        }
        return result;
    }

    /** The help, as {@code --help} prints it: each flag and its value on one line, however long. */
    public static String usage(Object command) {
        CommandLine commandLine = new CommandLine(command);
        int widest = commandLine.getCommandSpec().options().stream()
                .mapToInt(option -> option.longestName().length()
                        + (option.arity().max() > 0 ? 1 + option.paramLabel().length() : 0))
                .max().orElse(0);
        return commandLine.setUsageHelpLongOptionsMaxWidth(Math.max(MIN_LONG_OPTIONS_WIDTH, widest))
                .getUsageMessage(Help.Ansi.OFF).stripTrailing();
    }

    /** The version, as {@code --version} prints it: the program's name and the build's version. */
    public static String version(Object command) {
        return String.join("\n", new CommandLine(command).getCommandSpec().version());
    }

    private static void checkValues(OptionSpec option) {
        for (String text : option.originalStringValues()) {
            if (text.startsWith("--")) { // a forgotten value, not a name that starts with two dashes
                throw new IllegalArgumentException(option.longestName() + " needs a value");
            }
        }
        Range range = range(option);
        if (range != null) {
            long value = ((Number) option.getValue()).longValue();
            if (value < range.min() || value > range.max()) {
                throw new IllegalArgumentException(rangeMessage(option, range, String.valueOf(value)));
            }
        }
    }

    private static String message(ParameterException e) {
        if (e instanceof MissingParameterException missing && !missing.getMissing().isEmpty()
                && missing.getMissing().get(0) instanceof OptionSpec option) {
            return option.longestName() + " needs a value";
        }
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            return "unknown option: " + unmatched.getUnmatched().get(0);
        }
        if (e.getArgSpec() instanceof OptionSpec option && e.getValue() != null) {
            if (e.getValue().startsWith("--")) {
                return option.longestName() + " needs a value";
            }
            Range range = range(option);
            if (range != null) {
                return rangeMessage(option, range, e.getValue());
            }
            Class<?> type = option.type();
            if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
                return option.longestName() + " needs a whole number, not '" + e.getValue() + "'";
            }
            if (e.getCause() instanceof TypeConversionException conversion) {
                return option.longestName() + " " + conversion.getMessage();
            }
        }
        return e.getMessage();
    }

    private static String rangeMessage(OptionSpec option, Range range, String value) {
        return option.longestName() + " needs a number from " + range.min() + " to " + range.max() + ", not '"
                + value + "'";
    }

    private static Range range(OptionSpec option) {
        return option.userObject() instanceof Field field ? field.getAnnotation(Range.class) : null;
    }

    /** The values a whole-number flag takes: checked after parsing, and named when a value is no number. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Range {
        long min();

        long max();
    }

    /** A number of seconds, with a fraction if need be ("2.5"). */
    public static final class Seconds implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            try {
                return Duration.ofMillis(Math.round(Double.parseDouble(text) * 1000));
            } catch (NumberFormatException e) {
                throw new TypeConversionException("needs a number of seconds, not '" + text + "'");
            }
        }

        static String format(Duration value) {
            return BigDecimal.valueOf(value.toMillis(), 3).stripTrailingZeros().toPlainString();
        }
    }

    /** An IP address or a host name that resolves. */
    public static final class Address implements ITypeConverter<InetAddress> {
        @Override
        public InetAddress convert(String text) {
            if (text.startsWith("-")) { // no host name starts so: a forgotten value, not worth a DNS query
                throw new TypeConversionException("needs a known address, not '" + text + "'");
            }
            try {
                return InetAddress.getByName(text);
            } catch (UnknownHostException e) {
                throw new TypeConversionException("needs a known address, not '" + text + "'");
            }
        }
    }

    /**
     * Shows each flag's default as people type it: a duration's initial value in seconds ("15", not
     * "PT15S"); every other flag keeps its field's initial value.
     */
    public static final class Defaults implements IDefaultValueProvider {
        @Override
        public String defaultValue(ArgSpec argument) {
            return argument.initialValue() instanceof Duration duration ? Seconds.format(duration) : null;
        }
    }

    /** "punchline 0.1.0": the command's name and the version the build wrote into version.properties. */
    public static final class Version implements IVersionProvider {
        @Spec
        CommandSpec spec;

        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = CommandLines.class.getResourceAsStream("version.properties")) {
                if (in == null) {
                    throw new IOException("version.properties is missing from the build");
                }
                properties.load(in);
            }
            return new String[] {spec.name() + " " + properties.getProperty("version", "unknown")};
        }
    }
}
