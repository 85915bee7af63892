package punchline.client.ui;

import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

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

    /** Stops the server, waits until Ann notices, and starts it again on the same port. */
    private void restartServer() throws Exception {
        int port = server.port();
        server.stop();
        waitUntil("Ann notices", () -> !text("#serverStatus").startsWith("Connected"));
        startServerOn(port, serverDataDir);
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
