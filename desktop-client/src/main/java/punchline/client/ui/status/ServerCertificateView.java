package punchline.client.ui.status;

import javafx.geometry.Insets;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Window;
import javafx.beans.property.SimpleStringProperty;
import punchline.client.ui.FingerprintText;
import punchline.client.text.UserText;

/**
 * The server's certificate changed: both fingerprints in full, to compare with what the server's operator
 * says, and the two answers. Opened only by the user (from the banner's button), never by itself.
 */
final class ServerCertificateView {
    static final ButtonType TRUST = new ButtonType("Trust the new certificate", ButtonBar.ButtonData.OK_DONE);
    static final ButtonType KEEP_REFUSING = new ButtonType("Keep refusing", ButtonBar.ButtonData.CANCEL_CLOSE);

    final Dialog<ButtonType> dialog = new Dialog<>();

    ServerCertificateView(Window owner, String stylesheet, String server, String pinned, String presented) {
        dialog.initOwner(owner);
        dialog.initModality(Modality.NONE);
        dialog.setTitle("Server certificate changed");
        dialog.setHeaderText("The server " + UserText.isolateWithMarks(server) + " has a new certificate");
        dialog.getDialogPane().setId("serverCertificateDialog");
        dialog.getDialogPane().getStylesheets().add(stylesheet);
        dialog.getDialogPane().getButtonTypes().addAll(TRUST, KEEP_REFUSING);
        dialog.getDialogPane().lookupButton(TRUST).setId("trustServerButton");
        dialog.getDialogPane().lookupButton(KEEP_REFUSING).setId("keepRefusingButton");
        // Enter must not trust by accident: the safe answer is the default.
        ((javafx.scene.control.Button) dialog.getDialogPane().lookupButton(TRUST)).setDefaultButton(false);
        ((javafx.scene.control.Button) dialog.getDialogPane().lookupButton(KEEP_REFUSING)).setDefaultButton(true);

        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(8);
        grid.addRow(0, caption("Trusted until now"), fingerprint("pinnedServerFingerprint", pinned));
        grid.addRow(1, caption("Presented now"), fingerprint("presentedServerFingerprint", presented));
        Label hint = new Label("Punchline does not join this server until you decide. A server that was"
                + " reinstalled or moved has a new certificate; so has someone pretending to be it. Ask the"
                + " server's operator (or the friend who invited you) to read you its fingerprint, and trust it"
                + " only if it is the one presented now.");
        hint.setWrapText(true);
        hint.getStyleClass().add("hint");
        VBox content = new VBox(14, grid, hint);
        content.setPadding(new Insets(4, 0, 0, 0));
        content.setPrefWidth(560);
        dialog.getDialogPane().setContent(content);
        dialog.setResizable(true);
    }

    private static Label caption(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("caption");
        label.setMinWidth(Label.USE_PREF_SIZE);
        return label;
    }

    private static TextArea fingerprint(String id, String hex) {
        TextArea area = FingerprintText.of(id, new SimpleStringProperty(hex), "", 40);
        GridPane.setHgrow(area, Priority.ALWAYS);
        return area;
    }
}
