package punchline.client.ui.room;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.scene.Node;
import punchline.client.ui.session.PeerCommands;
import punchline.protocol.ServerMessage.UserInfo;

/** The room's user list: kept from the server's events, and the place requests start from. */
public final class RoomController {
    private final RoomModel model = new RoomModel();
    private final RoomView view;
    private final PeerCommands commands;
    private final Consumer<String> openChat;
    private final Runnable retryStart;
    private final Runnable openSettings;

    /**
     * {@code openChat} shows the chat with a user already connected (by key); {@code retryStart} and
     * {@code openSettings} are the ways forward the list offers when the network could not start.
     */
    public RoomController(PeerCommands commands, Consumer<String> openChat, Runnable retryStart,
                          Runnable openSettings) {
        this.commands = commands;
        this.openChat = openChat;
        this.retryStart = retryStart;
        this.openSettings = openSettings;
        this.view = new RoomView(model, this);
        model.filter.addListener((property, old, text) -> {
            String needle = text.strip().toLowerCase(Locale.ROOT);
            model.shown.setPredicate(needle.isEmpty() ? null : item -> item.key.contains(needle)
                    || item.name.toLowerCase(Locale.ROOT).contains(needle));
        });
    }

    public Node view() {
        return view.root;
    }

    /** Puts the keyboard on the user list, so arrows and Enter work from the start. */
    public void focus() {
        view.list.requestFocus();
    }

    /**
     * Registered in {@code room}, or (null) off the server: the list then stays, greyed, until the room's
     * list after the reconnect replaces it, so chats keep their rows.
     */
    public void setOnline(String room) {
        model.online.set(room != null);
        if (room != null) {
            model.room.set(room);
        }
    }

    /** A new session starts (or, {@code stopped}, none runs): the old room and its people are gone. */
    public void onSessionChange(boolean stopped) {
        model.stopped.set(stopped);
        model.online.set(false);
        model.users.clear();
    }

    void onRetryStart() {
        retryStart.run();
    }

    void onOpenSettings() {
        openSettings.run();
    }

    /**
     * The complete list after (re)joining. Requests did not survive the reconnect, but chats and punches
     * run outside the server and keep their state.
     */
    public void onUsers(List<UserInfo> users) {
        Map<String, UserItem> previous = new HashMap<>();
        model.users.forEach(item -> previous.put(item.key, item));
        model.users.setAll(users.stream().map(user -> {
            UserItem item = new UserItem(user.key(), user.name());
            UserItem old = previous.get(user.key());
            if (old != null && old.state.get() != PeerState.REQUEST_SENT && old.state.get() != PeerState.REQUEST_RECEIVED) {
                item.state.set(old.state.get());
                item.detail.set(old.detail.get());
                item.relayReason.set(old.relayReason.get());
            }
            if (old != null) {
                item.warning.set(old.warning.get()); // a warning is never dropped
            }
            return item;
        }).toList());
    }

    public void onUserJoined(UserInfo user) {
        if (find(user.key()).isEmpty()) {
            model.users.add(new UserItem(user.key(), user.name()));
        }
    }

    public void onUserLeft(String key) {
        model.users.removeIf(item -> item.key.equals(key));
    }

    /** Sets the state shown for a user; {@code detail} explains it (a failure's reason) or is empty. */
    public void setState(String key, PeerState state, String detail) {
        find(key).ifPresent(item -> {
            if (state == PeerState.CONNECTING) {
                item.relayReason.set(""); // a new attempt: it may well go direct
            }
            item.state.set(state);
            item.detail.set(detail);
        });
    }

    /** The direct path to the user failed or cannot work ({@code reason}): connecting through the relay. */
    public void onRelaying(String key, String reason) {
        find(key).ifPresent(item -> {
            item.relayReason.set(reason);
            item.state.set(PeerState.RELAYING);
            item.detail.set("Connecting through the relay: no direct path (" + reason + ")");
        });
    }

    /** A chat link is up, directly or through the relay; either way encrypted to the pinned certificate. */
    public void onConnected(String key, boolean direct, String remote) {
        find(key).ifPresent(item -> {
            item.state.set(direct ? PeerState.CONNECTED_DIRECT : PeerState.CONNECTED_RELAYED);
            item.detail.set(direct ? "Direct to " + remote + " · encrypted · pinned"
                    : "Relayed through " + remote + " · encrypted · pinned"
                    + (item.relayReason.get().isEmpty() ? "" : ". Why relayed: " + item.relayReason.get()));
        });
    }

    /** Shown on the user's row for the rest of the session: their certificate is not the one seen before. */
    public void onFingerprintChanged(String key, String warning) {
        find(key).ifPresent(item -> item.warning.set(warning));
    }

    public void onFingerprintTrusted(String key) {
        find(key).ifPresent(item -> item.warning.set(""));
    }

    /** A request of ours the server refused is no longer pending. */
    public void clearRequest(String key) {
        find(key).filter(item -> item.state.get() == PeerState.REQUEST_SENT)
                .ifPresent(item -> item.state.set(PeerState.IDLE));
    }

    /** How many others are in the room now. */
    public int othersCount() {
        return model.online.get() ? model.users.size() : 0;
    }

    /** The user's display name, or the key for someone not in the list. */
    public String nameOf(String key) {
        return find(key).map(item -> item.name).orElse(key);
    }

    /** Double-click, Enter or the Connect button: ask, accept, or show the chat, whatever fits the state. */
    void onActivate(UserItem item) {
        if (item == null || !model.online.get()) {
            return;
        }
        PeerState state = item.state.get();
        if (state == PeerState.REQUEST_RECEIVED) {
            commands.accept(item.key);
        } else if (state.isConnected()) {
            openChat.accept(item.key);
        } else if (state.canConnect()) {
            commands.connect(item.key);
        }
    }

    void onCancel(UserItem item) {
        if (item != null && item.state.get().canCancel()) {
            commands.cancel(item.key);
        }
    }

    private Optional<UserItem> find(String key) {
        return model.users.stream().filter(item -> item.key.equals(key)).findFirst();
    }
}
