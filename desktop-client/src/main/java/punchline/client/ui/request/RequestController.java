package punchline.client.ui.request;

import java.util.LinkedHashMap;
import java.util.Map;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;
import punchline.client.ui.session.PeerCommands;

/**
 * Incoming requests: a dialog per requester with Accept and Reject, plus a desktop notification when the
 * window is not focused. A request that ends elsewhere (withdrawn, accepted from the list) closes its dialog.
 */
public final class RequestController {
    private final Window owner;
    private final String stylesheet;
    private final PeerCommands commands;
    private final Map<String, RequestDialog> open = new LinkedHashMap<>();

    public RequestController(Window owner, String stylesheet, PeerCommands commands) {
        this.owner = owner;
        this.stylesheet = stylesheet;
        this.commands = commands;
    }

    public void onRequest(String key, String name) {
        dismiss(key);
        RequestDialog dialog = new RequestDialog(owner, stylesheet, key, name);
        open.put(key, dialog);
        dialog.alert.resultProperty().addListener((property, old, answer) -> onAnswer(key, dialog, answer));
        dialog.alert.show();
        if (!owner.isFocused()) {
            Notifications.create().owner(owner).title(name + " wants to chat")
                    .text("Open Punchline to accept or reject.").hideAfter(Duration.seconds(10)).showInformation();
        }
    }

    /** Closes the dialog for {@code key} without answering: the request ended or was answered elsewhere. */
    public void dismiss(String key) {
        RequestDialog dialog = open.remove(key);
        if (dialog != null) {
            dialog.alert.close();
        }
    }

    private void onAnswer(String key, RequestDialog dialog, Object answer) {
        // Only the dialog still current for this key answers; a dismissed one closes silently.
        if (answer == null || !open.remove(key, dialog)) {
            return;
        }
        if (answer == RequestDialog.ACCEPT) {
            commands.accept(key);
        } else {
            commands.reject(key); // the core answers with RequestCancelled(REJECTED), which resets the row
        }
    }
}
