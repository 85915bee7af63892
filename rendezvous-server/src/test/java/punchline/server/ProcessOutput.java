package punchline.server;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Reads a child process's output on a thread of its own, keeps every line, and lets a test wait for a
 * line (a latch per awaited line, with a deadline: no polling).
 */
final class ProcessOutput {
    private final String name;
    private final List<String> lines = new ArrayList<>();
    private final List<Waiter> waiters = new ArrayList<>();

    private record Waiter(Predicate<String> matches, CompletableFuture<String> found) {
    }

    private ProcessOutput(String name) {
        this.name = name;
    }

    static ProcessOutput follow(Process process, String name) {
        return follow(process.getInputStream(), name);
    }

    static ProcessOutput follow(InputStream stream, String name) {
        ProcessOutput output = new ProcessOutput(name);
        Thread reader = new Thread(() -> output.read(stream), "test-output-" + name);
        reader.setDaemon(true);
        reader.start();
        return output;
    }

    private void read(InputStream stream) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                add(line);
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    private synchronized void add(String line) {
        lines.add(line);
        waiters.removeIf(w -> w.matches.test(line) && w.found.complete(line));
    }

    /** Lines so far. */
    synchronized List<String> lines() {
        return new ArrayList<>(lines);
    }

    /** Waits for a line (already there, or to come) containing {@code text}; returns it. */
    String await(String text, long timeoutSeconds) {
        return await(line -> line.contains(text), text, 0, timeoutSeconds);
    }

    /** Waits for a line from index {@code from} on that {@code matches}. */
    String await(Predicate<String> matches, String what, int from, long timeoutSeconds) {
        CompletableFuture<String> found = new CompletableFuture<>();
        synchronized (this) {
            for (String line : lines.subList(Math.min(from, lines.size()), lines.size())) {
                if (matches.test(line)) {
                    return line;
                }
            }
            waiters.add(new Waiter(matches, found));
        }
        try {
            return found.get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return fail(name + " printed no '" + what + "' within " + timeoutSeconds + " s; its output:\n"
                    + String.join("\n", lines()));
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    synchronized int size() {
        return lines.size();
    }
}
