package punchline.client.ui.chat;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import javafx.animation.PauseTransition;
import javafx.scene.Node;
import javafx.scene.control.Tab;
import punchline.client.net.ClientEvent.Route;
import punchline.client.net.Identity;
import punchline.client.text.UserText;
import punchline.client.ui.UiThread;
import punchline.client.ui.session.ContactCommands;
import punchline.client.ui.session.PeerCommands;
import punchline.protocol.Endpoint;
import punchline.protocol.Limits;
import punchline.protocol.NatType;

/** One chat with one peer: its connection's story, its messages, and sending. */
final class ChatController {
    /** Lines a chat keeps on screen; older ones go (the peer's flood limit bounds the rate). */
    static final int MAX_KEPT = 2_000;
    /** After this long without an acknowledgement a message says "not confirmed yet" (an ack takes a round trip). */
    static final javafx.util.Duration CONFIRMATION_EXPECTED = javafx.util.Duration.seconds(3);

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    private final ChatModel model;
    private final ChatView view;
    private final PeerCommands commands;
    private final ChatHistory history;
    private final String ownName;
    private Runnable onClosed = () -> { };

    ChatController(String peerKey, String peerName, String contactId, String ownName, String ownFingerprint,
                   PeerCommands commands, ContactCommands store) {
        this.model = new ChatModel(peerKey, peerName);
        model.ownFingerprint.set(ownFingerprint);
        this.commands = commands;
        this.history = new ChatHistory(store, contactId, ownName, peerName);
        this.ownName = ownName;
        this.view = new ChatView(model, this);
    }

    /** The verified ID of the person (the key changes with every server connection), or null. */
    String contactId() {
        return history.contactId;
    }

    /** Shows the latest messages kept with this contact, above whatever the chat has shown so far. */
    void loadHistory() {
        history.latest(this::showOlder, this::historyFailed);
    }

    /** The user scrolled to the first message: the page before it comes in above. */
    void onScrolledToTop() {
        history.before(this::showOlder, this::historyFailed);
    }

    private void showOlder(java.util.List<ChatMessage> rows) {
        model.messages.addAll(0, rows);
    }

    private void historyFailed(String why) {
        addEvent("⚠ Your history with " + model.peer + " could not be read: " + why);
    }

    /**
     * The user forgot this contact: the messages go from the screen, as they went from the store. True
     * when the chat held nothing else (a contact's history while offline): it closes.
     */
    boolean onForgotten() {
        model.messages.removeIf(message -> message.kind != ChatMessage.Kind.EVENT);
        history.forget();
        if (model.phase.get() == ChatPhase.OFFLINE) {
            return true;
        }
        addEvent("You forgot " + model.peer + ": your history with them is deleted from this computer");
        return false;
    }

    /** A contact who is not in the room: the chat shows their history and says why nothing can be sent. */
    void showOffline() {
        model.phase.set(ChatPhase.OFFLINE);
        model.peerPresent.set(false);
        model.status.set(model.peer + " is offline. Your history with them is below; you can write once they are back.");
    }

    Tab tab() {
        return view.tab;
    }

    void focusInput() {
        view.input.requestFocus();
    }

    boolean ownsInput(Node node) {
        return node == view.input;
    }

    String peerKey() {
        return model.peerKey;
    }

    String peerName() {
        return model.peerName;
    }

    /** The certificate this chat is (or was last) pinned to, or empty before the introduction. */
    String peerFingerprint() {
        return model.peerFingerprint.get();
    }

    /** Whether the chat is over (ended or failed): nothing runs that a new chat would disturb. */
    boolean isOver() {
        return model.phase.get() == ChatPhase.ENDED || model.phase.get() == ChatPhase.FAILED
                || model.phase.get() == ChatPhase.OFFLINE;
    }

    boolean isConnected() {
        return model.phase.get() == ChatPhase.CONNECTED;
    }

    String draft() {
        return model.draft.get();
    }

    /** Puts {@code text} into an empty message box (a draft kept from a closed or earlier chat). */
    void restoreDraft(String text) {
        if (text != null && !text.isEmpty() && model.draft.get().isEmpty()) {
            model.draft.set(text);
        }
    }

    /** This chat goes on from an earlier one with the same person: its lines and draft come along. */
    void continueFrom(ChatController earlier) {
        model.messages.addAll(0, earlier.model.messages);
        history.continueFrom(earlier.history);
        restoreDraft(earlier.model.draft.get());
        if (earlier.model.peerPresent.get() || !earlier.model.messages.isEmpty()) {
            addEvent("A new chat with " + model.peer + " (key " + model.peerKey + ")");
        }
    }

    // ---- the connection ----

    void onRequestSent() {
        model.phase.set(ChatPhase.WAITING);
        model.status.set("Asked " + model.peer + " to connect; waiting for an answer…");
    }

    void onRequestEnded(String why) {
        if (model.phase.get() == ChatPhase.WAITING) {
            model.phase.set(ChatPhase.FAILED);
            model.status.set("No connection: " + ChatWords.phrase(model.peer, why) + ".");
        }
    }

    void onIntroduced(Endpoint peerPublic, String fingerprint, NatType nat) {
        model.relayReason.set("");
        model.peerFingerprint.set(fingerprint == null ? "" : fingerprint);
        model.peerNat.set(nat == null ? NatType.UNKNOWN : nat);
        model.phase.set(ChatPhase.CONNECTING);
        model.status.set("Connecting to " + model.peer + " directly (seen at " + peerPublic + ")…");
    }

    /** The direct path failed or cannot work ({@code reason}): the core goes through the server's relay. */
    void onRelaying(String reason) {
        model.relayReason.set(reason);
        model.phase.set(ChatPhase.RELAYING);
        String why = ChatWords.phrase(model.peer, reason);
        model.status.set("Connecting through the relay: no direct path to " + model.peer + " (" + why + ")…");
        addEvent("No direct path to " + model.peer + " (" + why + "), so the chat goes through the relay");
    }

    /**
     * The peer's certificate is not the one seen before under this name. Said in the chat, in the header
     * for as long as the chat is open, and never dismissed: the user must see it.
     */
    void onFingerprintChanged(String previous, String current) {
        String name = model.peer;
        model.fingerprintWarning.set("Was " + Identity.shortForm(previous) + "…\nNow " + Identity.shortForm(current)
                + "…\nThis " + name + " has another ID than your contact: " + name + " on a new computer (or a"
                + " reinstalled Punchline), someone else using the name, or someone is in the middle."
                + " Before you say anything private, ask " + name + " by phone or in person to read their"
                + " fingerprint (Punchline ▸ About you) and compare it with the one under details.");
        addEvent("Warning: this " + name + " is not your contact " + name + " (another ID; your contact's"
                + " certificate was " + Identity.shortForm(previous) + " …)");
    }

    /** The relayed chat now goes directly: nothing was lost on the way. */
    void onUpgraded(Endpoint remote) {
        model.relayReason.set("");
        model.route.set(Route.DIRECT);
        model.remote.set(remote.toString());
        model.status.set("Connected directly to " + remote + " (moved from the relay)");
        addEvent("Now directly connected to " + remote + " · no longer through the relay");
    }

    /** The user said they checked the new certificate; the core confirms with {@link #onFingerprintTrusted}. */
    void onTrustCertificate() {
        commands.trustCertificate(model.peerKey);
    }

    void onFingerprintTrusted(String fingerprint) {
        model.fingerprintWarning.set("");
        addEvent("You now trust " + model.peer + "'s certificate " + Identity.shortForm(fingerprint) + " …");
    }

    void onAttempt(Endpoint endpoint) {
        if (model.phase.get() == ChatPhase.CONNECTING) {
            model.status.set("Connecting to " + model.peer + ": trying " + endpoint + "…");
        }
    }

    void onConnected(Route route, Endpoint remote, Duration elapsed) {
        boolean direct = route == Route.DIRECT;
        if (direct) {
            model.relayReason.set("");
        }
        model.route.set(route);
        model.remote.set(remote.toString());
        model.phase.set(ChatPhase.CONNECTED);
        String how = direct ? "Connected directly to " : "Relayed through ";
        model.status.set(how + remote + String.format(Locale.ROOT, " (in %.1f s)", elapsed.toMillis() / 1000.0));
        addEvent((direct ? how : "Connected through the relay at ") + remote + " · encrypted end to end");
    }

    void onFailed(String reason) {
        model.phase.set(ChatPhase.FAILED);
        String why = ChatWords.phrase(model.peer, reason);
        model.status.set("Could not connect to " + model.peer + ": " + why + ".");
        addEvent("Could not connect · " + why);
    }

    void onPeerLeft(String reason) {
        String why = ChatWords.ended(model.peer, reason);
        model.phase.set(ChatPhase.ENDED);
        model.status.set("The chat ended: " + why + ".");
        addEvent("Chat ended · " + why);
    }

    /** The peer left the room: nobody to retry with any more. */
    void onPeerLeftRoom() {
        model.peerPresent.set(false);
        if (model.phase.get() != ChatPhase.CONNECTED) {
            model.status.set(model.status.get() + " " + model.peer + " has left the room.");
        }
    }

    /** Something we asked about this peer was refused; {@code message} says why. */
    void onProblem(String message) {
        addEvent("⚠ " + ChatWords.phrase(model.peer, message));
    }

    // ---- messages ----

    void onMessageSent(long id, String text) {
        ChatMessage message = ChatMessage.mine(id, ownName, text, now());
        append(message);
        PauseTransition wait = new PauseTransition(CONFIRMATION_EXPECTED);
        wait.setOnFinished(event -> {
            if (message.delivery.get() == ChatMessage.Delivery.SENDING) {
                message.delivery.set(ChatMessage.Delivery.NOT_CONFIRMED_YET);
            }
        });
        wait.play();
    }

    void onMessageReceived(long id, String text) {
        append(ChatMessage.theirs(id, model.peerName, text, now()));
    }

    /** The peer acknowledged the message: delivered, however late (even after "not confirmed"). */
    void onDelivered(long id) {
        ChatMessage message = find(id, ChatMessage.Kind.MINE);
        message.delivery.set(ChatMessage.Delivery.DELIVERED);
        message.problem.set("");
    }

    /** The chat ended before the peer acknowledged the message: it may have arrived or not. */
    void onMessageFailed(long id, String reason) {
        ChatMessage message = find(id, ChatMessage.Kind.MINE);
        if (message.delivery.get() != ChatMessage.Delivery.DELIVERED) {
            message.delivery.set(ChatMessage.Delivery.NOT_CONFIRMED);
            message.problem.set("the chat ended before " + model.peer + " confirmed it");
        }
    }

    // ---- user actions ----

    /** Sends the draft if it fits; a message refused before it left goes back into the box, never lost. */
    void onSend() {
        String text = model.draft.get().strip();
        if (text.isEmpty() || model.phase.get() != ChatPhase.CONNECTED
                || UserText.length(text) > Limits.MAX_CHAT_CHARS) {
            return; // too long: the box says by how much
        }
        model.draft.set("");
        commands.send(model.peerKey, text).whenComplete(UiThread.callback((id, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                String typedSince = model.draft.get();
                model.draft.set(typedSince.isEmpty() ? text : text + " " + typedSince);
                onProblem("Not sent (" + cause.getMessage() + "); it is back in the message box");
            }
        }));
    }

    /** A paste far beyond what a message holds was not put into the box. */
    void onTooLongForTheBox(int length) {
        model.inputNote.set(String.format(Locale.ROOT, "Not pasted: %,d characters, and a message holds %,d.",
                length, Limits.MAX_CHAT_CHARS));
    }

    void onRetry() {
        commands.connect(model.peerKey);
    }

    /** "details" or "why relayed?": shows (or hides) the connection's details in the header. */
    void onToggleDetails() {
        model.detailsShown.set(!model.detailsShown.get());
    }

    void onShowDetails() {
        model.detailsShown.set(true);
    }

    /** What to do once the user closed the tab (after the chat's own ending). */
    void onClosed(Runnable then) {
        onClosed = then;
    }

    /** The tab was closed: end whatever is under way with the peer. */
    void onClosed() {
        switch (model.phase.get()) {
            case CONNECTED -> commands.closeChat(model.peerKey);
            case WAITING, CONNECTING, RELAYING -> commands.cancel(model.peerKey);
            default -> {
                // nothing left to end
            }
        }
        onClosed.run();
    }

    private void addEvent(String text) {
        append(ChatMessage.event(text, now()));
    }

    /** Adds a line, forgetting the oldest beyond {@link #MAX_KEPT}: a long chat must not grow the app for ever. */
    private void append(ChatMessage message) {
        model.messages.add(message);
        if (model.messages.size() > MAX_KEPT) {
            model.messages.remove(0, model.messages.size() - MAX_KEPT);
        }
    }

    /** The message with this id, or a detached one when it is unknown (ids come from the core, so rarely). */
    private ChatMessage find(long id, ChatMessage.Kind kind) {
        return model.messages.stream().filter(m -> m.id == id && m.kind == kind).reduce((a, b) -> b)
                .orElseGet(() -> ChatMessage.event("", now()));
    }

    private static String now() {
        return LocalTime.now().format(TIME);
    }
}
