package punchline.client.ui.room;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.ObjectBinding;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.controlsfx.control.textfield.TextFields;
import punchline.client.text.UserText;

/** The user list with its Connect and Cancel buttons. */
final class RoomView {
    final VBox root = new VBox();
    final ListView<UserItem> list = new ListView<>();

    RoomView(RoomModel model, RoomController controller) {
        Label title = new Label();
        title.getStyleClass().add("pane-title");
        title.setId("roomTitle");
        title.textProperty().bind(Bindings.when(model.room.isEmpty()).then("People")
                .otherwise(Bindings.createStringBinding(() -> "People in " + UserText.isolateWithMarks(model.room.get()),
                        model.room)));

        TextField filter = TextFields.createClearableTextField();
        filter.setId("userFilter");
        filter.setPromptText("Find someone");
        filter.textProperty().bindBidirectional(model.filter);

        list.setId("userList");
        list.setItems(model.shown);
        list.setCellFactory(view -> new UserCell());
        list.setPlaceholder(placeholder(model));
        VBox.setVgrow(list, Priority.ALWAYS);
        model.selected.bind(list.getSelectionModel().selectedItemProperty());
        list.disableProperty().bind(model.online.not());
        list.setOnMouseClicked(event -> {
            UserItem item = list.getSelectionModel().getSelectedItem();
            if (event.getButton() == MouseButton.PRIMARY && event.getClickCount() == 2 && item != null) {
                controller.onActivate(item);
            }
        });
        list.setOnKeyPressed(event -> {
            UserItem item = list.getSelectionModel().getSelectedItem();
            if (event.getCode() == KeyCode.ENTER && item != null) {
                controller.onActivate(item);
                event.consume();
            }
        });

        root.getStyleClass().add("sidebar");
        root.setId("roomPane");
        root.getChildren().addAll(title, filter, list, actions(model, controller));
    }

    private static HBox actions(RoomModel model, RoomController controller) {
        // Recomputed when the selection changes or any row's state does (the list has an extractor).
        ObjectBinding<PeerState> selectedState = Bindings.createObjectBinding(
                () -> model.selected.get() == null ? null : model.selected.get().state.get(),
                model.selected, model.users);

        Button connect = new Button();
        connect.setId("connectButton");
        connect.getStyleClass().add("accent");
        connect.textProperty().bind(Bindings.createStringBinding(() -> connectText(selectedState.get()),
                selectedState));
        connect.disableProperty().bind(Bindings.createBooleanBinding(() -> selectedState.get() == null
                || !model.online.get() || selectedState.get().canCancel(), selectedState, model.online));
        connect.setOnAction(event -> controller.onActivate(model.selected.get()));

        Button cancel = new Button("Cancel request");
        cancel.setId("cancelButton");
        cancel.visibleProperty().bind(Bindings.createBooleanBinding(
                () -> selectedState.get() != null && selectedState.get().canCancel(), selectedState));
        cancel.managedProperty().bind(cancel.visibleProperty());
        cancel.setOnAction(event -> controller.onCancel(model.selected.get()));

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox actions = new HBox(8, connect, spacer, cancel);
        actions.setAlignment(Pos.CENTER_LEFT);
        actions.getStyleClass().add("room-actions");
        return actions;
    }

    private static String connectText(PeerState state) {
        if (state == PeerState.REQUEST_RECEIVED) {
            return "Accept";
        }
        return state != null && state.isConnected() ? "Open chat" : "Connect";
    }

    private static Label placeholder(RoomModel model) {
        Label label = new Label();
        label.getStyleClass().add("placeholder");
        label.setWrapText(true);
        label.textProperty().bind(Bindings.when(model.online)
                .then("Nobody else is here yet.\nFriends who join the same server appear here.")
                .otherwise("Waiting for the server…"));
        return label;
    }
}
