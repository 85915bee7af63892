package punchline.server;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import punchline.protocol.ServerMessage.UserInfo;

/**
 * Who is in each room across the cluster, in the order the presence stream said so: this node's users
 * and everyone else's. (The local users themselves, to send to, are in the {@link Directory}.) I/O thread
 * only.
 */
final class ClusterRooms {
    /** A user somewhere in the cluster. */
    record Member(UserInfo info, String room, String node) {
        String key() {
            return info.key();
        }
    }

    private final Map<String, LinkedHashMap<String, Member>> rooms = new HashMap<>();
    private int size;

    int size() {
        return size;
    }

    int roomSize(String room) {
        Map<String, Member> members = rooms.get(room);
        return members == null ? 0 : members.size();
    }

    Member member(String room, String key) {
        Map<String, Member> members = rooms.get(room);
        return members == null ? null : members.get(key);
    }

    /** The room's members in join order (empty if nobody is there). */
    Collection<Member> members(String room) {
        Map<String, Member> members = rooms.get(room);
        return members == null ? List.of() : members.values();
    }

    /** Adds {@code member}; false if its key was already there. */
    boolean add(Member member) {
        if (rooms.computeIfAbsent(member.room(), r -> new LinkedHashMap<>()).putIfAbsent(member.key(), member) != null) {
            return false;
        }
        size++;
        return true;
    }

    /** Removes the member with {@code key} from {@code room}; returns it, or null if it was not there. */
    Member remove(String room, String key) {
        Map<String, Member> members = rooms.get(room);
        Member removed = members == null ? null : members.remove(key);
        if (removed != null) {
            size--;
            if (members.isEmpty()) {
                rooms.remove(room);
            }
        }
        return removed;
    }

    /** Every member, for reconciling with a snapshot. */
    List<Member> all() {
        List<Member> all = new ArrayList<>(size);
        for (Map<String, Member> members : rooms.values()) {
            all.addAll(members.values());
        }
        return all;
    }
}
