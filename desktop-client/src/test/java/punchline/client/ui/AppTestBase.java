package punchline.client.ui;

import java.net.BindException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Control;
import javafx.scene.control.Labeled;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextInputControl;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;
import punchline.client.ClientOptions;
import punchline.client.net.ClientEvent;
import punchline.client.ui.settings.Settings;
import punchline.client.ui.settings.SettingsStore;
import punchline.server.RendezvousServer;
import punchline.server.ServerOptions;

/**
 * The real app against a real rendezvous server on 127.0.0.1 (any free port), headless through Monocle.
 * The app's settings live in a temporary folder; its punches give up after two seconds.
 */
abstract class AppTestBase extends FxRobot {
    /** Flags every test's app gets: punches give up after two seconds. */
    private static final List<String> TEST_FLAGS = List.of("--punch-timeout", "2");
    private static final long WAIT_SECONDS = 15;

    @TempDir
    Path configDir;
    /** Where the test server keeps its identity: a restarted server shows the certificate the app pinned. */
    @TempDir
    Path serverDataDir;
    RendezvousServer server;
    PunchlineApp app;
    /** The app's command line for this test, as a user types it: set it before starting the app. */
    List<String> commandLine = List.of();
    /** The port a first start hosts its server on (0: any free one); set it before starting the app. */
    int defaultHostPort = 0;

    @BeforeAll
    static void toolkit() throws TimeoutException {
        FxToolkit.registerPrimaryStage();
    }

    @BeforeEach
    void startServer() throws Exception {
        FxToolkit.registerStage(Stage::new); // a fresh window per test, as a fresh start of the app has
        server = new RendezvousServer(serverOptions().bindAddress(InetAddress.getLoopbackAddress()).port(0)
                .dataDir(serverDataDir).console(false).build());
        server.start();
    }

    /** The test server's settings; a test may change them (for example, turn the relay off). */
    ServerOptions.Builder serverOptions() {
        return ServerOptions.builder();
    }

    @AfterEach
    void stopEverything() throws Exception {
        if (app != null) {
            FxToolkit.cleanupApplication(app);
            app.shutdownComplete().get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
        FxToolkit.cleanupStages();
        server.stop();
    }

    /** Starts the app as a returning user: settings that join the test server as {@code name}. */
    void startAppAs(String name) throws Exception {
        new SettingsStore(configDir, 0).save(new Settings(name, false, 0, "127.0.0.1:" + server.port()));
        startApp();
    }

    /** Starts the app with whatever is (or is not) in the config folder; no settings: it hosts on {@link #defaultHostPort}. */
    void startApp() throws Exception {
        List<String> flags = new ArrayList<>(TEST_FLAGS);
        flags.addAll(commandLine);
        app = (PunchlineApp) FxToolkit.setupApplication(() -> new PunchlineApp(new AppOptions(configDir, defaultHostPort,
                ClientOptions.parse(flags.toArray(String[]::new)))));
    }

    /** Quits the app as a user does, then starts it again on the same config folder. */
    void restartApp() throws Exception {
        FxToolkit.cleanupApplication(app);
        app.shutdownComplete().get(WAIT_SECONDS, TimeUnit.SECONDS);
        app = null;
        FxToolkit.cleanupStages();
        FxToolkit.registerStage(Stage::new);
        startApp();
    }

    /** Stops the test server and starts it again on the same port, from {@code dataDir} (its identity). */
    void restartServer(Path dataDir) throws Exception {
        int port = server.port();
        server.stop();
        startServerOn(port, dataDir);
    }

    /**
     * Starts the test server on {@code port}, where it ran before, from {@code dataDir}. That port is
     * ephemeral, so for a moment one of the app's own ephemeral sockets (a reconnect, a warm-up listener
     * on loopback) may hold the number: a bind refused then is tried again, on this thread, for a few
     * seconds. A real server's port (3333) is outside the ephemeral range.
     */
    void startServerOn(int port, Path dataDir) throws Exception {
        WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, () -> {
            RendezvousServer restarted = new RendezvousServer(serverOptions()
                    .bindAddress(InetAddress.getLoopbackAddress()).port(port).probePort(0).dataDir(dataDir)
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

    /** The rows of the people list as shown, top to bottom: "name | state". */
    List<String> peopleRows() {
        return fx(() -> {
            javafx.scene.control.ListView<?> list = lookup("#userList").queryListView();
            List<String> rows = new ArrayList<>();
            for (int i = 0; i < list.getItems().size(); i++) {
                int index = i;
                lookup(".user-cell").queryAll().stream().filter(AppTestBase::shown)
                        .map(node -> (javafx.scene.control.ListCell<?>) node)
                        .filter(cell -> cell.getIndex() == index).findFirst()
                        .ifPresent(cell -> rows.add(((Labeled) from(cell).lookup(".user-name").query()).getText()
                                + " | " + ((Labeled) from(cell).lookup(".state-pill").query()).getText()));
            }
            return rows;
        });
    }

    void waitUntilOnline() {
        waitUntil("the status bar says connected", () -> text("#serverStatus").startsWith("Connected to"));
    }

    /** The peer asks the app's user, Ann, to chat; returns Ann's key once the request card shows it. */
    String requestFrom(TestPeer peer, String peerName) {
        String annKey = peer.keyOf("Ann");
        waitUntil(peerName + " is listed", () -> userState(peerName).isPresent());
        peer.core.connect(annKey);
        waitUntil("the request card shows " + peerName, () -> isShowing("#requestCard")
                && text("#requestTitle").equals(isolated(peerName) + " wants to chat with you"));
        return annKey;
    }

    /** A name as sentences show it: isolated from the text around it (by a left-to-right mark each side). */
    static String isolated(String name) {
        return "\u200E" + name + "\u200E";
    }

    /** Text as the user reads it: without the invisible marks that isolate names. */
    static String read(String text) {
        return text.replaceAll("[\u200E\u2066-\u2069]", "");
    }

    /** The peer asks Ann, Ann accepts on the card; returns Ann's key once their chat is up, direct. */
    String chatFrom(TestPeer peer, String peerName) {
        String annKey = requestFrom(peer, peerName);
        clickOn("#acceptButton");
        peer.await(ClientEvent.Connected.class, c -> c.peer().equals(annKey));
        waitUntil("the chat with " + peerName + " is up", () -> tabTitles().contains(peerName + " · direct"));
        return annKey;
    }

    /** Ann asks the peer from the list and the peer accepts; returns once their chat is up, direct. */
    void chatTo(TestPeer peer, String peerName) {
        peer.core.accept(requestTo(peer, peerName).from());
        waitUntil("the chat with " + peerName + " is up", () -> tabTitles().contains(peerName + " · direct"));
    }

    /** Ann selects the peer's row and presses Connect; returns the request as the peer received it. */
    ClientEvent.RequestReceived requestTo(TestPeer peer, String peerName) {
        waitUntil(peerName + " is listed", () -> userState(peerName).isPresent());
        clickOn(userRow(peerName)).clickOn("#connectButton");
        return peer.await(ClientEvent.RequestReceived.class, r -> r.name().equals("Ann"));
    }

    // ---- reading what the user sees (always on the FX thread) ----

    static <T> T fx(Callable<T> read) {
        try {
            return WaitForAsyncUtils.asyncFx(read).get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("could not read the UI", e);
        }
    }

    /**
     * Waits for {@code condition}, read on the FX thread; fails with {@code what} when it never holds. A
     * condition that cannot be read yet (a tab not there yet) is asked again, and its last failure is
     * the cause of the timeout.
     */
    static void waitUntil(String what, Callable<Boolean> condition) {
        waitUntilOrSay(what, condition, () -> null);
    }

    /**
     * The same, and when it times out the message says what {@code seen} read last (the rows of a chat,
     * say): whether a message never showed or showed without its ack tells two bugs apart.
     */
    static <T> void waitUntil(String what, Callable<T> seen, Predicate<T> holds) {
        AtomicReference<T> last = new AtomicReference<>();
        waitUntilOrSay(what, () -> {
            T now = seen.call();
            last.set(now);
            return holds.test(now);
        }, last::get);
    }

    private static void waitUntilOrSay(String what, Callable<Boolean> condition, Supplier<?> seen) {
        AtomicReference<AssertionError> unreadable = new AtomicReference<>();
        try {
            WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, () -> {
                try {
                    return fx(condition);
                } catch (AssertionError e) {
                    unreadable.set(e);
                    return false;
                }
            });
        } catch (TimeoutException e) {
            Object lastSeen = seen.get();
            throw new AssertionError("timed out waiting until " + what
                    + (lastSeen == null ? "" : "; last seen: " + lastSeen), unreadable.get());
        }
    }

    String text(String query) {
        return fx(() -> lookup(query).queryAs(Labeled.class).getText());
    }

    boolean isShowing(String query) {
        return fx(() -> lookup(query).tryQuery().map(AppTestBase::shown).orElse(false));
    }

    /** The state pill of the user called {@code name} in the user list, or empty when the row is not there. */
    Optional<String> userState(String name) {
        return fx(() -> lookup(".user-cell").queryAll().stream().filter(AppTestBase::shown)
                .filter(cell -> from(cell).lookup(".user-name").tryQuery()
                        .map(label -> name.equals(((Labeled) label).getText())).orElse(false))
                .map(cell -> ((Labeled) from(cell).lookup(".state-pill").query()).getText())
                .findFirst());
    }

    /** Whether the node and all its parents are visible: virtual lists keep hidden spare cells around. */
    static boolean shown(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return node.getScene() != null;
    }

    Node userRow(String name) {
        return fx(() -> lookup(".user-cell").queryAll().stream().filter(AppTestBase::shown)
                .filter(cell -> from(cell).lookup(".user-name").tryQuery()
                        .map(label -> name.equals(((Labeled) label).getText())).orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("no row for " + name)));
    }

    /** The chat tabs' titles as read, e.g. "Bob · direct". */
    List<String> tabTitles() {
        return fx(() -> lookup("#chatTabs").queryAs(TabPane.class).getTabs().stream()
                .map(tab -> read(tab.getText())).toList());
    }

    Tab chatTab(String peerName) {
        return fx(() -> lookup("#chatTabs").queryAs(TabPane.class).getTabs().stream()
                .filter(tab -> read(tab.getText()).startsWith(peerName + " ·")).findFirst()
                .orElseThrow(() -> new AssertionError("no chat tab for " + peerName + " in " + tabTitles())));
    }

    /** The chat tab with the user whose key is {@code key} (two users may share a name). */
    Tab chatTabOf(String key) {
        return fx(() -> lookup("#chatTabs").queryAs(TabPane.class).getTabs().stream()
                .filter(tab -> ("chat-" + key).equals(tab.getId())).findFirst()
                .orElseThrow(() -> new AssertionError("no chat tab for key " + key + " in " + tabTitles())));
    }

    /** A labelled node inside a chat tab, e.g. "#chatStatus". */
    String chatText(String peerName, String query) {
        return textIn(chatTab(peerName), query);
    }

    Node inChat(String peerName, String query) {
        return nodeIn(chatTab(peerName), query);
    }

    String textIn(Tab tab, String query) {
        Node node = nodeIn(tab, query);
        return fx(() -> node instanceof Labeled labeled ? labeled.getText() : ((TextInputControl) node).getText());
    }

    /**
     * A node inside the tab, once it is there: a tab added a moment ago may not have been laid out yet, and
     * until then the header's scroll pane (which gets its content only with its skin) hides what it holds.
     */
    Node nodeIn(Tab tab, String query) {
        if (!Platform.isFxApplicationThread()) { // inside a waitUntil's condition, that wait does the waiting
            waitUntil(query + " is laid out in the tab",
                    () -> from(tab.getContent()).lookup(query).tryQuery().isPresent());
        }
        return fx(() -> from(tab.getContent()).lookup(query).query());
    }

    /** Whether the node inside the tab shows (it and every parent visible). */
    boolean isShowingIn(Tab tab, String query) {
        return fx(() -> from(tab.getContent()).lookup(query).tryQuery().map(AppTestBase::shown).orElse(false));
    }

    /** The tooltip text of a control, what the user reads on hover. */
    static String tooltipOf(Node node) {
        return fx(() -> ((Control) node).getTooltip().getText());
    }

    /** The text of a text field or area anywhere in the window or its dialogs. */
    String inputText(String query) {
        return fx(() -> lookup(query).queryAs(TextInputControl.class).getText());
    }

    /** The message rows of a chat as the user reads them: "text | meta" per bubble, isolation marks dropped. */
    List<String> messageRows(String peerName) {
        return messageRowsIn(chatTab(peerName));
    }

    List<String> messageRowsIn(Tab tab) {
        return fx(() -> from(tab.getContent()).lookup(".bubble").queryAll().stream()
                .filter(AppTestBase::shown)
                .map(bubble -> ((Labeled) from(bubble).lookup(".message-text").query()).getText() + " | "
                        + read(((Labeled) from(bubble).lookup(".message-meta").query()).getText()))
                .toList());
    }
}
