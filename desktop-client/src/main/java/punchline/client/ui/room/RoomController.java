package punchline.client.ui.room;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import javafx.scene.Node;
import punchline.client.net.Contacts;
import punchline.client.store.Contact;
import punchline.client.text.UserText;
import punchline.client.ui.UiThread;
import punchline.client.ui.session.ContactCommands;
import punchline.client.ui.session.PeerCommands;
import punchline.protocol.ServerMessage.UserInfo;
import punchline.protocol.UserId;

/**
 * The people list: the room's users, kept from the server's events, and the user's contacts, matched by
 * their verified ID (online ones at the top, offline ones greyed below); the place requests start from.
 */
public final class RoomController {
    private final RoomModel model = new RoomModel();
    private final RoomView view;
    private final PeerCommands commands;
    private final ContactCommands contactStore;
    /** The contacts as the core keeps them, by ID, in the core's order. */
    private final Map<String, Contact> contacts = new LinkedHashMap<>();
    private final Consumer<String> openChat;
    /** The key of the live chat with an ID (under whatever key it started), or null. */
    private final UnaryOperator<String> liveChatOf;
    private final Consumer<Contact> openHistory;
    private final Consumer<Contact> forget;
    private final Runnable retryStart;
    private final Runnable openSettings;

    /**
     * {@code openChat} shows the chat with a user already connected (by key), {@code openHistory} the chat
     * with a contact who is offline, {@code forget} asks whether to forget a contact; {@code retryStart} and
     * {@code openSettings} are the ways forward the list offers when the network could not start.
     */
    public RoomController(PeerCommands commands, ContactCommands contactStore, Consumer<String> openChat,
                          UnaryOperator<String> liveChatOf, Consumer<Contact> openHistory, Consumer<Contact> forget,
                          Runnable retryStart, Runnable openSettings) {
        this.commands = commands;
        this.contactStore = contactStore;
        this.openChat = openChat;
        this.liveChatOf = liveChatOf;
        this.openHistory = openHistory;
        this.forget = forget;
        this.retryStart = retryStart;
        this.openSettings = openSettings;
        this.view = new RoomView(model, this);
        model.filter.addListener((property, old, text) -> {
            String needle = text.strip().toLowerCase(Locale.ROOT);
            model.shown.setPredicate(needle.isEmpty() ? null : item -> item.key != null && item.key.contains(needle)
                    || item.id != null && UserId.shortForm(item.id).contains(needle)
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

    /** The room we are in (or were last in), or empty before the first join. */
    public String currentRoom() {
        return model.room.get();
    }

    /** A new session starts (or, {@code stopped}, none runs): the old room and its people are gone. */
    public void onSessionChange(boolean stopped) {
        model.stopped.set(stopped);
        model.online.set(false);
        model.users.clear();
        matchContacts();
    }

    /** Reads the contacts of the session that just started (off the FX thread) and lists them. */
    public void loadContacts() {
        contactStore.contactList().whenComplete(UiThread.callback((entries, error) -> {
            if (entries != null) {
                onContacts(entries.stream().map(Contacts.Entry::contact).toList());
            } // no session (replaced meanwhile): the next one loads its own
        }));
    }

    /** Every contact (replacing what was known). */
    void onContacts(List<Contact> all) {
        contacts.clear();
        all.forEach(contact -> contacts.put(contact.id(), contact));
        matchContacts();
    }

    /** A contact was added or changed (seen again, renamed, verified). */
    public void onContactSaved(Contact contact) {
        contacts.put(contact.id(), contact);
        matchContacts();
    }

    /** The user forgot a contact: a stranger again if in the room, gone from the list if not. */
    public void onContactForgotten(String id) {
        contacts.remove(id);
        matchContacts();
    }

    /**
     * Marks who in the room is a contact (by ID only: a stranger using a contact's name is not one, and is
     * told so) and lists the contacts who are not in the room, offline.
     */
    private void matchContacts() {
        Map<String, UserItem> onlineById = new HashMap<>();
        for (UserItem item : model.users) {
            if (item.isOnline()) {
                item.chatting.set(item.id != null && !item.state.get().isConnected()
                        && liveChatOf.apply(item.id) != null);
                Contact contact = item.id == null ? null : contacts.get(item.id);
                item.contact.set(contact);
                if (item.id != null) {
                    onlineById.put(item.id, item);
                }
                if (contact == null) {
                    warnIfUsingAContactsName(item);
                }
            }
        }
        model.users.removeIf(item -> !item.isOnline() && (!contacts.containsKey(item.id)
                || onlineById.containsKey(item.id)));
        for (Contact contact : contacts.values()) {
            boolean listed = model.users.stream().anyMatch(item -> contact.id().equals(item.id));
            if (!listed) {
                UserItem offline = UserItem.offline(contact);
                offline.state.set(PeerState.OFFLINE);
                model.users.add(offline);
            } else {
                model.users.stream().filter(item -> !item.isOnline() && contact.id().equals(item.id))
                        .forEach(item -> item.contact.set(contact));
            }
        }
    }

    /**
     * A chat started or ended: someone who came back with a new key (the server restarted) shows as
     * chatting while the chat that began under their old key is live.
     */
    public void onChatsChanged() {
        matchContacts();
    }

    /** A stranger whose name is a contact's: another person, said on the row (their ID tells them apart). */
    private void warnIfUsingAContactsName(UserItem item) {
        contacts.values().stream().filter(contact -> contact.name().strip().equals(item.name.strip())
                        || contact.displayName().strip().equals(item.name.strip())).findFirst()
                .ifPresent(contact -> notTheContact(item, contact.id()));
    }

    private void notTheContact(UserItem item, String contactId) {
        Contact contact = contacts.get(contactId);
        if (contact == null || !item.warning.get().isEmpty()) {
            return;
        }
        String name = UserText.isolateWithMarks(item.name);
        item.warningShort.set("not your contact");
        item.warning.set("Not your contact " + UserText.isolateWithMarks(contact.displayName()) + ": this " + name
                + " has another ID (" + (item.id == null ? "none" : UserText.isolateWithMarks(UserId.shortForm(item.id)))
                + ", your contact's is " + UserText.isolateWithMarks(UserId.shortForm(contact.id()))
                + "). A different person using the same name.");
    }

    /** A stranger asks to chat under a contact's name ({@code contactId}): the row says it is another person. */
    public void onImpersonation(String key, String contactId) {
        find(key).ifPresent(item -> notTheContact(item, contactId));
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
        model.users.stream().filter(UserItem::isOnline).forEach(item -> previous.put(item.key, item));
        List<UserItem> offline = model.users.stream().filter(item -> !item.isOnline()).toList();
        model.users.setAll(java.util.stream.Stream.concat(offline.stream(), users.stream().map(user -> {
            UserItem item = new UserItem(user.key(), user.name(), user.id());
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
        })).toList()); // the offline contacts' rows stay as they were (a selection on them too)
        matchContacts();
    }

    public void onUserJoined(UserInfo user) {
        if (find(user.key()).isEmpty()) {
            model.users.add(new UserItem(user.key(), user.name(), user.id()));
            matchContacts();
        }
    }

    public void onUserLeft(String key) {
        model.users.removeIf(item -> key.equals(item.key));
        matchContacts();
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
        find(key).filter(item -> item.warning.get().isEmpty()).ifPresent(item -> item.warning.set(warning));
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
        return model.online.get() ? (int) model.users.stream().filter(UserItem::isOnline).count() : 0;
    }

    /** The user's display name, or the key for someone not in the list. */
    public String nameOf(String key) {
        return find(key).map(item -> item.name).orElse(key);
    }

    /** Double-click, Enter or the Connect button: ask, accept, or show the chat, whatever fits the state. */
    void onActivate(UserItem item) {
        if (item != null && !item.isOnline()) {
            openHistory.accept(item.contact.get()); // readable offline too
            return;
        }
        if (item == null || !model.online.get()) {
            return;
        }
        PeerState state = item.state.get();
        String live = item.id == null || state.isConnected() ? null : liveChatOf.apply(item.id);
        if (live != null) {
            openChat.accept(live); // the same person, already chatting (under the key they had then)
            return;
        }
        if (state == PeerState.REQUEST_RECEIVED) {
            commands.accept(item.key);
        } else if (state.isConnected()) {
            openChat.accept(item.key);
        } else if (state.canConnect()) {
            commands.connect(item.key);
        }
    }

    /** "Forget this contact…" on a contact's row. */
    void onForget(UserItem item) {
        if (item != null && item.isContact()) {
            forget.accept(item.contact.get());
        }
    }

    void onCancel(UserItem item) {
        if (item != null && item.state.get().canCancel()) {
            commands.cancel(item.key);
        }
    }

    private Optional<UserItem> find(String key) {
        return model.users.stream().filter(item -> key.equals(item.key)).findFirst();
    }
}
