package punchline.server;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Every registered user by key, and the rooms they are in. I/O thread only. */
final class Directory {
    private final Map<String, User> usersByKey = new LinkedHashMap<>();
    private final Map<String, Room> rooms = new HashMap<>();
    private final KeyAllocator keys;

    Directory(KeyAllocator keys) {
        this.keys = keys;
    }

    String newKey() {
        return keys.nextKey();
    }

    Room room(String name) {
        return rooms.computeIfAbsent(name, Room::new);
    }

    int roomSize(String name) {
        Room room = rooms.get(name);
        return room == null ? 0 : room.size();
    }

    void add(User user) {
        usersByKey.put(user.key, user);
        user.room.add(user);
    }

    void remove(User user) {
        usersByKey.remove(user.key);
        user.room.remove(user);
        if (user.room.isEmpty()) {
            rooms.remove(user.room.name);
        }
    }

    User user(String key) {
        return usersByKey.get(key);
    }

    Collection<User> users() {
        return Collections.unmodifiableCollection(usersByKey.values());
    }

    int size() {
        return usersByKey.size();
    }
}
