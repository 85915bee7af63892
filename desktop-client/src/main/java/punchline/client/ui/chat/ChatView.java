package punchline.client.ui.chat;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.IntegerBinding;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.ListChangeListener;
import java.util.Locale;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextFormatter;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import punchline.client.net.ClientEvent.Route;
import punchline.client.net.Identity;
import punchline.client.text.UserText;
import punchline.client.ui.FingerprintText;
import punchline.client.ui.Icons;
import punchline.client.ui.status.NatWords;
import punchline.protocol.Limits;

/**
 * A chat as a tab: a header with the status line, how the link is secured (and, on demand, its details),
 * a warning when the peer's certificate changed; then the messages and the input line.
 */
final class ChatView {
    /** The length from which the message box shows it (the limit is 4,000). */
    static final int COUNT_FROM = 3_000;
    /** Text beyond this is not even put into the box (the excess over the message limit is shown). */
    static final int MAX_BOX_CHARS = 10 * Limits.MAX_CHAT_CHARS;
    private static final PseudoClass OVER = PseudoClass.getPseudoClass("over");
    /** The header shrinks (and scrolls) down to its first lines: the name and the status. */
    private static final double HEADER_MIN_HEIGHT = 64;
    private static final double MESSAGES_MIN_HEIGHT = 48;

    final Tab tab = new Tab();
    final TextField input = new TextField();
    private final ListView<ChatMessage> messages = new ListView<>();
    /** Where the list is to be scrolled once laid out, or -1. */
    private int pendingScroll = -1;

    ChatView(ChatModel model, ChatController controller) {
        // In a small window the header (with its details open, it is tall) scrolls and the messages
        // shrink; the message box keeps its height: it is what chatting needs.
        ScrollPane header = new ScrollPane(header(model, controller)) {
            // As tall as its content at the width it gets (its labels wrap), so it only scrolls when short of room.
            @Override
            public Orientation getContentBias() {
                return Orientation.HORIZONTAL;
            }

            @Override
            protected double computePrefHeight(double width) {
                Insets insets = getInsets();
                double inner = width < 0 ? -1 : width - insets.getLeft() - insets.getRight();
                return getContent().prefHeight(inner) + insets.getTop() + insets.getBottom();
            }
        };
        header.setId("chatHeader");
        header.getStyleClass().add("chat-header-scroll");
        header.setFitToWidth(true);
        header.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        header.setMinHeight(HEADER_MIN_HEIGHT);
        header.setFocusTraversable(false);
        ListView<ChatMessage> list = messageList(model, controller);
        list.setMinHeight(MESSAGES_MIN_HEIGHT);
        list.setPrefHeight(MESSAGES_MIN_HEIGHT * 2); // it grows into whatever room is left, not the header's
        VBox.setVgrow(list, Priority.ALWAYS);
        VBox root = new VBox(header, list, inputRow(model, controller));
        root.getStyleClass().add("chat-pane");

        tab.setContent(root);
        tab.setUserData(model.peerKey);
        tab.setId("chat-" + model.peerKey);
        tab.textProperty().bind(Bindings.createStringBinding(() -> model.peer + " · "
                + (model.phase.get() == ChatPhase.CONNECTED ? routeWord(model.route.get()) : model.phase.get().label),
                model.phase, model.route));
        Circle dot = new Circle(4);
        dot.getStyleClass().add("phase-dot");
        model.phase.addListener((property, old, phase) -> phaseStyle(dot, phase));
        phaseStyle(dot, model.phase.get());
        Node warningIcon = Icons.warning();
        // A changed certificate marks the tab too, so the warning is seen from any other chat.
        tab.graphicProperty().bind(Bindings.when(model.fingerprintWarning.isEmpty()).then((Node) dot)
                .otherwise(warningIcon));
        Tooltip tooltip = new Tooltip();
        tooltip.setWrapText(true);
        tooltip.setMaxWidth(420);
        tooltip.textProperty().bind(Bindings.createStringBinding(() -> model.fingerprintWarning.get().isEmpty()
                ? model.status.get() : model.fingerprintWarning.get() + "\n\n" + model.status.get(),
                model.status, model.fingerprintWarning));
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
        VBox header = new VBox(2, titleRow, fingerprintWarning(model, controller), status, security(model, controller),
                details(model));
        header.getStyleClass().add("chat-header");
        return header;
    }

    /**
     * The changed-certificate warning: red, with the old and new fingerprints; it goes only when the
     * user says they checked the new one ("Trust it"), and comes back on every chat until then.
     */
    private static Node fingerprintWarning(ChatModel model, ChatController controller) {
        Label title = new Label("Not the " + model.peer + " you know: another ID under the same name");
        title.setId("fingerprintWarningTitle");
        title.getStyleClass().add("warning-title");
        title.setWrapText(true);
        Label text = new Label();
        text.setId("fingerprintWarning");
        text.setWrapText(true);
        text.textProperty().bind(model.fingerprintWarning);
        Button trust = new Button("I compared them: trust the new certificate");
        trust.setId("trustCertificateButton");
        trust.setOnAction(event -> controller.onTrustCertificate());
        VBox texts = new VBox(3, title, text, trust);
        texts.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(texts, Priority.ALWAYS);
        HBox box = new HBox(8, Icons.warning(), texts);
        box.setAlignment(Pos.TOP_LEFT);
        box.getStyleClass().add("fingerprint-warning");
        box.visibleProperty().bind(model.fingerprintWarning.isNotEmpty());
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    /** "🔒 encrypted · pinned · why relayed? · details", while connected. */
    private static Node security(ChatModel model, ChatController controller) {
        Label secured = new Label("encrypted · pinned", Icons.lock());
        secured.setId("chatSecurity");
        secured.getStyleClass().add("chat-security");
        Tooltip tip = new Tooltip();
        tip.setWrapText(true);
        tip.setMaxWidth(420);
        tip.textProperty().bind(Bindings.createStringBinding(() -> "End-to-end encrypted (TLS 1.3)"
                + (model.route.get() == Route.RELAY ? ", through the relay too: the server only passes the"
                + " ciphertext on" : "") + ". Pinned to " + model.peer + "'s certificate, fingerprint "
                + shortForm(model.peerFingerprint.get()) + " …: nobody else can take part. Details shows it in full.",
                model.route, model.peerFingerprint));
        secured.setTooltip(tip);

        Hyperlink whyRelayed = new Hyperlink("why relayed?");
        whyRelayed.setId("whyRelayedLink");
        whyRelayed.visibleProperty().bind(model.route.isEqualTo(Route.RELAY));
        whyRelayed.managedProperty().bind(whyRelayed.visibleProperty());
        whyRelayed.setOnAction(event -> controller.onShowDetails());

        Hyperlink details = new Hyperlink();
        details.setId("detailsLink");
        details.textProperty().bind(Bindings.when(model.detailsShown).then("hide details").otherwise("details"));
        details.setOnAction(event -> controller.onToggleDetails());

        HBox row = new HBox(6, secured, whyRelayed, details);
        row.setAlignment(Pos.CENTER_LEFT);
        row.getStyleClass().add("security-row");
        row.visibleProperty().bind(model.phase.isEqualTo(ChatPhase.CONNECTED));
        row.managedProperty().bind(row.visibleProperty());
        return row;
    }

    /** The route, why it is relayed, and both fingerprints in full (selectable, to compare or copy). */
    private static Node details(ChatModel model) {
        Label route = new Label();
        route.setId("detailRoute");
        route.setWrapText(true);
        route.textProperty().bind(Bindings.createStringBinding(() -> (model.route.get() == Route.RELAY
                ? "Relayed through the server at " : "Direct to ") + model.remote.get() + " · "
                + model.peer + "'s NAT: " + NatWords.brief(model.peerNat.get()), model.route, model.remote,
                model.peerNat));
        Label why = new Label();
        why.setId("detailWhyRelayed");
        why.setWrapText(true);
        why.textProperty().bind(model.relayReason);
        BooleanBinding relayed = model.route.isEqualTo(Route.RELAY).and(model.relayReason.isNotEmpty());
        Label whyCaption = caption("Why relayed");
        for (Node node : new Node[] {why, whyCaption}) {
            node.visibleProperty().bind(relayed);
            node.managedProperty().bind(relayed);
        }

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(6);
        grid.addRow(0, caption("Route"), route);
        grid.addRow(1, whyCaption, why);
        grid.addRow(2, caption(model.peer + "'s fingerprint"),
                fingerprint("peerFingerprint", model.peerFingerprint));
        grid.addRow(3, caption("Your fingerprint"), fingerprint("ownFingerprintInChat", model.ownFingerprint));
        GridPane.setHgrow(route, Priority.ALWAYS);
        Label hint = new Label("To be sure nobody is in the middle, compare " + model.peer + "'s fingerprint with"
                + " the one " + model.peer + " sees under Punchline ▸ About you, by phone or in person.");
        hint.setWrapText(true);
        hint.getStyleClass().add("hint");
        VBox box = new VBox(8, grid, hint);
        box.setId("chatDetails");
        box.getStyleClass().add("chat-details");
        BooleanBinding shown = model.detailsShown.and(model.phase.isEqualTo(ChatPhase.CONNECTED));
        box.visibleProperty().bind(shown);
        box.managedProperty().bind(shown);
        return box;
    }

    /** The route as the tab header says it (nothing before the chat is connected). */
    private static String routeWord(Route route) {
        if (route == null) {
            return "";
        }
        return switch (route) {
            case DIRECT -> "direct";
            case RELAY -> "relayed";
        };
    }

    private static Label caption(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("caption");
        label.setMinWidth(Label.USE_PREF_SIZE);
        return label;
    }

    private static TextArea fingerprint(String id, ObservableStringValue hex) {
        return FingerprintText.of(id, hex, "(none)", 40);
    }

    private static String shortForm(String fingerprint) {
        return fingerprint.length() < 32 ? "(none)" : Identity.shortForm(fingerprint);
    }

    private ListView<ChatMessage> messageList(ChatModel model, ChatController controller) {
        messages.setId("messageList");
        messages.getStyleClass().add("message-list");
        messages.setItems(model.messages);
        messages.setCellFactory(view -> new MessageCell(view));
        messages.setFocusTraversable(false);
        Label empty = new Label("No messages yet.");
        empty.getStyleClass().add("placeholder");
        messages.setPlaceholder(empty);
        model.messages.addListener((ListChangeListener<ChatMessage>) change -> {
            change.next();
            boolean olderPage = change.wasAdded() && !change.wasRemoved() && change.getFrom() == 0
                    && change.getAddedSize() < model.messages.size();
            // Older messages came in above: the reader stays where they were. Else the newest shows.
            scrollTo(olderPage ? change.getAddedSize() : model.messages.size() - 1);
        });
        // A scroll asked for before the list was laid out with its rows does not hold: asked again after.
        messages.needsLayoutProperty().addListener((property, was, needs) -> {
            if (!needs && pendingScroll >= 0) {
                int target = pendingScroll;
                pendingScroll = -1;
                messages.scrollTo(target);
            }
        });
        // The user scrolling to the top (the wheel, or the scroll bar let go at the top) pages back through
        // the history; a layout that happens to show the top does not.
        messages.addEventFilter(ScrollEvent.SCROLL, event -> {
            if (event.getDeltaY() > 0 && atTop()) {
                controller.onScrolledToTop();
            }
        });
        messages.addEventFilter(MouseEvent.MOUSE_RELEASED, event -> {
            if (atTop()) {
                controller.onScrolledToTop();
            }
        });
        return messages;
    }

    private void scrollTo(int index) {
        pendingScroll = index;
        messages.scrollTo(index);
    }

    private ScrollBar verticalBar() {
        return messages.lookupAll(".scroll-bar").stream().filter(node -> node instanceof ScrollBar bar
                && bar.getOrientation() == Orientation.VERTICAL).map(node -> (ScrollBar) node).findFirst().orElse(null);
    }

    /** Whether the first message shows (or the list does not scroll at all). */
    private boolean atTop() {
        ScrollBar bar = verticalBar();
        return bar == null || !bar.isVisible() || bar.getValue() <= bar.getMin();
    }

    /**
     * The message box and Send, with the length shown as the limit nears and the excess when it is
     * passed: nothing is cut, Send waits until the text fits. The draft stays until it is sent (Escape
     * does not clear it), and stays in the box when the chat is not connected.
     */
    private VBox inputRow(ChatModel model, ChatController controller) {
        input.setId("messageInput");
        input.setPromptText("Message " + model.peer + "  (Enter to send)");
        input.setTextFormatter(new TextFormatter<String>(change -> {
            int length = change.getControlNewText().length();
            if (length > MAX_BOX_CHARS) { // a paste of a whole file: refused, and said so
                controller.onTooLongForTheBox(length);
                return null;
            }
            return change;
        }));
        input.textProperty().bindBidirectional(model.draft);
        input.disableProperty().bind(model.phase.isNotEqualTo(ChatPhase.CONNECTED));
        input.setOnAction(event -> controller.onSend());
        HBox.setHgrow(input, Priority.ALWAYS);

        IntegerBinding length = Bindings.createIntegerBinding(() -> UserText.length(model.draft.get()), model.draft);
        BooleanBinding tooLong = length.greaterThan(Limits.MAX_CHAT_CHARS);
        Button send = new Button("Send");
        send.setId("sendButton");
        send.getStyleClass().add("accent");
        send.disableProperty().bind(input.disabledProperty().or(model.draft.isEmpty()).or(tooLong));
        send.setOnAction(event -> controller.onSend());
        send.setMinWidth(Button.USE_PREF_SIZE);

        Label count = new Label();
        count.setId("charCount");
        count.getStyleClass().add("char-count");
        count.textProperty().bind(Bindings.createStringBinding(() -> !model.inputNote.get().isEmpty()
                ? model.inputNote.get() : lengthText(length.get()), length, model.inputNote));
        count.visibleProperty().bind(length.greaterThan(COUNT_FROM).or(model.inputNote.isNotEmpty()));
        count.managedProperty().bind(count.visibleProperty());
        tooLong.addListener((property, was, is) -> count.pseudoClassStateChanged(OVER, is));
        model.draft.addListener((property, old, text) -> model.inputNote.set(""));
        count.setMaxWidth(Double.MAX_VALUE);

        HBox row = new HBox(8, input, send);
        row.setAlignment(Pos.CENTER);
        VBox box = new VBox(4, row, count);
        box.getStyleClass().add("input-row");
        box.setMinHeight(VBox.USE_PREF_SIZE); // the last thing to shrink: chatting needs it
        return box;
    }

    /** "3,950 / 4,000", or "5,000 / 4,000 · 1,000 too many to send". */
    static String lengthText(int length) {
        int over = length - Limits.MAX_CHAT_CHARS;
        return String.format(Locale.ROOT, "%,d / %,d", length, Limits.MAX_CHAT_CHARS)
                + (over > 0 ? String.format(Locale.ROOT, " · %,d too many to send: shorten it or split it", over) : "");
    }

    private static void phaseStyle(Circle dot, ChatPhase phase) {
        dot.getStyleClass().removeIf(style -> style.startsWith("phase-") && !style.equals("phase-dot"));
        dot.getStyleClass().add("phase-" + phase.name().toLowerCase());
    }
}
