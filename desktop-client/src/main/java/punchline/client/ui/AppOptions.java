package punchline.client.ui;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import punchline.server.ServerOptions;

/**
 * What the app takes from its surroundings. Tests build their own, so they never touch the user's
 * ~/.config nor the real port 3333.
 *
 * @param configDir       where settings.json lives
 * @param defaultHostPort the port of the embedded server when there are no settings yet
 * @param punchDeadline   how long a direct connection is tried before it counts as failed
 */
public record AppOptions(Path configDir, int defaultHostPort, Duration punchDeadline) {
    /** Overrides the settings folder, e.g. {@code -Dpunchline.config.dir=/tmp/alice}. */
    public static final String CONFIG_DIR_PROPERTY = "punchline.config.dir";

    public static AppOptions fromEnvironment() {
        String override = System.getProperty(CONFIG_DIR_PROPERTY);
        Path dir = override != null && !override.isBlank() ? Path.of(override)
                : configDir(System.getenv(), System.getProperty("user.home"));
        return new AppOptions(dir, ServerOptions.DEFAULT_PORT, Duration.ofSeconds(10));
    }

    /** {@code ${XDG_CONFIG_HOME:-~/.config}/punchline}, as the XDG base directory spec says. */
    static Path configDir(Map<String, String> env, String home) {
        String xdg = env.get("XDG_CONFIG_HOME");
        // The spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                : Path.of(home, ".config");
        return base.resolve("punchline");
    }
}
