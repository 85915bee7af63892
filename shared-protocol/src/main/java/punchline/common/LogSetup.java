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
        handler.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord record) {
                StringBuilder line = new StringBuilder()
                        .append(LocalDateTime.now().format(TIME)).append(' ')
                        .append(String.format("%-7s", record.getLevel().getName())).append(' ')
                        .append(formatMessage(record)).append('\n');
                for (Throwable t = record.getThrown(); t != null; t = t.getCause() == t ? null : t.getCause()) {
                    line.append(t == record.getThrown() ? "  " : "  caused by: ").append(t).append('\n');
                    for (StackTraceElement frame : t.getStackTrace()) {
                        line.append("      at ").append(frame).append('\n');
                    }
                }
                return line.toString();
            }
        });
        root.addHandler(handler);
    }
}
