package punchline.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import punchline.client.console.ConsoleClient;
import punchline.client.console.EventJournal;
import punchline.client.net.ClientConfig;
import punchline.client.net.ServerAddresses;
import punchline.client.net.ClientCore;
import punchline.client.net.Identity;
import punchline.client.ui.DesktopLauncher;
import punchline.common.LogSetup;

/**
 * Entry point of punchline.jar: {@code --console} runs the headless client; otherwise the desktop app.
 * This class must not touch JavaFX, so the console runs where there is no display.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        LogSetup.configure();
        ClientOptions options;
        try {
            options = ClientOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("punchline: " + e.getMessage());
            System.err.println("Try --help.");
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(ClientOptions.usage());
            return;
        }
        if (options.console()) {
            System.exit(runConsole(options));
        }
        // Loaded only here, so the console never loads JavaFX. No System.exit after a normal run: the app's
        // shutdown thread is still closing connections, and the JVM ends when it is done.
        int status = DesktopLauncher.launch(args);
        if (status != 0) {
            System.exit(status);
        }
    }

    private static int runConsole(ClientOptions options) {
        ClientConfig config;
        Identity identity;
        try {
            identity = Identity.loadOrCreate(options.configDir());
        } catch (IOException e) {
            System.err.println("punchline: cannot keep your identity in " + options.configDir() + ": " + e.getMessage());
            return 1;
        }
        try {
            ClientConfig.Builder builder = ClientConfig.builder(ServerAddresses.parse(options.server()),
                    options.effectiveName()).localPort(options.localPort()).punchDeadline(options.punchTimeout())
                    .identity(identity).configDir(options.configDir()).natOverride(options.nat())
                    .localAddress(options.bind()).upgradeAfter(options.upgradeAfter());
            if (options.room() != null) {
                builder.room(options.room());
            }
            config = builder.build();
        } catch (IllegalArgumentException e) {
            System.err.println("punchline: " + e.getMessage());
            return 2;
        }
        EventJournal journal = null;
        ClientCore core = new ClientCore(config);
        try {
            if (options.events() != null) {
                journal = new EventJournal(options.events());
            }
            ConsoleClient console = new ConsoleClient(core, System.out, journal);
            core.start();
            System.out.println("Connecting to " + options.server() + " as " + config.name() + " (local port "
                    + core.localPort() + ")...");
            System.out.println("Your fingerprint: " + Identity.shortForm(identity.fingerprint())
                    + "  (peers see it when you connect)");
            Thread hook = new Thread(core::stop, "punchline-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            console.run(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
            core.stop();
            return 0;
        } catch (IOException e) {
            System.err.println("punchline: " + e.getMessage());
            return 1;
        } finally {
            core.stop();
            if (journal != null) {
                try {
                    journal.close();
                } catch (IOException ignored) {
                    // the process is ending
                }
            }
        }
    }
}
