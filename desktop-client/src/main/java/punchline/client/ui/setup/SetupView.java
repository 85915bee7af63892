package punchline.client.ui.setup;

import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableStringValue;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.ButtonBar.ButtonData;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import punchline.client.text.UserText;
import punchline.client.ui.Icons;
import punchline.protocol.Limits;

/** The first-run and settings dialog: display name, and host a server here or join one elsewhere. */
final class SetupView {
    private static final PseudoClass OVER = PseudoClass.getPseudoClass("over");

    final Dialog<ButtonType> dialog = new Dialog<>();
    final ButtonType apply;
    final TextField name = new TextField();

    SetupView(SetupModel model, Window owner, String stylesheet) {
        boolean firstRun = model.firstRun.get();
        apply = new ButtonType(firstRun ? "Start chatting" : "Save", ButtonData.OK_DONE);
        ButtonType dismiss = new ButtonType(firstRun ? "Not now" : "Cancel", ButtonData.CANCEL_CLOSE);
        dialog.initOwner(owner);
        dialog.setTitle(firstRun ? "Welcome to Punchline" : "Punchline settings");
        dialog.setHeaderText(firstRun ? "Welcome to Punchline" : "Settings");
        dialog.getDialogPane().setId("setupDialog");
        dialog.getDialogPane().getStylesheets().add(stylesheet);
        dialog.getDialogPane().getButtonTypes().addAll(apply, dismiss);
        dialog.getDialogPane().lookupButton(apply).setId("applySettingsButton");
        dialog.getDialogPane().lookupButton(dismiss).setId("dismissSettingsButton");
        dialog.getDialogPane().setContent(content(model));
        dialog.setResizable(true);
        // A message that appears (what is wrong, what saving ends) grows the dialog, so Save stays in sight.
        for (ObservableStringValue text : new ObservableStringValue[] {model.problem, model.consequences}) {
            text.addListener((property, old, now) -> Platform.runLater(this::fitContent));
        }
    }

    private void fitContent() {
        Window window = dialog.getDialogPane().getScene() == null ? null : dialog.getDialogPane().getScene().getWindow();
        if (window != null && window.isShowing()) {
            window.sizeToScene();
        }
    }

    private VBox content(SetupModel model) {
        Label intro = new Label("Chat directly with friends, computer to computer. A small rendezvous server"
                + " introduces you; after that your messages go straight between your computers. This computer"
                + " already hosts one, so you can start right away.");
        intro.setWrapText(true);
        intro.getStyleClass().add("setup-intro");
        intro.setVisible(model.firstRun.get());
        intro.setManaged(model.firstRun.get());

        name.setId("nameField");
        name.setPromptText("How others see you");
        name.textProperty().bindBidirectional(model.name);
        // The length as it is typed; nothing is cut: Save says what is wrong while the name is too long.
        Label nameCount = new Label();
        nameCount.setId("nameCount");
        nameCount.getStyleClass().add("name-count");
        nameCount.setMinWidth(Label.USE_PREF_SIZE);
        nameCount.textProperty().bind(Bindings.createStringBinding(() -> {
            int length = UserText.length(model.name.get().strip());
            int over = length - Limits.MAX_NAME_CHARS;
            return length + " / " + Limits.MAX_NAME_CHARS + (over > 0 ? " · " + over + " too many" : "");
        }, model.name));
        model.name.addListener((property, old, text) -> nameCount.pseudoClassStateChanged(OVER,
                UserText.length(text.strip()) > Limits.MAX_NAME_CHARS));
        HBox nameRow = new HBox(8, name, nameCount);
        nameRow.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(name, Priority.ALWAYS);

        ToggleGroup where = new ToggleGroup();
        RadioButton host = new RadioButton("Host a server on this computer, port");
        host.setId("hostServerOption");
        host.setToggleGroup(where);
        RadioButton join = new RadioButton("Join a server at");
        join.setId("remoteServerOption");
        join.setToggleGroup(where);
        where.selectToggle(model.hostServer.get() ? host : join);
        model.hostServer.bind(host.selectedProperty());

        TextField port = new TextField();
        port.setId("hostPortField");
        port.setPrefColumnCount(6);
        port.textProperty().bindBidirectional(model.hostPort);
        port.disableProperty().bind(host.selectedProperty().not());
        Label portHint = new Label("Friends join with this computer's address and this port.");
        portHint.getStyleClass().add("hint");

        TextField server = new TextField();
        server.setId("serverField");
        server.setPromptText("host:port, e.g. chat.example.org:3333");
        server.textProperty().bindBidirectional(model.server);
        server.disableProperty().bind(join.selectedProperty().not());
        HBox.setHgrow(server, Priority.ALWAYS);

        GridPane form = new GridPane();
        form.setHgap(10);
        form.setVgap(10);
        form.addRow(0, new Label("Your name"), nameRow);
        form.addRow(1, new Label("Server"), new HBox(8, host, port));
        form.add(portHint, 1, 2);
        form.add(new HBox(8, join, server), 1, 3);
        GridPane.setHgrow(nameRow, Priority.ALWAYS);

        Label problem = new Label();
        problem.setId("setupProblem");
        problem.getStyleClass().add("problem");
        problem.setWrapText(true);
        problem.textProperty().bind(model.problem);
        problem.visibleProperty().bind(model.problem.isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());

        Label consequences = new Label();
        consequences.setId("settingsConsequences");
        consequences.getStyleClass().add("consequences");
        consequences.setWrapText(true);
        consequences.setGraphic(Icons.warning());
        consequences.textProperty().bind(model.consequences);
        consequences.visibleProperty().bind(model.consequences.isNotEmpty());
        consequences.managedProperty().bind(consequences.visibleProperty());

        VBox content = new VBox(14, intro, form, consequences, problem);
        content.setPadding(new Insets(4, 0, 0, 0));
        content.setPrefWidth(520);
        return content;
    }
}
