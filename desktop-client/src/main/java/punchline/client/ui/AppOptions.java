package punchline.client.ui;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import punchline.client.ClientOptions;
import punchline.client.net.ClientConfig;

/**
 * What the app takes from its surroundings: the command line and the environment. Tests build their
 * own, so they never touch the user's ~/.config nor the real port 3333.
 *
 * @param configDir       where settings.json, the identity and the known peers live
 * @param defaultHostPort the port of the embedded server when there are no settings yet
 * @param punchDeadline   how long a direct connection is tried before it counts as failed
 * @param run             command-line choices that override the settings for this run
 */
public record AppOptions(Path configDir, int defaultHostPort, Duration punchDeadline, RunOverrides run) {
    /** Overrides the settings folder, e.g. {@code -Dpunchline.config.dir=/tmp/alice}. */
    public static final String CONFIG_DIR_PROPERTY = "punchline.config.dir";

    public AppOptions {
        Objects.requireNonNull(configDir, "configDir");
        Objects.requireNonNull(run, "run");
    }

    /** Nothing overridden on the command line. */
    public AppOptions(Path configDir, int defaultHostPort, Duration punchDeadline) {
        this(configDir, defaultHostPort, punchDeadline, RunOverrides.NONE);
    }

    /**
     * From punchline.jar's command line (already checked by {@code Main}, so it parses): {@code --config-dir}
     * or {@code -Dpunchline.config.dir} for the folder, the rest for this run.
     */
    public static AppOptions fromCommandLine(List<String> args) {
        ClientOptions cli = ClientOptions.parse(args.toArray(String[]::new));
        String override = System.getProperty(CONFIG_DIR_PROPERTY);
        Path dir = override != null && !override.isBlank() ? Path.of(override) : cli.configDir();
        return new AppOptions(dir, ClientConfig.DEFAULT_SERVER_PORT, cli.punchTimeout(), new RunOverrides(cli.name(),
                cli.server(), cli.room(), cli.bind(), cli.nat(), cli.localPort()));
    }
}
