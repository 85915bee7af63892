package punchline.client.ui.request;

import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.scene.Node;
import javafx.scene.input.KeyCombination;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;
import punchline.client.text.UserText;
import punchline.client.ui.session.PeerCommands;

/**
 * Incoming requests, queued oldest first and never lost: an inline card above the chats shows them with
 * Accept and Reject and how many wait, without taking the keyboard from whatever the user is doing. The
 * user reaches them with the mouse, with Tab, or with {@link #SHORTCUT}, which opens the request in a
 * dialog (Enter accepts). A desktop notification says so while the window is in the background. A
 * request that ends elsewhere (withdrawn, accepted from the list) leaves the queue.
 */
public final class RequestController {
    /** Opens the request on the card in a dialog, for the keyboard. */
    public static final KeyCombination SHORTCUT = KeyCombination.keyCombination("Shortcut+R");

    private final Stage owner;
    private final String stylesheet;
    private final PeerCommands commands;
    private final RequestModel model = new RequestModel();
    private final RequestCardView card;
    private final Consumer<String> onAccepted;
    private RequestDialog dialog;

    /** {@code onAccepted} hears whose request the user accepted, so their chat can come to the front. */
    public RequestController(Stage owner, String stylesheet, PeerCommands commands, Consumer<String> onAccepted) {
        this.owner = owner;
        this.stylesheet = stylesheet;
        this.commands = commands;
        this.onAccepted = onAccepted;
        this.card = new RequestCardView(model, this, SHORTCUT.getDisplayText());
    }

    public Node view() {
        return card.root;
    }

    /** Whether any request waits for an answer. */
    public BooleanBinding waiting() {
        return Bindings.isNotEmpty(model.queue);
    }

    public void onRequest(String key, String name) {
        PendingRequest request = new PendingRequest(key, name);
        int known = indexOf(key);
        if (known >= 0) {
            model.queue.set(known, request); // asked again: one entry, where it was
        } else {
            model.queue.add(request);
        }
        if (!owner.isFocused()) {
            Notifications.create().owner(owner).title(UserText.isolateWithMarks(name) + " wants to chat")
                    .text("Click to answer, or open Punchline (" + SHORTCUT.getDisplayText() + ").")
                    .hideAfter(Duration.seconds(10)).onAction(event -> {
                        owner.toFront();
                        openDialog();
                    }).showInformation();
        }
    }

    /** The request from {@code key} is over without an answer here: it ended, or was answered elsewhere. */
    public void dismiss(String key) {
        remove(key);
    }

    /** The keyboard's way in: the request on the card, in a dialog that has the focus (the user asked). */
    public void openDialog() {
        if (dialog != null) {
            dialog.alert.getDialogPane().getScene().getWindow().requestFocus();
            return;
        }
        PendingRequest request = model.current.get();
        if (request == null) {
            return;
        }
        RequestDialog opened = new RequestDialog(owner, stylesheet, request, model.queue.size());
        dialog = opened;
        opened.alert.resultProperty().addListener((property, old, answer) -> {
            if (dialog != opened) {
                return; // dismissed: the request ended meanwhile
            }
            dialog = null;
            if (answer == RequestDialog.ACCEPT) {
                onAccept(request);
            } else if (answer == RequestDialog.REJECT) {
                onReject(request);
            }
        });
        opened.alert.show();
    }

    void onNext() {
        if (!model.queue.isEmpty()) {
            model.shown.set((Math.min(model.shown.get(), model.queue.size() - 1) + 1) % model.queue.size());
        }
    }

    void onAccept(PendingRequest request) {
        if (request != null && remove(request.key())) {
            onAccepted.accept(request.key());
            commands.accept(request.key());
        }
    }

    void onReject(PendingRequest request) {
        if (request != null && remove(request.key())) {
            commands.reject(request.key()); // the core answers with RequestCancelled(REJECTED)
        }
    }

    /** Takes the request off the queue (the card moves to the next) and closes its dialog; false if unknown. */
    private boolean remove(String key) {
        if (dialog != null && dialog.request.key().equals(key)) {
            RequestDialog closing = dialog;
            dialog = null;
            closing.alert.close();
        }
        int index = indexOf(key);
        if (index < 0) {
            return false;
        }
        model.queue.remove(index);
        if (index < model.shown.get()) {
            model.shown.set(model.shown.get() - 1);
        }
        return true;
    }

    private int indexOf(String key) {
        for (int i = 0; i < model.queue.size(); i++) {
            if (model.queue.get(i).key().equals(key)) {
                return i;
            }
        }
        return -1;
    }
}
