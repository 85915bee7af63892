package punchline.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.logging.LogManager;
import org.junit.jupiter.api.Test;

/**
 * A log record is one line on standard error, whatever text it carries (issue 12, item 2): a peer's
 * error message with a line end and a forged "SEVERE" line, or an escape sequence, cannot make more.
 */
class LogLinesTest {

    @Test
    void remoteTextCannotEndTheLineOrReachTheTerminalRaw() throws IOException {
        String hostile = "slow down\n2026-11-29 12:00:00 SEVERE  forged: the server was compromised\u001b[2J\r";
        List<String> lines = logged(log -> {
            log.log(Level.WARNING, "peer {0} reported RATE_LIMITED: {1}", "ab12cd", hostile);
            log.log(Level.WARNING, "link failed", new IOException("reset by " + hostile));
        });
        assertEquals("WARNING peer ab12cd reported RATE_LIMITED: slow down\\n2026-11-29 12:00:00 SEVERE  forged: "
                + "the server was compromised\\u001b[2J\\r", lines.get(0).substring(20));
        assertEquals("WARNING link failed", lines.get(1).substring(20));
        assertEquals("  java.io.IOException: reset by slow down\\n2026-11-29 12:00:00 SEVERE  forged: "
                + "the server was compromised\\u001b[2J\\r", lines.get(2));
        for (String line : lines.subList(3, lines.size())) {
            assertTrue(line.startsWith("      at "), "only the stack trace follows: " + line);
        }
        lines.forEach(line -> assertFalse(line.contains("\u001b") || line.contains("\r"), line));
    }

    /** What LogSetup's handler writes to standard error while {@code body} logs. */
    private static List<String> logged(java.util.function.Consumer<System.Logger> body) throws IOException {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            LogSetup.configure(); // its handler takes System.err as it is now
            body.accept(System.getLogger("punchline.test"));
        } finally {
            System.setErr(saved);
            LogManager.getLogManager().readConfiguration();
        }
        return err.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
