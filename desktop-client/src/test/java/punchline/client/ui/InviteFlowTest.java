package punchline.client.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.input.Clipboard;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import punchline.client.net.Identity;
import punchline.client.net.Invite;
import punchline.client.net.ServerAddress;
import punchline.client.ui.settings.Settings;
import punchline.client.ui.settings.SettingsStore;
import punchline.protocol.UserId;

/**
 * Ann copies her invite; Bea, on another installation (another config folder) that hosts its own server,
 * pastes it: her app moves to Ann's server and room, pinned to the certificate the invite names, and lists
 * Ann as a contact, offline until Ann is there, then online at the top.
 */
class InviteFlowTest extends AppTestBase {
    @TempDir
    Path beaConfigDir;

    @Test
    void anInviteCopiedInOneAppAndPastedInAnotherJoinsTheServerAndAddsTheContact() throws Exception {
        commandLine = List.of("--room", "book-club");
        startAppAs("Ann");
        waitUntilOnline();
        clickOn("Punchline").clickOn("#copyInviteMenuItem");
        waitUntil("the app says the invite is copied", () -> isShowing("#noticeBar")
                && text("#noticeTitle").equals("Invite copied"));
        String copied = fx(() -> Clipboard.getSystemClipboard().getString());
        String link = fx(() -> Clipboard.getSystemClipboard().getUrl());
        Path annConfigDir = configDir;

        FxToolkit.cleanupApplication(app); // Ann quits
        app.shutdownComplete().get(15, TimeUnit.SECONDS);
        app = null;
        Identity ann = Identity.loadOrCreate(annConfigDir);
        assertTrue(copied.contains("Server: 127.0.0.1:" + server.port() + "\n"), copied);
        assertTrue(copied.contains("Room: book-club\n"), copied);
        assertTrue(copied.contains("ID: " + UserId.readable(ann.id()) + "\n"), copied);
        assertTrue(copied.contains(link), "the text carries the link too: " + copied);
        assertTrue(link.startsWith("punchline://join?server=127.0.0.1%3A" + server.port() + "&fingerprint="
                + server.fingerprint() + "&room=book-club&id=" + ann.id()), link);

        // Bea's Punchline, on her own computer: it hosts its own server, in the default room.
        FxToolkit.cleanupStages();
        FxToolkit.registerStage(Stage::new);
        configDir = beaConfigDir;
        commandLine = List.of();
        new SettingsStore(configDir, 0).save(new Settings("Bea", true, 0, ""));
        startApp();
        waitUntilOnline();
        assertTrue(read(text("#serverStatus")).endsWith("room lobby"), text("#serverStatus"));

        clickOn("Punchline").clickOn("#pasteInviteMenuItem");
        waitUntil("the dialog holds the invite from the clipboard", () -> isShowing("#pasteInviteDialog")
                && inputText("#inviteText").equals(copied));
        clickOn("#joinInviteButton");
        waitUntil("Bea is on Ann's server, in her room", () -> read(text("#serverStatus"))
                .equals("Connected to 127.0.0.1:" + server.port() + " · room book-club"));
        waitUntil("Ann is a contact, offline", () -> peopleRows().equals(List.of("Ann | offline")));
        clickOn("Punchline").clickOn("#aboutYouMenuItem");
        waitUntil("the server is pinned to the invite's certificate", () -> isShowing("#serverFingerprint")
                && inputText("#serverFingerprint").equals(Identity.readable(server.fingerprint())));
        clickOn("Close");

        try (TestPeer annAgain = TestPeer.join(server.port(), "Ann", b -> b.identity(ann).room("book-club"))) {
            waitUntil("Ann shows online", () -> peopleRows().equals(List.of("Ann | idle")));
            assertEquals("ID " + UserId.shortForm(ann.id()) + " · " + annAgain.core.key(),
                    fx(() -> ((javafx.scene.control.Labeled) from(userRow("Ann")).lookup(".user-key").query()).getText()));
        }
    }

    @Test
    void theAppStartedWithAnInviteLinkJoinsItsServerAndRoom() throws Exception {
        Identity ann = Identity.generate();
        String link = new Invite(ServerAddress.parse("127.0.0.1:" + server.port() + "#" + server.fingerprint()),
                "book-club", ann.id(), "Ann").link();
        commandLine = List.of(link); // as the desktop opens a punchline:// link, on a first start
        startApp();
        waitUntil("Bea is on the invite's server, in its room", () -> read(text("#serverStatus"))
                .equals("Connected to 127.0.0.1:" + server.port() + " · room book-club"));
        waitUntil("the inviter is a contact, offline", () -> peopleRows().equals(List.of("Ann | offline")));
    }

    @Test
    void pastingSomethingElseSaysWhyAndJoinsNothing() throws Exception {
        startAppAs("Bea");
        waitUntilOnline();
        clickOn("Punchline").clickOn("#pasteInviteMenuItem");
        waitUntil("the dialog shows", () -> isShowing("#pasteInviteDialog"));
        clickOn("#inviteText").write("punchline://join?server=evil.example%2Cother.example&fingerprint="
                + "ab".repeat(32) + "&id=x");
        clickOn("#joinInviteButton");
        waitUntil("the dialog says why", () -> isShowing("#inviteProblem") && text("#inviteProblem")
                .equals("This is not an invite Punchline can use: the invite's server is not one host:port."));
        assertTrue(read(text("#serverStatus")).startsWith("Connected to 127.0.0.1:" + server.port()));
    }
}
