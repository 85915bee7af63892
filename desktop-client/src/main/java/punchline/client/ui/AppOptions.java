package punchline.client.ui;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import punchline.client.ClientOptions;
import punchline.protocol.Defaults;

/**
 * What the app takes from its surroundings: the command line and the environment. Tests build their
 * own, so they never touch the user's ~/.config nor the real port 3333.
 *
 * @param configDir       where settings.json, the identity and the known peers live
 * @param defaultHostPort the port of the embedded server when there are no settings yet
 * @param commandLine     the flags, parsed as for the console; their timing and network choices tune every
 *                        connection, and {@link #run()} puts the name and server on top of the settings
 */
public record AppOptions(Path configDir, int defaultHostPort, ClientOptions commandLine) {
    /** Overrides the settings folder, e.g. {@code -Dpunchline.config.dir=/tmp/alice}. */
    public static final String CONFIG_DIR_PROPERTY = "punchline.config.dir";

    public AppOptions {
        Objects.requireNonNull(configDir, "configDir");
        Objects.requireNonNull(commandLine, "commandLine");
    }

    /**
     * From punchline.jar's command line (already checked by {@code Main}, so it parses): {@code --config-dir}
     * or {@code -Dpunchline.config.dir} for the folder, the rest for this run.
     */
    public static AppOptions fromCommandLine(List<String> args) {
        ClientOptions cli = ClientOptions.parse(args.toArray(String[]::new));
        String override = System.getProperty(CONFIG_DIR_PROPERTY);
        Path dir = override != null && !override.isBlank() ? Path.of(override) : cli.configDir();
        return new AppOptions(dir, Defaults.SERVER_PORT, cli);
    }

    /** The command line's choices that override the settings for this run. */
    public RunOverrides run() {
        return new RunOverrides(commandLine);
    }
}
