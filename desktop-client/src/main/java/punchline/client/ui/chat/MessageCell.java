package punchline.client.ui.chat;

import javafx.beans.InvalidationListener;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import punchline.client.text.UserText;

/** A message as a bubble (ours on the right, theirs on the left) or a connection event as a centred line. */
final class MessageCell extends ListCell<ChatMessage> {
    private final Label text = new Label();
    private final Label meta = new Label();
    private final VBox bubble = new VBox(3, text, meta);
    private final HBox row = new HBox(bubble);
    private final Label event = new Label();
    private final InvalidationListener deliveryChanged = observable -> showMeta();
    private ChatMessage shown;

    MessageCell(ListView<ChatMessage> list) {
        text.getStyleClass().add("message-text");
        text.setWrapText(true);
        meta.getStyleClass().add("message-meta");
        bubble.getStyleClass().add("bubble");
        // Long messages wrap at most of the list's width instead of scrolling sideways.
        bubble.maxWidthProperty().bind(list.widthProperty().multiply(0.72));
        event.getStyleClass().add("chat-event");
        event.setWrapText(true);
        event.maxWidthProperty().bind(list.widthProperty().subtract(40));
        getStyleClass().add("message-cell");
        setPrefWidth(0);
    }

    @Override
    protected void updateItem(ChatMessage item, boolean empty) {
        super.updateItem(item, empty);
        if (shown != null) {
            shown.delivery.removeListener(deliveryChanged);
            shown.problem.removeListener(deliveryChanged);
        }
        shown = empty || item == null || item.kind == ChatMessage.Kind.EVENT ? null : item;
        if (empty || item == null) {
            setGraphic(null);
            return;
        }
        if (item.kind == ChatMessage.Kind.EVENT) {
            event.setText(item.time + "  " + item.text);
            setAlignment(Pos.CENTER);
            setGraphic(event);
            return;
        }
        boolean mine = item.kind == ChatMessage.Kind.MINE;
        text.setText(item.text);
        bubble.getStyleClass().removeAll("mine", "theirs");
        bubble.getStyleClass().add(mine ? "mine" : "theirs");
        row.setAlignment(mine ? Pos.CENTER_RIGHT : Pos.CENTER_LEFT);
        setAlignment(Pos.CENTER_LEFT);
        item.delivery.addListener(deliveryChanged);
        item.problem.addListener(deliveryChanged);
        showMeta();
        setGraphic(row);
    }

    private void showMeta() {
        ChatMessage item = shown;
        if (item == null) {
            return;
        }
        String state = item.delivery.get().label;
        String problem = item.problem.get();
        meta.setText(UserText.isolateWithMarks(item.sender) + " · " + item.time + (state.isEmpty() ? "" : " · " + state)
                + (problem.isEmpty() ? "" : " — " + problem));
        meta.getStyleClass().removeAll("failed", "pending");
        if (item.delivery.get() == ChatMessage.Delivery.NOT_CONFIRMED) {
            meta.getStyleClass().add("failed");
        } else if (item.delivery.get() == ChatMessage.Delivery.NOT_CONFIRMED_YET) {
            meta.getStyleClass().add("pending");
        }
    }
}
