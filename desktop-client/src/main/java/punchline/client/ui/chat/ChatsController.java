package punchline.client.ui.chat;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.scene.Node;
import javafx.scene.control.TextInputControl;
import punchline.client.net.ClientEvent.Route;
import punchline.client.store.Contact;
import punchline.client.ui.session.ContactCommands;
import punchline.client.ui.session.PeerCommands;
import punchline.protocol.Endpoint;
import punchline.protocol.NatType;

/**
 * The chat tabs, one per peer, several at once. A tab opens when a connection starts (and stays after
 * it fails or ends, with Retry); events about peers without a tab are left to the room list.
 *
 * <p>Nothing here takes the keyboard from someone typing: a chat that opens while the user writes in
 * another one opens behind it, and a chat that connects only gets the focus when nothing is being typed.
 */
public final class ChatsController {
    private final ChatsView view = new ChatsView();
    private final Map<String, ChatController> chats = new LinkedHashMap<>();
    /** Drafts left in tabs the user closed, by person: they come back when a chat with them opens. */
    private final Map<String, String> closedDrafts = new HashMap<>();
    private final PeerCommands commands;
    private final ContactCommands history;
    private String ownName = "me";
    private String ownFingerprint = "";

    public ChatsController(PeerCommands commands, ContactCommands history) {
        this.commands = commands;
        this.history = history;
    }

    public Node view() {
        return view.root;
    }

    /** The name our own messages are shown under. */
    public void setOwnName(String name) {
        ownName = name;
    }

    /** Our certificate's fingerprint, shown next to the peer's in a chat's details. */
    public void setOwnFingerprint(String fingerprint) {
        ownFingerprint = fingerprint;
    }

    public boolean has(String key) {
        return chats.containsKey(key);
    }

    /** The names of the people whose chat is under way or open: what a restart or quitting would end. */
    public List<String> liveChatNames() {
        return chats.values().stream().filter(chat -> !chat.isOver()).map(ChatController::peerName).toList();
    }

    /** The key of the connected chat with the person whose ID is {@code id}, or null. */
    public String liveChatOf(String id) {
        return chats.entrySet().stream().filter(chat -> id.equals(chat.getValue().contactId())
                && chat.getValue().isConnected()).map(Map.Entry::getKey).findFirst().orElse(null);
    }

    /** Shows the chat with {@code key} and puts the keyboard in its input: the user asked for it. */
    public void select(String key) {
        ChatController chat = chats.get(key);
        if (chat != null) {
            view.tabs.getSelectionModel().select(chat.tab());
            chat.focusInput();
        }
    }

    /**
     * The user accepted {@code key}'s request (on the card or in its dialog): the keyboard leaves the chat
     * inputs, so the new chat comes to the front when it opens, unless the user goes back to typing first.
     */
    public void expect(String key) {
        view.tabs.requestFocus();
    }

    /**
     * The user opened a contact's chat from the list while they are not in the room: the chat with them,
     * if one is open, else a chat that shows their history (nothing can be sent) and comes to the front.
     */
    public void openHistory(Contact contact) {
        ChatController chat = chats.values().stream().filter(open -> contact.id().equals(open.contactId()))
                .findFirst().orElse(null);
        if (chat == null) {
            chat = open("contact:" + contact.id(), contact.displayName(), null, contact.id());
            chat.showOffline();
        }
        view.tabs.getSelectionModel().select(chat.tab());
    }

    /** The user forgot a contact: their history leaves every chat with them; a chat of history alone closes. */
    public void onContactForgotten(String id) {
        chats.values().stream().filter(chat -> id.equals(chat.contactId())).toList().forEach(chat -> {
            if (chat.onForgotten()) {
                chats.remove(chat.peerKey());
                view.tabs.getTabs().remove(chat.tab());
            }
        });
    }

    public void onRequestSent(String key) {
        with(key, ChatController::onRequestSent);
    }

    public void onRequestEnded(String key, String why) {
        with(key, chat -> chat.onRequestEnded(why));
    }

    /**
     * A connection starts: the chat's tab opens (or is reused). It comes to the front unless that would
     * pull the keyboard out of another chat.
     */
    public void onIntroduced(String key, String name, Endpoint peerPublic, String fingerprint, NatType nat, String id) {
        ChatController chat = chats.get(key);
        if (chat == null) {
            chat = open(key, name, fingerprint, id);
        }
        chat.onIntroduced(peerPublic, fingerprint, nat);
        if (!typingInAChatOtherThan(chat)) {
            view.tabs.getSelectionModel().select(chat.tab());
        }
    }

    public void onRelaying(String key, String reason) {
        with(key, chat -> chat.onRelaying(reason));
    }

    public void onFingerprintChanged(String key, String previous, String current) {
        with(key, chat -> chat.onFingerprintChanged(previous, current));
    }

    public void onUpgraded(String key, Endpoint remote) {
        with(key, chat -> chat.onUpgraded(remote));
    }

    public void onFingerprintTrusted(String key, String fingerprint) {
        with(key, chat -> chat.onFingerprintTrusted(fingerprint));
    }

    public void onAttempt(String key, Endpoint endpoint) {
        with(key, chat -> chat.onAttempt(endpoint));
    }

    /** The chat can start: its input gets the keyboard if its tab shows and nothing else is being typed. */
    public void onConnected(String key, Route route, Endpoint remote, Duration elapsed) {
        with(key, chat -> {
            chat.onConnected(route, remote, elapsed);
            if (chat.tab().isSelected() && !(focusOwner() instanceof TextInputControl)) {
                chat.focusInput();
            }
        });
    }

    public void onFailed(String key, String reason) {
        with(key, chat -> chat.onFailed(reason));
    }

    public void onPeerLeft(String key, String reason) {
        with(key, chat -> chat.onPeerLeft(reason));
    }

    public void onPeerLeftRoom(String key) {
        with(key, ChatController::onPeerLeftRoom);
    }

    public void onMessageSent(String key, long id, String text) {
        with(key, chat -> chat.onMessageSent(id, text));
    }

    public void onMessageReceived(String key, long id, String text) {
        with(key, chat -> chat.onMessageReceived(id, text));
    }

    public void onDelivered(String key, long id) {
        with(key, chat -> chat.onDelivered(id));
    }

    public void onMessageFailed(String key, long id, String reason) {
        with(key, chat -> chat.onMessageFailed(id, reason));
    }

    public void onProblem(String key, String message) {
        with(key, chat -> chat.onProblem(message));
    }

    /** The whole session ended (new settings): every open chat ended with it. */
    public void onSessionEnded(String reason) {
        chats.values().forEach(chat -> {
            chat.onPeerLeft(reason);
            chat.onPeerLeftRoom();
        });
    }

    /**
     * A tab for a new chat. An ended chat with the same person (their key changes with every server
     * connection) gives way to it, its lines and draft coming along, so ended tabs do not pile up; a
     * draft left in a closed tab comes back.
     */
    private ChatController open(String key, String name, String fingerprint, String id) {
        String person = person(key, fingerprint, id);
        ChatController chat = new ChatController(key, name, id, ownName, ownFingerprint, commands, history);
        chat.onClosed(() -> {
            chats.remove(key, chat);
            if (!chat.draft().isBlank()) {
                closedDrafts.put(person(key, chat.peerFingerprint(), chat.contactId()), chat.draft());
            }
        });
        ChatController earlier = chats.values().stream().filter(old -> old.isOver()
                && (id != null || old.peerName().equals(name))
                && person(old.peerKey(), old.peerFingerprint(), old.contactId()).equals(person)).findFirst().orElse(null);
        if (earlier != null) {
            chat.continueFrom(earlier); // its history came along
            chats.remove(earlier.peerKey());
            int at = view.tabs.getTabs().indexOf(earlier.tab());
            view.tabs.getTabs().set(at, chat.tab());
        } else {
            view.tabs.getTabs().add(chat.tab());
            chat.loadHistory();
        }
        chat.restoreDraft(closedDrafts.remove(person));
        chats.put(key, chat);
        return chat;
    }

    /**
     * Who a chat is with, across keys (a key changes with every server connection): their verified ID,
     * else (an old server sends none) the certificate the chat was pinned to.
     */
    static String person(String key, String fingerprint, String id) {
        if (id != null) {
            return "id:" + id;
        }
        return fingerprint == null || fingerprint.isEmpty() ? "key:" + key : "certificate:" + fingerprint;
    }

    /** Whether the keyboard is in the input of a chat other than {@code chat}. */
    private boolean typingInAChatOtherThan(ChatController chat) {
        Node owner = focusOwner();
        return owner instanceof TextInputControl && chats.values().stream()
                .anyMatch(other -> other != chat && other.ownsInput(owner));
    }

    private Node focusOwner() {
        return view.root.getScene() == null ? null : view.root.getScene().getFocusOwner();
    }

    private void with(String key, Consumer<ChatController> action) {
        ChatController chat = chats.get(key);
        if (chat != null) {
            action.accept(chat);
        }
    }
}
