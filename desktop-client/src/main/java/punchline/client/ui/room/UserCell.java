package punchline.client.ui.room;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** A user as a row: initial, name, key, and the state as a coloured pill. */
final class UserCell extends ListCell<UserItem> {
    private final Label avatar = new Label();
    private final Label name = new Label();
    private final Label key = new Label();
    private final Label state = new Label();
    private final Tooltip tooltip = new Tooltip();
    private final HBox row;

    UserCell() {
        avatar.getStyleClass().add("avatar");
        name.getStyleClass().add("user-name");
        key.getStyleClass().add("user-key");
        state.getStyleClass().add("state-pill");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        row = new HBox(10, avatar, new VBox(1, name, key), spacer, state);
        row.setAlignment(Pos.CENTER_LEFT);
        getStyleClass().add("user-cell");
    }

    @Override
    protected void updateItem(UserItem item, boolean empty) {
        super.updateItem(item, empty);
        state.getStyleClass().removeIf(style -> style.startsWith("state-") && !style.equals("state-pill"));
        if (empty || item == null) {
            setGraphic(null);
            setTooltip(null);
            return;
        }
        avatar.setText(new String(Character.toChars(item.name.codePointAt(0))).toUpperCase());
        name.setText(item.name);
        key.setText(item.key);
        PeerState current = item.state.get();
        state.setText(current.label());
        state.getStyleClass().add("state-" + current.name().toLowerCase().replace('_', '-'));
        tooltip.setText(item.detail.get().isEmpty() ? item.name + " · " + current.label() : item.detail.get());
        setTooltip(tooltip);
        setGraphic(row);
    }
}
