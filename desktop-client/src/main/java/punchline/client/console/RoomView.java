package punchline.client.console;

import java.util.LinkedHashMap;
import java.util.Map;
import punchline.client.net.ClientEvent;
import punchline.common.BoundedMap;
import punchline.common.SafeText;

/**
 * The room as the console shows it on {@code users}, kept from events. It follows who is here and what
 * each chat is doing and ignores the rest on purpose (messages, notices, errors are printed, not kept).
 */
final class RoomView implements ClientEvent.SelectiveHandler {
    /** What became of a request or chat is kept for the people met most recently. */
    static final int MAX_STATES = 1_000;

    private final Map<String, String> users = new LinkedHashMap<>();
    private final Map<String, String> states = new BoundedMap<>(MAX_STATES);

    @Override
    public synchronized void onUsers(ClientEvent.Users e) {
        users.clear();
        e.users().forEach(user -> users.put(user.key(), user.name()));
    }

    @Override
    public synchronized void onUserJoined(ClientEvent.UserJoined e) {
        users.put(e.user().key(), e.user().name());
    }

    @Override
    public synchronized void onUserLeft(ClientEvent.UserLeft e) {
        users.remove(e.key());
    }

    @Override
    public synchronized void onServerLost(ClientEvent.ServerLost e) {
        users.clear();
    }

    @Override
    public synchronized void onRequestSent(ClientEvent.RequestSent e) {
        states.put(e.to(), "request sent");
    }

    @Override
    public synchronized void onRequestReceived(ClientEvent.RequestReceived e) {
        states.put(e.from(), "wants to connect");
    }

    @Override
    public synchronized void onRequestCancelled(ClientEvent.RequestCancelled e) {
        states.remove(e.from());
    }

    @Override
    public synchronized void onRequestEnded(ClientEvent.RequestEnded e) {
        states.remove(e.to());
    }

    @Override
    public synchronized void onIntroduced(ClientEvent.Introduced e) {
        states.put(e.peer(), "connecting");
    }

    @Override
    public synchronized void onRelaying(ClientEvent.Relaying e) {
        states.put(e.peer(), "connecting through the relay");
    }

    @Override
    public synchronized void onConnected(ClientEvent.Connected e) {
        states.put(e.peer(), "chatting (" + e.route().wireName() + ", " + e.remote() + ")");
    }

    @Override
    public synchronized void onUpgraded(ClientEvent.Upgraded e) {
        states.put(e.peer(), "chatting (direct, " + e.remote() + ")");
    }

    @Override
    public synchronized void onFailed(ClientEvent.Failed e) {
        states.put(e.peer(), "failed: " + e.reason());
    }

    @Override
    public synchronized void onPeerLeft(ClientEvent.PeerLeft e) {
        states.remove(e.peer());
    }

    synchronized String describe(String ownKey) {
        StringBuilder text = new StringBuilder();
        text.append(ownKey == null ? "Not on the server right now." : "You are " + ownKey + ".");
        if (users.isEmpty()) {
            text.append(" Nobody else is here.");
        }
        users.forEach((key, name) -> text.append("\n  ").append(key).append("  ").append(SafeText.isolate(name))
                .append(states.containsKey(key) ? "  - " + SafeText.line(states.get(key)) : ""));
        return text.toString();
    }
}
