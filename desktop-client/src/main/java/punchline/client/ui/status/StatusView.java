package punchline.client.ui.status;

import javafx.beans.binding.Bindings;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.shape.Circle;
import org.controlsfx.control.StatusBar;

/** The bottom bar: server link on the left; hosting, own key (copyable) and public endpoint on the right. */
final class StatusView {
    final StatusBar root = new StatusBar();

    StatusView(StatusModel model, StatusController controller) {
        Circle dot = new Circle(4);
        dot.getStyleClass().add("server-dot");
        model.state.addListener((property, old, state) -> style(dot, state));
        style(dot, model.state.get());

        Label server = new Label();
        server.setId("serverStatus");
        server.textProperty().bind(model.serverText);
        server.setGraphic(dot);

        Label hosting = new Label();
        hosting.setId("hostingStatus");
        hosting.textProperty().bind(model.hosting);
        Tooltip hostingTip = new Tooltip();
        hostingTip.textProperty().bind(model.hostingDetail);
        hosting.setTooltip(hostingTip);
        hosting.visibleProperty().bind(model.hosting.isNotEmpty());
        hosting.managedProperty().bind(hosting.visibleProperty());
        Separator afterHosting = separator();
        afterHosting.visibleProperty().bind(hosting.visibleProperty());
        afterHosting.managedProperty().bind(hosting.visibleProperty());

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

        Label endpoint = new Label();
        endpoint.setId("publicEndpoint");
        endpoint.textProperty().bind(Bindings.when(model.publicEndpoint.isEmpty()).then("")
                .otherwise(Bindings.concat("Seen at ", model.publicEndpoint)));
        endpoint.setTooltip(new Tooltip("Your address and port as the server sees them"));

        root.setId("statusBar");
        root.setText("");
        root.getLeftItems().add(server);
        HBox ownKey = new HBox(6, keyCaption, key, copy);
        ownKey.setAlignment(Pos.CENTER);
        root.getRightItems().addAll(hosting, afterHosting, ownKey, separator(), endpoint);
    }

    private static Separator separator() {
        return new Separator(Orientation.VERTICAL);
    }

    private static void style(Circle dot, ServerState state) {
        dot.getStyleClass().removeIf(style -> style.startsWith("server-") && !style.equals("server-dot"));
        dot.getStyleClass().add("server-" + state.name().toLowerCase());
    }
}
