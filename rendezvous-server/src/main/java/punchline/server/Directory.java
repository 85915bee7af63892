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
        forgetIfUnused(user.room);
    }

    /** Forgets {@code room} if no one is in it or on the way (it is made again when someone comes). */
    void forgetIfUnused(Room room) {
        if (room.isUnused() && rooms.get(room.name) == room) {
            rooms.remove(room.name);
        }
    }

    /** The room of that name if someone is in it (or on the way), else null. */
    Room existingRoom(String name) {
        return rooms.get(name);
    }

    int roomCount() {
        return rooms.size();
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
