package punchline.client.ui.chat;

import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Tab;
import javafx.scene.control.TextField;
import javafx.scene.control.TextFormatter;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import punchline.protocol.Limits;

/** A chat as a tab: header with the route and status, the messages, and the input line. */
final class ChatView {
    final Tab tab = new Tab();
    final TextField input = new TextField();
    private final ListView<ChatMessage> messages = new ListView<>();

    ChatView(ChatModel model, ChatController controller) {
        BorderPane root = new BorderPane();
        root.getStyleClass().add("chat-pane");
        root.setTop(header(model, controller));
        root.setCenter(messageList(model));
        root.setBottom(inputRow(model, controller));

        tab.setContent(root);
        tab.setUserData(model.peerKey);
        tab.setId("chat-" + model.peerKey);
        tab.textProperty().bind(Bindings.createStringBinding(() -> model.peerName + " · "
                + (model.phase.get() == ChatPhase.CONNECTED ? model.route.get() : model.phase.get().label),
                model.phase, model.route));
        Circle dot = new Circle(4);
        dot.getStyleClass().add("phase-dot");
        model.phase.addListener((property, old, phase) -> phaseStyle(dot, phase));
        phaseStyle(dot, model.phase.get());
        tab.setGraphic(dot);
        Tooltip tooltip = new Tooltip();
        tooltip.textProperty().bind(model.status);
        tab.setTooltip(tooltip);
        tab.setOnClosed(event -> controller.onClosed());
        tab.setOnSelectionChanged(event -> {
            if (tab.isSelected()) {
                input.requestFocus();
            }
        });
    }

    private static VBox header(ChatModel model, ChatController controller) {
        Label name = new Label(model.peerName);
        name.getStyleClass().add("chat-title");
        Label key = new Label(model.peerKey);
        key.getStyleClass().add("user-key");
        Label status = new Label();
        status.setId("chatStatus");
        status.getStyleClass().add("chat-status");
        status.setWrapText(true);
        status.textProperty().bind(model.status);
        model.phase.addListener((property, old, phase) -> {
            status.getStyleClass().remove("failed");
            if (phase == ChatPhase.FAILED) {
                status.getStyleClass().add("failed");
            }
        });

        Button retry = new Button("Retry");
        retry.setId("retryButton");
        retry.getStyleClass().add("accent");
        retry.visibleProperty().bind(model.phase.isEqualTo(ChatPhase.FAILED).or(model.phase.isEqualTo(ChatPhase.ENDED)));
        retry.managedProperty().bind(retry.visibleProperty());
        retry.disableProperty().bind(model.peerPresent.not());
        retry.setTooltip(new Tooltip("Ask again to connect"));
        retry.setOnAction(event -> controller.onRetry());

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox titleRow = new HBox(8, name, key, spacer, retry);
        titleRow.setAlignment(Pos.CENTER_LEFT);
        VBox header = new VBox(2, titleRow, status);
        header.getStyleClass().add("chat-header");
        return header;
    }

    private ListView<ChatMessage> messageList(ChatModel model) {
        messages.setId("messageList");
        messages.getStyleClass().add("message-list");
        messages.setItems(model.messages);
        messages.setCellFactory(view -> new MessageCell(view));
        messages.setFocusTraversable(false);
        Label empty = new Label("No messages yet.");
        empty.getStyleClass().add("placeholder");
        messages.setPlaceholder(empty);
        model.messages.addListener((ListChangeListener<ChatMessage>) change ->
                messages.scrollTo(model.messages.size() - 1));
        return messages;
    }

    private HBox inputRow(ChatModel model, ChatController controller) {
        input.setId("messageInput");
        input.setPromptText("Message " + model.peerName + "  (Enter to send)");
        input.setTextFormatter(new TextFormatter<String>(change ->
                change.getControlNewText().length() <= Limits.MAX_CHAT_CHARS ? change : null));
        input.textProperty().bindBidirectional(model.draft);
        input.disableProperty().bind(model.phase.isNotEqualTo(ChatPhase.CONNECTED));
        input.setOnAction(event -> controller.onSend());
        input.setOnKeyPressed(event -> {
            if (event.getCode() == KeyCode.ESCAPE && !input.getText().isEmpty()) {
                input.clear();
                event.consume();
            }
        });
        HBox.setHgrow(input, Priority.ALWAYS);

        Button send = new Button("Send");
        send.setId("sendButton");
        send.getStyleClass().add("accent");
        send.disableProperty().bind(input.disabledProperty().or(model.draft.isEmpty()));
        send.setOnAction(event -> controller.onSend());

        HBox row = new HBox(8, input, send);
        row.setAlignment(Pos.CENTER);
        row.getStyleClass().add("input-row");
        return row;
    }

    private static void phaseStyle(Circle dot, ChatPhase phase) {
        dot.getStyleClass().removeIf(style -> style.startsWith("phase-") && !style.equals("phase-dot"));
        dot.getStyleClass().add("phase-" + phase.name().toLowerCase());
    }
}
