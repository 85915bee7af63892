package punchline.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import punchline.common.LogSetup;

/** {@code java -jar punchline-server.jar [options]}: the server in a terminal or as a service. */
public final class ServerMain {
    private static final System.Logger LOG = System.getLogger(ServerMain.class.getName());

    private ServerMain() {
    }

    public static void main(String[] args) {
        LogSetup.configure();
        ServerOptions options;
        try {
            ServerCommandLine flags = ServerCommandLine.parse(args);
            if (flags.helpRequested()) {
                System.out.println(ServerCommandLine.usage());
                return;
            }
            if (flags.versionRequested()) {
                System.out.println(ServerCommandLine.versionText());
                return;
            }
            options = flags.options();
        } catch (IllegalArgumentException e) {
            System.err.println("punchline-server: " + e.getMessage());
            System.err.println("Try --help.");
            System.exit(2);
            return;
        }
        RendezvousServer server = new RendezvousServer(options);
        try {
            server.start();
        } catch (IOException e) {
            System.err.println("punchline-server: cannot start on port " + options.port() + ": " + e.getMessage());
            System.exit(1);
            return;
        }
        // SIGTERM (systemd stop, kill) and Ctrl-C: tell the clients and close cleanly.
        Thread shutdownHook = new Thread(server::stop, "punchline-server-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        System.out.println("Punchline server listening on port " + server.port()
                + (options.console() ? ". Type help for commands." : "."));
        System.out.println("Server certificate fingerprint (clients pin it; publish it, e.g. as --server HOST:"
                + server.port() + "#FINGERPRINT): " + server.fingerprint());
        System.out.println("Identity file: " + options.identityFile());

        if (options.console()) {
            Thread console = new Thread(() -> runConsole(server), "punchline-server-console");
            console.setDaemon(true);
            console.start();
        }
        try {
            server.awaitStop(Long.MAX_VALUE, java.util.concurrent.TimeUnit.DAYS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void runConsole(RendezvousServer server) {
        ServerConsole console = new ServerConsole(server, System.out);
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            if (console.run(in)) {
                System.out.println("Stopping.");
                server.stop();
                return;
            }
            LOG.log(Level.INFO, "standard input closed: running as a service until stopped (SIGTERM)");
        } catch (IOException e) {
            LOG.log(Level.WARNING, "console input failed: {0}; running as a service", e.getMessage());
        }
    }
}
