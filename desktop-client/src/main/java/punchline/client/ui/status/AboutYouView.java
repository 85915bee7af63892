package punchline.client.ui.status;

import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Window;
import punchline.client.ui.FingerprintText;

/** "About you": who the others see — name, key, fingerprint (to compare), NAT — with Copy buttons. */
final class AboutYouView {
    final Dialog<Void> dialog = new Dialog<>();

    AboutYouView(StatusModel model, StatusController controller, Window owner, String stylesheet) {
        dialog.initOwner(owner);
        dialog.initModality(Modality.NONE);
        dialog.setTitle("About you");
        dialog.setHeaderText("About you");
        dialog.getDialogPane().setId("aboutYouDialog");
        dialog.getDialogPane().getStylesheets().add(stylesheet);
        dialog.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        dialog.getDialogPane().setContent(content(model, controller));
        dialog.setResizable(true);
    }

    private static VBox content(StatusModel model, StatusController controller) {
        Label name = value("aboutName");
        name.textProperty().bind(model.name);
        Label key = value("aboutKey");
        key.getStyleClass().add("own-key");
        key.textProperty().bind(Bindings.when(model.ownKey.isEmpty()).then("– (not on the server right now)")
                .otherwise(model.ownKey));
        Button copyKey = new Button("Copy");
        copyKey.getStyleClass().add("flat");
        copyKey.disableProperty().bind(model.ownKey.isEmpty());
        copyKey.setOnAction(event -> controller.onCopyKey());
        Label server = value("aboutServer");
        server.textProperty().bind(model.serverAddress);
        Label seen = value("aboutSeenAt");
        seen.textProperty().bind(Bindings.when(model.publicEndpoint.isEmpty()).then("–")
                .otherwise(model.publicEndpoint));
        Label nat = value("aboutNat");
        nat.setWrapText(true);
        nat.textProperty().bind(Bindings.createStringBinding(() -> model.nat.get() == null ? "not measured yet"
                : NatWords.brief(model.nat.get()) + ". " + NatWords.explain(model.nat.get()), model.nat));

        TextArea fingerprint = FingerprintText.of("ownFingerprint", model.fingerprint, "", 32);
        Button copyFingerprint = new Button("Copy fingerprint");
        copyFingerprint.setId("copyFingerprintButton");
        copyFingerprint.disableProperty().bind(model.fingerprint.isEmpty());
        copyFingerprint.setOnAction(event -> controller.onCopyFingerprint());
        copyFingerprint.setMinWidth(Button.USE_PREF_SIZE);
        HBox fingerprintRow = new HBox(8, fingerprint, copyFingerprint);
        fingerprintRow.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(fingerprint, Priority.ALWAYS);

        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(8);
        grid.addRow(0, caption("Name"), name);
        HBox keyRow = new HBox(6, key, copyKey);
        keyRow.setAlignment(Pos.CENTER_LEFT);
        grid.addRow(1, caption("Your key"), keyRow);
        grid.addRow(2, caption("Server"), server);
        grid.addRow(3, caption("Seen at"), seen);
        grid.addRow(4, caption("Your NAT"), nat);
        grid.addRow(5, caption("Fingerprint"), fingerprintRow);
        TextArea serverFingerprint = FingerprintText.of("serverFingerprint", model.serverFingerprint,
                "(not joined yet)", 32);
        grid.addRow(6, caption("Server's certificate"), serverFingerprint);
        GridPane.setHgrow(nat, Priority.ALWAYS);

        Label hint = new Label("Friends see this fingerprint when they connect to you, and their Punchline pins it:"
                + " nobody else can pose as you in the chat. To be sure nobody sits in the middle, read it to them"
                + " (by phone or in person) and have them compare it with the one their chat with you shows.");
        hint.setWrapText(true);
        hint.getStyleClass().add("hint");

        Label problem = new Label();
        problem.setId("identityProblem");
        problem.getStyleClass().add("problem");
        problem.setWrapText(true);
        problem.textProperty().bind(model.identityProblem);
        problem.visibleProperty().bind(model.identityProblem.isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());

        VBox content = new VBox(14, grid, hint, problem);
        content.setPadding(new Insets(4, 0, 0, 0));
        content.setPrefWidth(560);
        return content;
    }

    private static Label caption(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("caption");
        label.setMinWidth(Label.USE_PREF_SIZE);
        return label;
    }

    private static Label value(String id) {
        Label label = new Label();
        label.setId(id);
        return label;
    }
}
