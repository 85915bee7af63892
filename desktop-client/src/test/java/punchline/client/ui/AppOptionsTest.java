package punchline.client.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import punchline.client.ui.settings.Settings;
import punchline.protocol.NatType;

class AppOptionsTest {
    @Test
    void theCommandLineOverridesTheSettingsForThisRun() {
        AppOptions options = AppOptions.fromCommandLine(List.of("--name", "Zoe", "--server", "chat.example.org:4000",
                "--room", "friends", "--bind", "127.0.0.2", "--nat", "symmetric", "--local-port", "40000",
                "--punch-timeout", "5", "--config-dir", "/tmp/pl-zoe"));
        assertEquals(Path.of("/tmp/pl-zoe"), options.configDir());
        assertEquals(Duration.ofSeconds(5), options.punchDeadline());
        RunOverrides run = options.run();
        assertEquals("friends", run.room());
        assertEquals("127.0.0.2", run.bind().getHostAddress());
        assertEquals(NatType.SYMMETRIC, run.nat());
        assertEquals(40000, run.localPort());
        assertTrue(run.overridesSettings());

        Settings saved = new Settings("Ann", true, 3333, "");
        assertEquals(new Settings("Zoe", false, 3333, "chat.example.org:4000"), run.applyTo(saved),
                "--server replaces hosting, too");
    }

    @Test
    void withoutFlagsTheSettingsStandAsSaved() {
        RunOverrides run = AppOptions.fromCommandLine(List.of()).run();
        assertFalse(run.overridesSettings());
        assertNull(run.bind());
        Settings saved = new Settings("Ann", false, 3333, "example.org");
        assertEquals(saved, run.applyTo(saved));
        assertEquals(new Settings("Bea", false, 3333, "example.org"), run.withName("Bea").applyTo(saved));
    }
}
