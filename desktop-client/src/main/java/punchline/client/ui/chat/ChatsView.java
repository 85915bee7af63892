package punchline.client.ui.chat;

import javafx.beans.binding.Bindings;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** The chat tabs, with a hint in their place while there are none. */
final class ChatsView {
    final TabPane tabs = new TabPane();
    final StackPane root = new StackPane();

    ChatsView() {
        tabs.setId("chatTabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.ALL_TABS);
        tabs.setTabDragPolicy(TabPane.TabDragPolicy.REORDER);

        Label title = new Label("No chats yet");
        title.getStyleClass().add("empty-title");
        Label hint = new Label("Pick someone on the left and press Connect,\nor wait for someone to ask you.");
        hint.getStyleClass().add("placeholder");
        VBox empty = new VBox(6, title, hint);
        empty.getStyleClass().add("empty-chats");
        empty.setId("noChats");
        empty.visibleProperty().bind(Bindings.isEmpty(tabs.getTabs()));
        empty.setMouseTransparent(true);

        root.getStyleClass().add("chats");
        root.getChildren().addAll(tabs, empty);
    }
}
