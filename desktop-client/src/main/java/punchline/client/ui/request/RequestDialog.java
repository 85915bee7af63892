package punchline.client.ui.request;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar.ButtonData;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.stage.Modality;
import javafx.stage.Window;

/** "Bob wants to chat": Accept (Enter) or Reject (Esc). Several can be open at once, one per requester. */
final class RequestDialog {
    static final ButtonType ACCEPT = new ButtonType("Accept", ButtonData.OK_DONE);
    static final ButtonType REJECT = new ButtonType("Reject", ButtonData.CANCEL_CLOSE);

    final Alert alert = new Alert(Alert.AlertType.CONFIRMATION, "", ACCEPT, REJECT);

    RequestDialog(Window owner, String stylesheet, String key, String name) {
        alert.initOwner(owner);
        alert.initModality(Modality.NONE); // the app goes on while a request waits for an answer
        alert.setTitle("Connection request");
        alert.setHeaderText(name + " wants to chat with you");
        alert.setContentText(name + " (" + key + ") asks for a direct connection. Accept to start chatting.");
        Label avatar = new Label(new String(Character.toChars(name.codePointAt(0))).toUpperCase());
        avatar.getStyleClass().addAll("avatar", "large");
        alert.setGraphic(avatar);
        alert.getDialogPane().setId("requestDialog");
        alert.getDialogPane().getStylesheets().add(stylesheet);
        alert.getDialogPane().lookupButton(ACCEPT).setId("acceptButton");
        alert.getDialogPane().lookupButton(REJECT).setId("rejectButton");
    }
}
