package punchline.client.net;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * The records Punchline's loggers write while a test runs (INFO and above: what lands in the log by
 * default), counted through a handler on the "punchline" logger: how many lines a flood costs.
 */
public final class LogRecords extends Handler implements AutoCloseable {
    private static final Formatter TEXT = new SimpleFormatter();
    private final Logger logger = Logger.getLogger("punchline"); // held: JUL keeps loggers weakly
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    public LogRecords() {
        setLevel(Level.INFO);
        logger.addHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
        if (isLoggable(record)) {
            records.add(record);
        }
    }

    /** Every message so far, its parameters filled in. */
    public List<String> messages() {
        return records.stream().map(TEXT::formatMessage).toList();
    }

    /** How many messages so far contain {@code text}. */
    public long count(String text) {
        return messages().stream().filter(message -> message.contains(text)).count();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
