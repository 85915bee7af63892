package punchline.server;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import punchline.protocol.Codec;
import punchline.protocol.Message;

/** The users who see each other. Presence costs the size of the room, never of the whole server. */
final class Room {
    final String name;
    private final Map<String, User> members = new LinkedHashMap<>();
    /** Users admitted here but not yet in (a cluster node waits for Redis to order their join). */
    private int arriving;

    Room(String name) {
        this.name = name;
    }

    int size() {
        return members.size();
    }

    boolean isEmpty() {
        return members.isEmpty();
    }

    /** Whether the room has no one in it and no one on the way: its {@link Directory} may forget it. */
    boolean isUnused() {
        return members.isEmpty() && arriving == 0;
    }

    void arriving(int change) {
        arriving += change;
    }

    User member(String key) {
        return members.get(key);
    }

    Collection<User> members() {
        return Collections.unmodifiableCollection(members.values());
    }

    void add(User user) {
        members.put(user.key, user);
    }

    void remove(User user) {
        members.remove(user.key);
    }

    /** Sends one encoding of {@code message} to every member but {@code except}. */
    void broadcast(Message message, User except) {
        boolean exceptIsMember = except != null && members.get(except.key) == except;
        if (members.size() <= (exceptIsMember ? 1 : 0)) {
            return;
        }
        byte[] frame = Codec.encode(message);
        for (User member : members.values()) {
            if (member != except) {
                member.connection.session().send(frame);
            }
        }
    }
}
