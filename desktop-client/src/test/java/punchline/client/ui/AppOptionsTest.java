package punchline.client.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppOptionsTest {
    @Test
    void settingsLiveUnderXdgConfigHomeOrDotConfig() {
        assertEquals(Path.of("/x/cfg/punchline"), AppOptions.configDir(Map.of("XDG_CONFIG_HOME", "/x/cfg"), "/home/ann"));
        assertEquals(Path.of("/home/ann/.config/punchline"), AppOptions.configDir(Map.of(), "/home/ann"));
        assertEquals(Path.of("/home/ann/.config/punchline"), AppOptions.configDir(Map.of("XDG_CONFIG_HOME", ""),
                "/home/ann"));
        // The XDG spec: a relative path is invalid and ignored.
        assertEquals(Path.of("/home/ann/.config/punchline"), AppOptions.configDir(
                Map.of("XDG_CONFIG_HOME", "relative/cfg"), "/home/ann"));
    }
}
