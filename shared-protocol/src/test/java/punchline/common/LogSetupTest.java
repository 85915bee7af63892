package punchline.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** What a log line says: ports and counts as digits, as an operator greps for them. */
class LogSetupTest {

    private static String formatted(String pattern, Object... parameters) {
        LogRecord record = new LogRecord(Level.INFO, pattern);
        record.setParameters(parameters);
        return LogSetup.message(record);
    }

    @Test
    void numbersAreNotGrouped() {
        assertEquals("listening on port 43333, 15000 clients, 1234567890123 bytes",
                formatted("listening on port {0}, {1} clients, {2} bytes", 43_333, 15_000, 1_234_567_890_123L));
        assertEquals("took 1234.5 ms", formatted("took {0} ms", 1234.5));
    }

    @Test
    void explicitFormatsTextAndPlainMessagesStayAsWritten() {
        assertEquals("ratio 3.14", formatted("ratio {0,number,0.00}", 3.14159));
        assertEquals("hello Ann at 127.0.0.1:43333", formatted("hello {0} at {1}", "Ann", "127.0.0.1:43333"));
        assertEquals("no parameters {here}", formatted("no parameters {here}"));
        assertEquals("a broken {0 pattern", formatted("a broken {0 pattern", 1));
    }
}
