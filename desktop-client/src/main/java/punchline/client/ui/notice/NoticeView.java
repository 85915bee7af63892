package punchline.client.ui.notice;

import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/** A slim coloured bar: a title, the text, and a close button. */
final class NoticeView {
    final HBox root = new HBox(10);

    NoticeView(NoticeModel model, NoticeController controller) {
        Label title = new Label();
        title.setId("noticeTitle");
        title.getStyleClass().add("notice-title");
        title.textProperty().bind(Bindings.createStringBinding(() -> model.current.get() == null ? ""
                : model.current.get().title(), model.current));
        title.setMinWidth(Label.USE_PREF_SIZE);

        Label text = new Label();
        text.setId("noticeText");
        text.getStyleClass().add("notice-text");
        text.setWrapText(true);
        text.textProperty().bind(Bindings.createStringBinding(() -> model.current.get() == null ? ""
                : model.current.get().text(), model.current));
        text.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(text, Priority.ALWAYS);

        Button action = new Button();
        action.setId("noticeAction");
        action.textProperty().bind(Bindings.createStringBinding(() -> model.current.get() == null
                || model.current.get().action() == null ? "" : model.current.get().action(), model.current));
        action.visibleProperty().bind(action.textProperty().isNotEmpty());
        action.managedProperty().bind(action.visibleProperty());
        action.setOnAction(event -> controller.onAction());
        action.setMinWidth(Button.USE_PREF_SIZE);

        Button close = new Button("✕");
        close.setId("dismissNotice");
        close.getStyleClass().add("flat");
        close.setTooltip(new Tooltip("Dismiss"));
        close.setOnAction(event -> controller.onDismiss());
        close.setMinWidth(Button.USE_PREF_SIZE);

        root.setId("noticeBar");
        root.getStyleClass().add("notice-bar");
        root.setAlignment(Pos.CENTER_LEFT);
        root.getChildren().addAll(title, text, action, close);
        root.visibleProperty().bind(model.current.isNotNull());
        root.managedProperty().bind(root.visibleProperty());
        model.current.addListener((property, old, notice) -> {
            if (notice != null) {
                style(notice.kind());
            }
        });
    }

    private void style(NoticeController.Kind kind) {
        root.getStyleClass().removeIf(style -> style.startsWith("notice-") && !style.equals("notice-bar"));
        root.getStyleClass().add("notice-" + kind.name().toLowerCase());
    }
}
