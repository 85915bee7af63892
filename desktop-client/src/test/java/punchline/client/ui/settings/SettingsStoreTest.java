package punchline.client.ui.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsStoreTest {
    @TempDir
    Path dir;

    @Test
    void noFileMeansFirstRunWithAHostedServerAndTheLoginName() {
        SettingsStore.Loaded loaded = new SettingsStore(dir.resolve("punchline"), 3333).load();

        assertTrue(loaded.firstRun());
        assertNull(loaded.problem());
        assertEquals(new Settings(Settings.loginName(), true, 3333, ""), loaded.settings());
    }

    @Test
    void savedSettingsComeBackAndNoTemporaryFileStays() throws Exception {
        SettingsStore store = new SettingsStore(dir.resolve("new/folder"), 3333);
        Settings settings = new Settings("Ann", false, 3333, "chat.example.org:4444");

        store.save(settings);
        store.save(settings); // replacing an existing file is atomic too

        SettingsStore.Loaded loaded = store.load();
        assertEquals(settings, loaded.settings());
        assertFalse(loaded.firstRun());
        assertNull(loaded.problem());
        try (Stream<Path> files = Files.list(dir.resolve("new/folder"))) {
            assertEquals(1, files.count(), "only settings.json is left");
        }
    }

    @Test
    void aCorruptFileGivesTheDefaultsAMessageAndAKeptCopy() throws Exception {
        Files.writeString(dir.resolve("settings.json"), "{\"name\": \"Ann\", ");

        SettingsStore.Loaded loaded = new SettingsStore(dir, 3333).load();

        assertEquals(Settings.defaults(3333), loaded.settings());
        assertNotNull(loaded.problem());
        assertTrue(loaded.problem().contains("could not be used"), loaded.problem());
        assertTrue(loaded.problem().contains(dir.resolve("settings.json").toString()), "says which file");
        assertEquals("{\"name\": \"Ann\", ", Files.readString(dir.resolve("settings.json.broken")));
    }

    @Test
    void wrongTypesAndUnusableValuesAreProblemsNotCrashes() throws Exception {
        for (String json : new String[] {"[]", "\"text\"", "{\"name\": 5}", "{\"hostPort\": \"x\"}",
                "{\"name\": \"Ann\", \"hostServer\": false, \"server\": \"example.org:notaport\"}", ""}) {
            Files.writeString(dir.resolve("settings.json"), json);
            SettingsStore.Loaded loaded = new SettingsStore(dir, 3333).load();
            assertNotNull(loaded.problem(), json);
            assertEquals(Settings.defaults(3333), loaded.settings(), json);
        }
    }

    @Test
    void missingFieldsTakeTheirDefaults() throws Exception {
        Files.writeString(dir.resolve("settings.json"), "{\"name\": \" Ann \", \"hostServer\": true}");

        SettingsStore.Loaded loaded = new SettingsStore(dir, 3333).load();

        assertNull(loaded.problem());
        assertEquals(new Settings("Ann", true, 3333, ""), loaded.settings());
    }

    @Test
    void settingsSayWhatIsWrongInWords() {
        assertEquals("Please enter a display name.", new Settings(" ", true, 3333, "").problem());
        assertEquals("A port is a number from 1 to 65535.", new Settings("Ann", true, 70_000, "").problem());
        assertEquals("Please enter the server address, like example.org:3333.",
                new Settings("Ann", false, 3333, "").problem());
        assertTrue(new Settings("Ann", false, 3333, "host:99999").problem().startsWith("The server address is not valid"));
        assertNull(new Settings("Ann", false, 3333, "example.org").problem());
    }
}
