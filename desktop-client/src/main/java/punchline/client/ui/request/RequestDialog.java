package punchline.client.ui.request;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar.ButtonData;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.stage.Modality;
import javafx.stage.Window;
import punchline.client.text.UserText;

/**
 * "Bob wants to chat": Accept (Enter), Reject, or Later (Esc, which answers nothing). Only ever opened
 * by the user (the shortcut, the notification): a request by itself never takes the keyboard.
 */
final class RequestDialog {
    static final ButtonType ACCEPT = new ButtonType("Accept", ButtonData.OK_DONE);
    static final ButtonType REJECT = new ButtonType("Reject", ButtonData.NO);
    static final ButtonType LATER = new ButtonType("Later", ButtonData.CANCEL_CLOSE);

    final Alert alert = new Alert(Alert.AlertType.CONFIRMATION, "", ACCEPT, REJECT, LATER);
    final PendingRequest request;

    RequestDialog(Window owner, String stylesheet, PendingRequest request, int waiting) {
        this.request = request;
        String name = UserText.isolateWithMarks(request.name());
        alert.initOwner(owner);
        alert.initModality(Modality.NONE); // the app goes on while a request waits for an answer
        alert.setTitle(waiting > 1 ? "Connection request (" + waiting + " waiting)" : "Connection request");
        alert.setHeaderText(name + " wants to chat with you");
        alert.setContentText(name + " (key " + request.key() + ") asks for a direct, encrypted connection."
                + " Accept to start chatting; Later keeps the request waiting.");
        Label avatar = new Label(UserText.initial(request.name()));
        avatar.getStyleClass().addAll("avatar", "large");
        alert.setGraphic(avatar);
        alert.getDialogPane().setId("requestDialog");
        alert.getDialogPane().getStylesheets().add(stylesheet);
        alert.getDialogPane().lookupButton(ACCEPT).setId("dialogAcceptButton");
        alert.getDialogPane().lookupButton(REJECT).setId("dialogRejectButton");
        alert.getDialogPane().lookupButton(LATER).setId("dialogLaterButton");
    }
}
