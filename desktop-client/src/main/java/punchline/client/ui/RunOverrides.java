package punchline.client.ui;

import java.util.Objects;
import punchline.client.ClientOptions;
import punchline.client.ui.settings.Settings;

/**
 * What the command line changes in the settings for this run only: never saved, and stronger than the
 * settings. {@code --name} replaces the saved name; {@code --server} joins that server instead of the
 * saved choice, hosting included. The other flags tune the connection itself ({@link ClientOptions#toConfig}).
 */
public record RunOverrides(ClientOptions commandLine) {

    public RunOverrides {
        Objects.requireNonNull(commandLine, "commandLine");
    }

    /** Whether the name or the server differ from what the settings say. */
    public boolean overridesSettings() {
        return commandLine.name() != null || commandLine.server() != null;
    }

    /** The settings this run uses: the saved ones with the command line's name and server on top. */
    public Settings applyTo(Settings saved) {
        String name = commandLine.name();
        String server = commandLine.server();
        return new Settings(name != null ? name : saved.name(), server == null && saved.hostServer(),
                saved.hostPort(), server != null ? server : saved.server(), saved.room());
    }
}
