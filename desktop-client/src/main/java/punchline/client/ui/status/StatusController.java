package punchline.client.ui.status;

import javafx.animation.PauseTransition;
import javafx.scene.Node;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.util.Duration;
import punchline.client.ui.session.SessionInfo;
import punchline.protocol.Endpoint;

/** The status bar: the server link (connected / reconnecting), our key and public endpoint, hosting. */
public final class StatusController {
    /** How long to wait for the first welcome before saying the server cannot be reached (yet). */
    private static final Duration UNREACHABLE_AFTER = Duration.seconds(8);

    private final StatusModel model = new StatusModel();
    private final StatusView view = new StatusView(model, this);
    private final PauseTransition stillTrying = new PauseTransition(UNREACHABLE_AFTER);
    private String serverAddress = "";

    public StatusController() {
        stillTrying.setOnFinished(event -> {
            if (model.state.get() == ServerState.CONNECTING) {
                model.serverText.set("Cannot reach " + serverAddress + " yet; still trying. Check the address"
                        + " in Settings.");
            }
        });
    }

    public Node view() {
        return view.root;
    }

    public void onStarting(String what) {
        stillTrying.stop();
        set(ServerState.STARTING, what);
        model.ownKey.set("");
        model.publicEndpoint.set("");
        model.hosting.set("");
    }

    /** The session runs: the core is reaching for the server. */
    public void onSessionStarted(SessionInfo info) {
        serverAddress = info.serverAddress();
        set(ServerState.CONNECTING, "Connecting to " + serverAddress + "…");
        stillTrying.playFromStart();
        if (info.hosting()) {
            model.hosting.set("Hosting a server on port " + info.hostedPort());
            model.hostingDetail.set(info.invitations().isEmpty() ? "Friends can join at this computer's address"
                    + " and port " + info.hostedPort() : "Friends can join at " + String.join(" or ", info.invitations()));
        }
    }

    public void onRegistered(String key, Endpoint publicEndpoint, String room) {
        stillTrying.stop();
        set(ServerState.CONNECTED, "Connected to " + serverAddress + " · room " + room);
        model.ownKey.set(key);
        model.publicEndpoint.set(publicEndpoint.toString());
    }

    public void onServerLost(String reason) {
        set(ServerState.RECONNECTING, "Reconnecting to " + serverAddress + " (" + reason + ")…");
        model.ownKey.set("");
    }

    public void onStopped(String why) {
        stillTrying.stop();
        set(ServerState.STOPPED, why);
        model.ownKey.set("");
        model.publicEndpoint.set("");
    }

    void onCopyKey() {
        ClipboardContent content = new ClipboardContent();
        content.putString(model.ownKey.get());
        Clipboard.getSystemClipboard().setContent(content);
    }

    private void set(ServerState state, String text) {
        model.state.set(state);
        model.serverText.set(text);
    }
}
