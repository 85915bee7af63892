package punchline.server;

import java.util.ArrayList;
import java.util.List;
import punchline.protocol.Limits;
import punchline.protocol.ServerMessage.UserInfo;
import punchline.protocol.ServerMessage.UserList;

/** The one way a newcomer is told who is in its room: user-list frames of at most 200 users, the last complete. */
final class UserLists {
    private UserLists() {
    }

    /** Sends {@code user} the {@code others} of its room (at most {@code expected}, to size the first frame). */
    static void send(User user, Iterable<UserInfo> others, int expected) {
        List<UserInfo> chunk = new ArrayList<>(Math.min(expected, Limits.USERS_PER_LIST_FRAME));
        for (UserInfo other : others) {
            chunk.add(other);
            if (chunk.size() == Limits.USERS_PER_LIST_FRAME) {
                user.send(new UserList(user.room.name, chunk, false));
                chunk.clear();
            }
        }
        user.send(new UserList(user.room.name, chunk, true));
    }
}
