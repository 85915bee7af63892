package punchline.client.ui.request;

import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import punchline.client.text.UserText;

/**
 * The requests as an inline card above the chats: who asks, Accept and Reject, how many wait. It never
 * takes the keyboard: it appears while the user types elsewhere, and the typing goes on where it was.
 * Its buttons are reached by mouse, by Tab, or through the dialog that Shortcut+R opens.
 */
final class RequestCardView {
    final HBox root = new HBox(12);

    RequestCardView(RequestModel model, RequestController controller, String shortcut) {
        Label avatar = new Label();
        avatar.getStyleClass().add("avatar");
        avatar.textProperty().bind(Bindings.createStringBinding(() -> model.current.get() == null ? ""
                : UserText.initial(model.current.get().name()), model.current));

        Label title = new Label();
        title.setId("requestTitle");
        title.getStyleClass().add("request-title");
        title.textProperty().bind(Bindings.createStringBinding(() -> model.current.get() == null ? ""
                : UserText.isolateWithMarks(model.current.get().name()) + " wants to chat with you", model.current));
        title.setWrapText(true); // a narrow window: two lines rather than a cut-off name
        Label detail = new Label();
        detail.setId("requestDetail");
        detail.getStyleClass().add("request-detail");
        detail.textProperty().bind(Bindings.createStringBinding(() -> {
            PendingRequest request = model.current.get();
            if (request == null) {
                return "";
            }
            int waiting = model.queue.size();
            return "key " + request.key() + (waiting > 1 ? " · " + (model.queue.indexOf(request) + 1) + " of " + waiting
                    + " waiting" : "") + " · " + shortcut + " to answer";
        }, model.current, model.queue));
        VBox texts = new VBox(1, title, detail);
        texts.setMinWidth(0);
        HBox.setHgrow(texts, Priority.ALWAYS);

        Label count = new Label();
        count.setId("requestCount");
        count.getStyleClass().add("request-count");
        count.textProperty().bind(Bindings.size(model.queue).asString());
        count.visibleProperty().bind(Bindings.size(model.queue).greaterThan(1));
        count.managedProperty().bind(count.visibleProperty());
        count.setMinWidth(Label.USE_PREF_SIZE);
        count.setTooltip(new Tooltip("Requests waiting for an answer"));

        Button next = new Button("Next");
        next.setId("nextRequestButton");
        next.getStyleClass().add("flat");
        next.setTooltip(new Tooltip("Show the next request; this one keeps waiting"));
        next.visibleProperty().bind(count.visibleProperty());
        next.managedProperty().bind(next.visibleProperty());
        next.setOnAction(event -> controller.onNext());

        Button reject = new Button("Reject");
        reject.setId("rejectButton");
        reject.setOnAction(event -> controller.onReject(model.current.get()));
        Button accept = new Button("Accept");
        accept.setId("acceptButton");
        accept.getStyleClass().add("accent");
        accept.setOnAction(event -> controller.onAccept(model.current.get()));
        for (Button button : new Button[] {next, reject, accept}) {
            button.setMinWidth(Button.USE_PREF_SIZE);
        }

        root.setId("requestCard");
        root.getStyleClass().add("request-card");
        root.setAlignment(Pos.CENTER_LEFT);
        root.getChildren().addAll(avatar, texts, count, next, reject, accept);
        root.visibleProperty().bind(Bindings.isNotEmpty(model.queue));
        root.managedProperty().bind(root.visibleProperty());
    }
}
