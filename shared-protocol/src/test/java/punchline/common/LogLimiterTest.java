package punchline.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.text.MessageFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** An event repeated without end costs at most two log lines per interval: the first, then a count. */
class LogLimiterTest {
    private static final long SECOND = 1_000_000_000L;

    /** A logger that keeps what it is given. */
    private static final class Recorded implements Logger {
        final List<String> lines = new ArrayList<>();

        @Override
        public String getName() {
            return "recorded";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
            lines.add(level + " " + message);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... parameters) {
            lines.add(level + " " + MessageFormat.format(format, parameters));
        }

        @Override
        public void log(Level level, Supplier<String> message) {
            lines.add(level + " " + message.get());
        }
    }

    @Test
    void theFirstEventIsLoggedTheRestCountedAndTheCountLoggedOnceTheIntervalIsOver() {
        Recorded log = new Recorded();
        LogLimiter limiter = new LogLimiter(log, Level.INFO, "refused connections", Duration.ofSeconds(60));
        for (int i = 0; i < 8_284; i++) {
            limiter.log(i * 1_000L, "refused {0}", "10.0.0." + i % 256);
        }
        assertEquals(List.of("INFO refused 10.0.0.0"), log.lines);

        limiter.flush(59 * SECOND);
        assertEquals(1, log.lines.size(), "the interval is not over yet");
        limiter.flush(60 * SECOND);
        assertEquals(List.of("INFO refused 10.0.0.0", "INFO refused connections: 8283 more in the last 60 s"),
                log.lines);

        limiter.log(61 * SECOND, "refused {0}", "10.0.0.1");
        limiter.log(200 * SECOND, "refused {0}", "10.0.0.2");
        assertEquals(List.of("INFO refused 10.0.0.0", "INFO refused connections: 8283 more in the last 60 s",
                "INFO refused 10.0.0.1", "INFO refused 10.0.0.2"), log.lines, "a quiet interval says nothing");
    }
}
