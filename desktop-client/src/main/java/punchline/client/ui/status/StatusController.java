package punchline.client.ui.status;

import java.time.Duration;
import java.util.function.Consumer;
import javafx.scene.Node;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.stage.Window;
import punchline.client.net.Identity;
import punchline.client.text.UserText;
import punchline.client.ui.session.SessionInfo;
import punchline.protocol.Endpoint;
import punchline.protocol.NatType;

/**
 * The status bar (the server link, our NAT, our fingerprint and key, hosting) and the "About you"
 * dialog that shows the same in full, copyable.
 */
public final class StatusController {
    private final StatusModel model = new StatusModel();
    private final StatusView view = new StatusView(model, this);
    private final Window owner;
    private final String stylesheet;
    private AboutYouView aboutYou;
    private ServerCertificateView serverCertificate;
    private boolean natFixed;

    public StatusController(Window owner, String stylesheet) {
        this.owner = owner;
        this.stylesheet = stylesheet;
    }

    public Node view() {
        return view.root;
    }

    public void onStarting(String what) {
        set(ServerState.STARTING, what);
        model.ownKey.set("");
        model.publicEndpoint.set("");
        model.hosting.set("");
        model.hostingDetail.set("");
        model.nat.set(null);
        model.natText.set("");
    }

    /** The session runs: the core is reaching for the server. */
    public void onSessionStarted(SessionInfo info) {
        model.serverAddress.set(info.serverAddress());
        model.name.set(info.name());
        model.fingerprint.set(info.fingerprint());
        model.identityProblem.set(info.identityProblem() == null ? "" : info.identityProblem());
        natFixed = info.natFixed();
        set(ServerState.CONNECTING, "Connecting to " + info.serverAddress() + "…");
        if (info.hosting()) {
            String port = String.valueOf(info.hostedPort());
            model.hosting.set(info.invitations().isEmpty() ? "Hosting on port " + port
                    : "Friends join at " + info.invitations().get(0));
            model.hostingDetail.set("This computer hosts a rendezvous server on port " + port + ". "
                    + (info.invitations().isEmpty() ? "Friends join it at this computer's address and port " + port
                    : "Friends on your network join it at " + String.join(" or ", info.invitations()))
                    + ". From the internet, your router must forward TCP port " + port + " to this computer.");
        }
    }

    public void onRegistered(String key, Endpoint publicEndpoint, String room) {
        set(ServerState.CONNECTED, "Connected to " + model.serverAddress.get() + " · room " + UserText.isolateWithMarks(room));
        model.ownKey.set(key);
        model.publicEndpoint.set(publicEndpoint.toString());
        showNat();
    }

    /** A try to reach the server failed; the core tries again in {@code retryIn}. */
    public void onUnreachable(String reason, Duration retryIn) {
        long seconds = Math.max(1, (retryIn.toMillis() + 999) / 1000);
        // One sentence, the core's reason in brackets: "Cannot reach host:3333 (connection refused)."
        String why = reason == null || reason.isBlank() ? "no answer"
                : Character.toLowerCase(reason.charAt(0)) + reason.substring(1);
        set(ServerState.UNREACHABLE, "Cannot reach " + model.serverAddress.get() + " (" + why.replace(": ", " — ")
                + "). Trying again in " + seconds + " s.");
        model.ownKey.set("");
    }

    public void onServerLost(String reason) {
        set(ServerState.RECONNECTING, "Reconnecting to " + model.serverAddress.get() + " (" + reason + ")…");
        model.ownKey.set("");
    }

    /** Our NAT, measured after each registration. */
    public void onNat(NatType type) {
        model.nat.set(type);
        showNat();
    }

    public void onStopped(String why) {
        set(ServerState.STOPPED, why);
        model.ownKey.set("");
        model.publicEndpoint.set("");
        model.nat.set(null);
        model.natText.set("");
    }

    /** The "About you" dialog: name, key, fingerprint, NAT, in full and copyable. One at a time. */
    public void showAboutYou() {
        if (aboutYou == null) {
            aboutYou = new AboutYouView(model, this, owner, stylesheet);
        }
        if (aboutYou.dialog.isShowing()) {
            aboutYou.dialog.getDialogPane().getScene().getWindow().requestFocus();
        } else {
            aboutYou.dialog.show();
        }
    }

    /** The server's certificate pinned now (first use, given, or trusted): shown under About you. */
    public void onServerPinned(String fingerprint) {
        model.serverFingerprint.set(fingerprint == null ? "" : fingerprint);
    }

    /**
     * The dialog that shows a changed server certificate, both fingerprints in full; {@code trust} runs with
     * the new fingerprint when the user trusts it. One at a time: a newer change replaces the dialog.
     */
    public void showServerCertificateChange(String server, String pinned, String presented, Consumer<String> trust) {
        if (serverCertificate != null) {
            serverCertificate.dialog.close();
        }
        ServerCertificateView shown = new ServerCertificateView(owner, stylesheet, server, pinned, presented);
        serverCertificate = shown;
        shown.dialog.resultProperty().addListener((property, old, answer) -> {
            if (serverCertificate == shown) {
                serverCertificate = null;
            }
            if (answer == ServerCertificateView.TRUST) {
                trust.accept(presented);
            }
        });
        shown.dialog.show();
    }

    void onCopyKey() {
        copy(model.ownKey.get());
    }

    void onCopyFingerprint() {
        copy(Identity.readable(model.fingerprint.get()).replace('\n', ' '));
    }

    private static void copy(String text) {
        ClipboardContent content = new ClipboardContent();
        content.putString(text);
        Clipboard.getSystemClipboard().setContent(content);
    }

    private void showNat() {
        NatType nat = model.nat.get();
        if (nat == null) {
            return;
        }
        model.natText.set("Your NAT: " + NatWords.brief(nat)
                + (nat == NatType.SYMMETRIC ? " — chats may be relayed" : ""));
        String seen = model.publicEndpoint.get().isEmpty() ? "" : " The server sees you at "
                + model.publicEndpoint.get() + ".";
        model.natDetail.set(NatWords.explain(nat) + (natFixed ? " (Set with --nat for this run, not measured.)" : "")
                + seen);
    }

    private void set(ServerState state, String text) {
        model.state.set(state);
        model.serverText.set(text);
    }
}
