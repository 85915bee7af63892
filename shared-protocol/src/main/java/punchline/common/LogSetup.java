package punchline.common;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
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
                    .append(SafeText.line(formatMessage(record))).append('\n');
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
}
