package punchline.client.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import punchline.client.ClientOptions;
import punchline.client.ui.settings.Settings;
import punchline.protocol.NatType;

class AppOptionsTest {
    @Test
    void theCommandLineOverridesTheSettingsForThisRun() {
        AppOptions options = AppOptions.fromCommandLine(List.of("--name", "Zoe", "--server", "chat.example.org:4000",
                "--room", "friends", "--bind", "127.0.0.2", "--nat", "symmetric", "--local-port", "40000",
                "--punch-timeout", "5", "--upgrade-after", "60", "--config-dir", "/tmp/pl-zoe"));
        assertEquals(Path.of("/tmp/pl-zoe"), options.configDir());
        ClientOptions flags = options.commandLine();
        assertEquals(Duration.ofSeconds(5), flags.punchTimeout());
        assertEquals(Duration.ofSeconds(60), flags.upgradeAfter());
        assertEquals("friends", flags.room());
        assertEquals("127.0.0.2", flags.bind().getHostAddress());
        assertEquals(NatType.SYMMETRIC, flags.nat());
        assertEquals(40000, flags.localPort());
        RunOverrides run = options.run();
        assertTrue(run.overridesSettings());

        Settings saved = new Settings("Ann", true, 3333, "");
        assertEquals(new Settings("Zoe", false, 3333, "chat.example.org:4000"), run.applyTo(saved),
                "--server replaces hosting, too");
    }

    @Test
    void withoutFlagsTheSettingsStandAsSaved() {
        RunOverrides run = AppOptions.fromCommandLine(List.of()).run();
        assertFalse(run.overridesSettings());
        assertNull(run.commandLine().bind());
        Settings saved = new Settings("Ann", false, 3333, "example.org");
        assertEquals(saved, run.applyTo(saved));
        assertEquals(new Settings("Bea", false, 3333, "example.org"),
                AppOptions.fromCommandLine(List.of("--name", "Bea")).run().applyTo(saved));
    }
}
