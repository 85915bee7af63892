package punchline.client.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A friend on the console client in a process of its own (punchline.client.Main --console), so the test
 * can freeze the whole computer's side, as a laptop that sleeps or a process stopped in a debugger: a
 * frozen process neither reads nor acknowledges, and the kernel keeps what arrives until it runs again.
 */
final class ConsolePeer implements AutoCloseable {
    private final Process process;
    private final Writer input;
    final History<String> lines;

    private ConsolePeer(Process process, String name) {
        this.process = process;
        this.input = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.lines = new History<>("console peer " + name);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "console-peer-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the console client, on this test's class path, and waits until it has joined the server. */
    static ConsolePeer join(int serverPort, String name, Path configDir) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process process = new ProcessBuilder(List.of(java, "-cp", classPath, "punchline.client.Main", "--console",
                "--server", "127.0.0.1:" + serverPort, "--name", name, "--config-dir", configDir.toString()))
                .redirectErrorStream(true).start();
        ConsolePeer peer = new ConsolePeer(process, name);
        peer.awaitLine(line -> line.startsWith("Joined room "));
        return peer;
    }

    String awaitLine(Predicate<String> match) {
        return lines.await(String.class, match);
    }

    void command(String line) throws IOException {
        input.write(line + "\n");
        input.flush();
    }

    /** Stops every thread of the process (SIGSTOP): it reads nothing and answers nothing until {@link #thaw}. */
    void freeze() throws Exception {
        signal("-STOP");
    }

    void thaw() throws Exception {
        signal("-CONT");
    }

    /** Ends the process at once (SIGKILL), frozen or not: no goodbye, the kernel drops its connections. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    private void signal(String which) throws Exception {
        if (!process.isAlive()) {
            throw new IllegalStateException("the console peer has ended (exit " + process.exitValue() + ")");
        }
        // bash's own kill: no procps needed; the pid is our child's, checked alive above.
        Process kill = new ProcessBuilder("bash", "-c", "kill " + which + " " + process.pid()).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill " + which + " " + process.pid());
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            thaw(); // a stopped process would not see the signal that ends it
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
