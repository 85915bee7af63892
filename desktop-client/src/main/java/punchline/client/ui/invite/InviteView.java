package punchline.client.ui.invite;

import javafx.event.ActionEvent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Window;

/** "Paste invite": a box for a friend's invite (the link or the text), and Join. */
final class InviteView {
    final ButtonType join = new ButtonType("Join", ButtonBar.ButtonData.OK_DONE);
    final Dialog<ButtonType> dialog = new Dialog<>();
    final TextArea text = new TextArea();

    InviteView(InviteModel model, InviteController controller, Window owner, String stylesheet) {
        dialog.initOwner(owner);
        dialog.initModality(Modality.NONE);
        dialog.setTitle("Paste an invite");
        dialog.setHeaderText("Join a friend from their invite");
        dialog.getDialogPane().setId("pasteInviteDialog");
        dialog.getDialogPane().getStylesheets().add(stylesheet);
        dialog.getDialogPane().getButtonTypes().addAll(join, ButtonType.CANCEL);
        Button joinButton = (Button) dialog.getDialogPane().lookupButton(join);
        joinButton.setId("joinInviteButton");
        joinButton.disableProperty().bind(model.pasted.isEmpty());
        joinButton.addEventFilter(ActionEvent.ACTION, event -> {
            if (!controller.onJoin()) {
                event.consume(); // not an invite: the dialog stays, saying why
            }
        });

        text.setId("inviteText");
        text.setPromptText("Paste the punchline:// link or the invite's text here");
        text.setWrapText(true);
        text.setPrefRowCount(6);
        text.setPrefColumnCount(48);
        text.textProperty().bindBidirectional(model.pasted);
        Label hint = new Label("Punchline joins the invite's server, trusting only the certificate it names, and"
                + " adds your friend as a contact: shown offline until they are there.");
        hint.setWrapText(true);
        hint.getStyleClass().add("hint");
        Label problem = new Label();
        problem.setId("inviteProblem");
        problem.getStyleClass().add("problem");
        problem.setWrapText(true);
        problem.textProperty().bind(model.problem);
        problem.visibleProperty().bind(model.problem.isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());
        VBox content = new VBox(10, text, problem, hint);
        content.setPrefWidth(520);
        dialog.getDialogPane().setContent(content);
        dialog.setResizable(true);
    }
}
