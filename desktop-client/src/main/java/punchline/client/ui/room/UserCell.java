package punchline.client.ui.room;

import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import punchline.client.text.UserText;
import punchline.client.ui.Icons;
import punchline.protocol.UserId;

/** A user as a row: initial, name, key, the state as a coloured pill, and a warning under it if there is one. */
final class UserCell extends ListCell<UserItem> {
    private final Label avatar = new Label();
    private final Label name = new Label();
    private final Label key = new Label();
    private static final PseudoClass AWAY = PseudoClass.getPseudoClass("away");
    private final Label warning = new Label("", Icons.warning());
    private final Label state = new Label();
    private final Tooltip tooltip = new Tooltip();
    private final VBox row;

    UserCell() {
        avatar.getStyleClass().add("avatar");
        name.getStyleClass().add("user-name");
        key.getStyleClass().add("user-key");
        warning.getStyleClass().add("user-warning");
        state.getStyleClass().add("state-pill");
        state.setMinWidth(Label.USE_PREF_SIZE);
        tooltip.setWrapText(true);
        tooltip.setMaxWidth(380);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        VBox who = new VBox(1, name, key);
        who.setMinWidth(0); // the name shortens (…) before the state pill does
        HBox line = new HBox(10, avatar, who, spacer, state);
        line.setAlignment(Pos.CENTER_LEFT);
        warning.setPadding(new Insets(2, 0, 0, 44)); // under the name, with the row's width to itself
        row = new VBox(line, warning);
        getStyleClass().add("user-cell");
        setPrefWidth(0); // as wide as the list, never wider: no sideways scrolling
    }

    @Override
    protected void updateItem(UserItem item, boolean empty) {
        super.updateItem(item, empty);
        state.getStyleClass().removeIf(style -> style.startsWith("state-") && !style.equals("state-pill"));
        pseudoClassStateChanged(AWAY, !empty && item != null && !item.isOnline());
        if (empty || item == null) {
            setGraphic(null);
            setTooltip(null);
            return;
        }
        avatar.setText(UserText.initial(item.name));
        name.setText(item.name);
        // The ID tells apart two people with the same name; the key is what the server calls them today.
        String shortId = item.id == null ? "" : "ID " + UserId.shortForm(item.id);
        key.setText(item.key == null ? shortId : shortId.isEmpty() ? item.key : shortId + " · " + item.key);
        // Chatting under the key they had before the server restarted: the same person, the chat is live.
        boolean chatting = item.chatting.get() && item.state.get() == PeerState.IDLE;
        PeerState current = chatting ? PeerState.CONNECTED_DIRECT : item.state.get();
        state.setText(chatting ? "chatting" : current.label());
        state.getStyleClass().add("state-" + current.name().toLowerCase().replace('_', '-'));
        boolean warned = !item.warning.get().isEmpty();
        warning.setText(item.warningShort.get());
        warning.setVisible(warned);
        warning.setManaged(warned);
        String about = item.detail.get().isEmpty() ? UserText.isolateWithMarks(item.name) + " · " + state.getText()
                : item.detail.get();
        tooltip.setText(warned ? item.warning.get() + "\n\n" + about : about);
        setTooltip(tooltip);
        setGraphic(row);
    }
}
