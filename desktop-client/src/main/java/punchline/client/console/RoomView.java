package punchline.client.console;

import java.util.LinkedHashMap;
import java.util.Map;
import punchline.client.net.ClientEvent;
import punchline.client.net.ClientEventListener;

/** The room as the console shows it on {@code users}, kept from events. */
final class RoomView implements ClientEventListener {
    private final Map<String, String> users = new LinkedHashMap<>();
    private final Map<String, String> states = new LinkedHashMap<>();

    @Override
    public synchronized void onEvent(ClientEvent event) {
        if (event instanceof ClientEvent.Users e) {
            users.clear();
            e.users().forEach(user -> users.put(user.key(), user.name()));
        } else if (event instanceof ClientEvent.UserJoined e) {
            users.put(e.user().key(), e.user().name());
        } else if (event instanceof ClientEvent.UserLeft e) {
            users.remove(e.key());
        } else if (event instanceof ClientEvent.ServerLost) {
            users.clear();
        } else if (event instanceof ClientEvent.RequestSent e) {
            states.put(e.to(), "request sent");
        } else if (event instanceof ClientEvent.RequestReceived e) {
            states.put(e.from(), "wants to connect");
        } else if (event instanceof ClientEvent.RequestCancelled e) {
            states.remove(e.from());
        } else if (event instanceof ClientEvent.RequestEnded e) {
            states.remove(e.to());
        } else if (event instanceof ClientEvent.Introduced e) {
            states.put(e.peer(), "connecting");
        } else if (event instanceof ClientEvent.Relaying e) {
            states.put(e.peer(), "connecting through the relay");
        } else if (event instanceof ClientEvent.Connected e) {
            states.put(e.peer(), "chatting (" + e.route().wireName() + ", " + e.remote() + ")");
        } else if (event instanceof ClientEvent.Upgraded e) {
            states.put(e.peer(), "chatting (direct, " + e.remote() + ")");
        } else if (event instanceof ClientEvent.Failed e) {
            states.put(e.peer(), "failed: " + e.reason());
        } else if (event instanceof ClientEvent.PeerLeft e) {
            states.remove(e.peer());
        }
    }

    synchronized String describe(String ownKey) {
        StringBuilder text = new StringBuilder();
        text.append(ownKey == null ? "Not on the server right now." : "You are " + ownKey + ".");
        if (users.isEmpty()) {
            text.append(" Nobody else is here.");
        }
        users.forEach((key, name) -> text.append("\n  ").append(key).append("  ").append(name)
                .append(states.containsKey(key) ? "  - " + states.get(key) : ""));
        return text.toString();
    }
}
