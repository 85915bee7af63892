package punchline.common;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.Format;
import java.text.MessageFormat;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One-line log records on standard error (journald adds its own timestamps, terminals want them):
 * {@code 2026-11-25 14:20:01 INFO  message}. {@code PUNCHLINE_LOG=debug} shows per-client events.
 * Numbers print as they are ("port 43333"), not as {@link MessageFormat}'s locale-grouped "43,333".
 * Whatever a record carries is escaped here ({@link LineFormatter}), so no call site can log remote text
 * raw; events others can repeat at will go through a {@link LogLimiter}.
 */
public final class LogSetup {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private LogSetup() {
    }

    public static void configure() {
        if (System.getProperty("java.util.logging.config.file") != null) {
            return;
        }
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        Level level = "debug".equalsIgnoreCase(System.getenv("PUNCHLINE_LOG")) ? Level.FINE : Level.INFO;
        root.setLevel(level);
        // ConsoleHandler writes to System.err and flushes every record. (Replacing its stream with
        // setOutputStream would close System.err first, and with it file descriptor 2.)
        Handler handler = new ConsoleHandler();
        handler.setLevel(level);
        handler.setFormatter(new LineFormatter());
        root.addHandler(handler);
    }

    /**
     * One line per record, whatever its text: the message and an exception's text pass through
     * {@link SafeText#line}, so nothing a peer or client sent (in a name, an error, a reason) can end the
     * line, forge one of ours or reach the terminal as an escape sequence. A stack trace follows on lines
     * of its own, each indented.
     */
    static final class LineFormatter extends Formatter {
        @Override
        public String format(LogRecord record) {
            StringBuilder line = new StringBuilder()
                    .append(LocalDateTime.now().format(TIME)).append(' ')
                    .append(String.format("%-7s", record.getLevel().getName())).append(' ')
                    .append(SafeText.line(message(record))).append('\n');
            for (Throwable t = record.getThrown(); t != null; t = t.getCause() == t ? null : t.getCause()) {
                line.append(t == record.getThrown() ? "  " : "  caused by: ").append(SafeText.line(t.toString()))
                        .append('\n');
                for (StackTraceElement frame : t.getStackTrace()) {
                    line.append("      at ").append(frame).append('\n');
                }
            }
            return line.toString();
        }
    }

    /** The record's message with its parameters filled in; a number as digits, without grouping. */
    static String message(LogRecord record) {
        String pattern = record.getMessage();
        if (pattern == null) {
            return "";
        }
        if (record.getResourceBundle() != null) {
            try {
                pattern = record.getResourceBundle().getString(pattern);
            } catch (MissingResourceException e) {
                // the key itself is the message
            }
        }
        Object[] parameters = record.getParameters();
        // As java.util.logging.Formatter does: only a pattern with a {0}..{3} is a MessageFormat pattern.
        if (parameters == null || parameters.length == 0 || !(pattern.contains("{0") || pattern.contains("{1")
                || pattern.contains("{2") || pattern.contains("{3"))) {
            return pattern;
        }
        try {
            MessageFormat format = new MessageFormat(pattern, Locale.ROOT);
            Format[] given = format.getFormatsByArgumentIndex();
            for (int i = 0; i < given.length && i < parameters.length; i++) {
                if (given[i] == null && parameters[i] instanceof Number) {
                    format.setFormatByArgumentIndex(i, plainNumber());
                }
            }
            return format.format(parameters);
        } catch (IllegalArgumentException e) {
            return pattern; // not a valid pattern after all: the text as written
        }
    }

    /** Digits without grouping, up to three decimals (what MessageFormat shows of a fraction). */
    private static Format plainNumber() {
        DecimalFormat format = new DecimalFormat("0.###", DecimalFormatSymbols.getInstance(Locale.ROOT));
        format.setGroupingUsed(false);
        return format;
    }
}
