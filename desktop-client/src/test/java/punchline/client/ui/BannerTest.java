package punchline.client.ui;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.BindException;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;
import punchline.server.RendezvousServer;

/** A banner describes the present or goes: the state it told of ends, or (news) it has been read. */
class BannerTest extends AppTestBase {

    @Test
    void backOnTheServerGoesWhenTheServerIsGoneAgain() throws Exception {
        startAppAs("Ann");
        waitUntilOnline();
        restartServer();
        waitUntil("the banner says Ann is back", () -> isShowing("#noticeBar")
                && text("#noticeTitle").equals("Back on the server"));

        server.stop();
        waitUntil("the status bar says the server is gone", () -> !text("#serverStatus").startsWith("Connected"));
        assertFalse(isShowing("#noticeBar"), "no 'back on the server' while it is not: " + bannerText());
    }

    @Test
    void newsThatIsOverGoesByItself() throws Exception {
        startAppAs("Ann");
        waitUntilOnline();
        try (TestPeer bob = TestPeer.join(server.port(), "Bob")) {
            requestTo(bob, "Bob");
            bob.close(); // Bob quits before answering
            waitUntil("the banner says Bob left", () -> isShowing("#noticeBar")
                    && text("#noticeText").equals(isolated("Bob") + " left the room."));
        }
        waitUntil("the news goes after a while", () -> !isShowing("#noticeBar"));
    }

    /**
     * Stops the server and starts it again on the same port. The test's server has an ephemeral port, so
     * for a moment one of the app's own ephemeral sockets (a reconnect, a warm-up listener on loopback)
     * may hold that number: a bind refused then is tried again, on this thread, for a few seconds. A real
     * server's port (3333) is outside the ephemeral range.
     */
    private void restartServer() throws Exception {
        int port = server.port();
        server.stop();
        waitUntil("Ann notices", () -> !text("#serverStatus").startsWith("Connected"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> {
            RendezvousServer restarted = new RendezvousServer(serverOptions()
                    .bindAddress(InetAddress.getLoopbackAddress()).port(port).probePort(0).dataDir(serverDataDir)
                    .console(false).build());
            try {
                restarted.start();
            } catch (BindException e) {
                return false;
            }
            server = restarted;
            return true;
        });
    }

    private String bannerText() {
        return text("#noticeTitle") + " " + text("#noticeText");
    }

    @Test
    void theBannerShowsTheNewestThatStillHolds() throws Exception {
        startAppAs("Ann");
        waitUntilOnline();
        server.say("Maintenance at noon");
        waitUntil("the operator's notice shows", () -> text("#noticeText").equals("Maintenance at noon"));
        restartServer(); // a newer banner, about the server link, on top
        waitUntil("back on the server", () -> text("#noticeTitle").equals("Back on the server"));
        clickOn("#dismissNotice");
        waitUntil("the operator's notice shows again", () -> isShowing("#noticeBar")
                && text("#noticeText").equals("Maintenance at noon"));
        clickOn("#dismissNotice");
        waitUntil("nothing left", () -> !isShowing("#noticeBar"));
    }
}
