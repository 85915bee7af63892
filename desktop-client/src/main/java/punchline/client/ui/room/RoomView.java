package punchline.client.ui.room;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.ObjectBinding;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
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
    private static final PseudoClass OFFLINE = PseudoClass.getPseudoClass("offline");

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
        list.setPlaceholder(placeholder(model, controller));
        VBox.setVgrow(list, Priority.ALWAYS);
        model.selected.bind(list.getSelectionModel().selectedItemProperty());
        // Off the server the rows stay, greyed (the list is not disabled: its placeholder's buttons must work).
        model.online.addListener((property, was, online) -> list.pseudoClassStateChanged(OFFLINE, !online));
        list.pseudoClassStateChanged(OFFLINE, !model.online.get());
        list.setOnMouseClicked(event -> {
            UserItem item = list.getSelectionModel().getSelectedItem();
            if (event.getButton() == MouseButton.PRIMARY && event.getClickCount() == 2 && item != null) {
                controller.onActivate(item);
            }
        });
        MenuItem forget = new MenuItem("Forget this contact…");
        forget.setId("forgetContactMenuItem");
        forget.setOnAction(event -> controller.onForget(list.getSelectionModel().getSelectedItem()));
        ContextMenu menu = new ContextMenu(forget);
        menu.setOnShowing(event -> {
            UserItem item = list.getSelectionModel().getSelectedItem();
            forget.setDisable(item == null || !item.isContact());
        });
        list.setContextMenu(menu);
        // Where the platform makes no context-menu event of a right click (some headless and touch setups).
        list.addEventHandler(javafx.scene.input.MouseEvent.MOUSE_RELEASED, event -> {
            if (event.getButton() == MouseButton.SECONDARY && !menu.isShowing()) {
                menu.show(list, event.getScreenX(), event.getScreenY());
            }
        });
        list.setOnKeyPressed(event -> {
            UserItem item = list.getSelectionModel().getSelectedItem();
            if (event.getCode() == KeyCode.ENTER && item != null) {
                controller.onActivate(item);
                event.consume();
            } else if (event.getCode() == KeyCode.DELETE && item != null && item.isContact()) {
                controller.onForget(item); // asks first
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
                () -> model.selected.get() == null ? null : model.selected.get().chatting.get()
                        ? PeerState.CONNECTED_DIRECT : model.selected.get().state.get(),
                model.selected, model.users);

        Button connect = new Button();
        connect.setId("connectButton");
        connect.getStyleClass().add("accent");
        connect.textProperty().bind(Bindings.createStringBinding(() -> connectText(selectedState.get()),
                selectedState));
        connect.disableProperty().bind(Bindings.createBooleanBinding(() -> selectedState.get() == null
                || selectedState.get() != PeerState.OFFLINE && (!model.online.get() || selectedState.get().canCancel()),
                selectedState, model.online));
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
        return state != null && (state.isConnected() || state == PeerState.OFFLINE) ? "Open chat" : "Connect";
    }

    /** What the empty list says: who will appear here, or, when nothing runs, the ways forward. */
    private static VBox placeholder(RoomModel model, RoomController controller) {
        Label label = new Label();
        label.setId("roomPlaceholder");
        label.getStyleClass().add("placeholder");
        label.setWrapText(true);
        label.textProperty().bind(Bindings.when(model.online)
                .then("Nobody else is here yet.\nFriends who join the same server appear here.")
                .otherwise(Bindings.when(model.stopped)
                        .then("Not connected to a server.\nThe status bar below says why.")
                        .otherwise("Waiting for the server…")));
        Button retry = new Button("Try again");
        retry.setId("retryStartButton");
        retry.setOnAction(event -> controller.onRetryStart());
        Button settings = new Button("Settings…");
        settings.setId("openSettingsButton");
        settings.getStyleClass().add("accent");
        settings.setOnAction(event -> controller.onOpenSettings());
        HBox actions = new HBox(8, retry, settings);
        actions.setAlignment(Pos.CENTER);
        actions.visibleProperty().bind(model.stopped.and(model.online.not()));
        actions.managedProperty().bind(actions.visibleProperty());
        VBox box = new VBox(4, label, actions);
        box.setAlignment(Pos.CENTER);
        return box;
    }
}
