package punchline.client.ui.status;

import javafx.beans.binding.Bindings;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.shape.Circle;
import punchline.client.ui.Icons;
import punchline.protocol.NatType;

/**
 * The bottom bar: server link on the left; hosting (where friends join), our NAT, our fingerprint
 * (opens "About you") and our key (copyable) on the right. In a narrow window the server's words and the
 * NAT's shorten (their tooltips have them in full); where friends join and our key never do.
 */
final class StatusView {
    final HBox root = new HBox(6);

    StatusView(StatusModel model, StatusController controller) {
        Circle dot = new Circle(4);
        dot.getStyleClass().add("server-dot");
        model.state.addListener((property, old, state) -> style(dot, state));
        style(dot, model.state.get());

        Label server = new Label();
        server.setId("serverStatus");
        server.textProperty().bind(model.serverText);
        server.setGraphic(dot);
        Tooltip serverTip = new Tooltip();
        serverTip.textProperty().bind(model.serverText);
        server.setTooltip(serverTip);
        server.setMinWidth(0);
        server.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(server, Priority.ALWAYS);

        Label hosting = new Label();
        hosting.setId("hostingStatus");
        hosting.textProperty().bind(model.hosting);
        Tooltip hostingTip = new Tooltip();
        hostingTip.textProperty().bind(model.hostingDetail);
        hostingTip.setWrapText(true);
        hostingTip.setMaxWidth(420);
        hosting.setTooltip(hostingTip);
        hosting.setMinWidth(Label.USE_PREF_SIZE); // the address friends need is never cut
        Separator afterHosting = separator();
        showWhenNotEmpty(hosting, afterHosting);

        Label nat = new Label();
        nat.setId("natStatus");
        nat.textProperty().bind(model.natText);
        Tooltip natTip = new Tooltip();
        natTip.textProperty().bind(model.natDetail);
        natTip.setWrapText(true);
        natTip.setMaxWidth(420);
        nat.setTooltip(natTip);
        nat.setMinWidth(0);
        model.nat.addListener((property, old, type) -> {
            nat.getStyleClass().remove("nat-strict");
            if (type == NatType.SYMMETRIC) {
                nat.getStyleClass().add("nat-strict");
            }
        });
        Separator afterNat = separator();
        showWhenNotEmpty(nat, afterNat);

        Button you = new Button();
        you.setId("aboutYouButton");
        you.getStyleClass().addAll("flat", "fingerprint");
        you.setGraphic(Icons.person());
        you.textProperty().bind(Bindings.createStringBinding(() -> model.fingerprint.get().length() < 8 ? "You"
                : model.fingerprint.get().substring(0, 4) + " " + model.fingerprint.get().substring(4, 8) + "…",
                model.fingerprint));
        you.setTooltip(new Tooltip("Your fingerprint, which friends see when they connect. Click for the whole"
                + " fingerprint, to compare or copy."));
        you.setOnAction(event -> controller.showAboutYou());
        you.setMinWidth(Button.USE_PREF_SIZE); // the NAT's words shorten first: their tooltip has them all

        Label keyCaption = new Label("Your key");
        Label key = new Label();
        key.setId("ownKey");
        key.getStyleClass().add("own-key");
        key.textProperty().bind(Bindings.when(model.ownKey.isEmpty()).then("–").otherwise(model.ownKey));
        Button copy = new Button("Copy");
        copy.setId("copyKeyButton");
        copy.getStyleClass().add("flat");
        copy.setTooltip(new Tooltip("Copy your key, so others can find you"));
        copy.disableProperty().bind(model.ownKey.isEmpty());
        copy.setOnAction(event -> controller.onCopyKey());

        root.setId("statusBar");
        root.getStyleClass().add("status-bar");
        root.setAlignment(Pos.CENTER_LEFT);
        HBox ownKey = new HBox(6, keyCaption, key, copy);
        ownKey.setAlignment(Pos.CENTER);
        ownKey.setMinWidth(HBox.USE_PREF_SIZE);
        Separator afterServer = separator();
        afterServer.visibleProperty().bind(hosting.visibleProperty());
        afterServer.managedProperty().bind(hosting.visibleProperty());
        root.getChildren().addAll(server, afterServer, hosting, afterHosting, nat, afterNat, you, separator(), ownKey);
    }

    private static void showWhenNotEmpty(Label label, Separator after) {
        label.visibleProperty().bind(label.textProperty().isNotEmpty());
        label.managedProperty().bind(label.visibleProperty());
        after.visibleProperty().bind(label.visibleProperty());
        after.managedProperty().bind(label.visibleProperty());
    }

    private static Separator separator() {
        return new Separator(Orientation.VERTICAL);
    }

    private static void style(Circle dot, ServerState state) {
        dot.getStyleClass().removeIf(style -> style.startsWith("server-") && !style.equals("server-dot"));
        dot.getStyleClass().add("server-" + state.name().toLowerCase());
    }
}
