package punchline.client.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import punchline.client.net.Identity;

/**
 * The server comes back with another certificate (reinstalled, or someone pretending to be it): the app
 * refuses it and says so in a banner, without taking the keyboard; its button opens a dialog with both
 * fingerprints in full, where "Keep refusing" changes nothing and "Trust the new certificate" joins.
 */
class ServerCertificateChangeTest extends AppTestBase {
    @TempDir
    Path otherServerDataDir;

    @Test
    void aChangedServerCertificateIsRefusedUntilTheUserTrustsItInTheDialog() throws Exception {
        startAppAs("Ann");
        waitUntilOnline();
        String first = server.fingerprint();
        clickOn("Punchline").clickOn("#aboutYouMenuItem");
        waitUntil("About you shows the server's pinned certificate", () -> isShowing("#serverFingerprint")
                && inputText("#serverFingerprint").equals(Identity.readable(first)));
        clickOn("Close");

        restartServer(otherServerDataDir); // a new identity on the same address
        String presented = server.fingerprint();
        waitUntil("the banner says the certificate changed", () -> isShowing("#noticeBar")
                && text("#noticeTitle").equals("Server certificate changed"));
        assertTrue(isShowing("#noticeAction"), "the banner has a button to look closer");
        assertFalse(isShowing("#serverCertificateDialog"), "no dialog opens by itself");
        assertFalse(text("#serverStatus").startsWith("Connected"), "the changed server is not joined");

        clickOn("#noticeAction");
        waitUntil("the dialog shows both fingerprints in full", () -> isShowing("#serverCertificateDialog"));
        assertEquals(Identity.readable(first), inputText("#pinnedServerFingerprint"));
        assertEquals(Identity.readable(presented), inputText("#presentedServerFingerprint"));
        clickOn("#keepRefusingButton");
        waitUntil("the dialog closed", () -> !isShowing("#serverCertificateDialog"));
        assertEquals("Server certificate changed", text("#noticeTitle"), "still refused, still said");
        assertFalse(text("#serverStatus").startsWith("Connected"));

        clickOn("#noticeAction");
        waitUntil("the dialog opens again", () -> isShowing("#serverCertificateDialog"));
        clickOn("#trustServerButton");
        waitUntilOnline();
        waitUntil("the banner went", () -> !isShowing("#noticeBar")
                || !text("#noticeTitle").equals("Server certificate changed"));
        clickOn("Punchline").clickOn("#aboutYouMenuItem");
        waitUntil("About you shows the new certificate", () -> isShowing("#serverFingerprint")
                && inputText("#serverFingerprint").equals(Identity.readable(presented)));
    }
}
