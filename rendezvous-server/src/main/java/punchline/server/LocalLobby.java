package punchline.server;

import java.util.ArrayList;
import java.util.List;
import punchline.protocol.ClientMessage.Hello;
import punchline.protocol.ErrorCode;
import punchline.protocol.ProtocolException;
import punchline.protocol.ServerMessage.UserJoined;
import punchline.protocol.ServerMessage.UserLeft;

/** The lobby of one server: rooms in its {@link Directory}, requests in its {@link Matchmaker}. I/O thread only. */
final class LocalLobby implements Lobby {
    private final Directory directory;
    private final Matchmaker matchmaker;
    private final ServerOptions options;

    LocalLobby(Directory directory, Matchmaker matchmaker, ServerOptions options) {
        this.directory = directory;
        this.matchmaker = matchmaker;
        this.options = options;
    }

    @Override
    public User admit(Hello hello, Connection connection, long now) throws ProtocolException {
        if (directory.roomSize(hello.room()) >= options.maxRoomSize()) {
            throw new ProtocolException(ErrorCode.ROOM_FULL, "room '" + hello.room() + "' is full");
        }
        return User.admitted(directory.newKey(), hello, directory.room(hello.room()), connection);
    }

    @Override
    public void enter(User user) {
        sendUserList(user);
        directory.add(user);
        user.room.broadcast(new UserJoined(user.info), user);
    }

    private static void sendUserList(User user) {
        Room room = user.room;
        UserLists.send(user, () -> room.members().stream().map(member -> member.info).iterator(), room.size());
    }

    @Override
    public void leave(User user, boolean serverStopping) {
        directory.remove(user);
        if (serverStopping) {
            return;
        }
        matchmaker.leave(user);
        user.room.broadcast(new UserLeft(user.key), user);
    }

    @Override
    public void connect(User from, String toKey, long now) {
        matchmaker.connect(from, toKey, now);
    }

    @Override
    public void cancel(User from, String toKey, long now) {
        matchmaker.cancel(from, toKey, now);
    }

    @Override
    public void accept(User user, String fromKey, long now) {
        matchmaker.accept(user, fromKey, now);
    }

    @Override
    public void reject(User user, String fromKey, long now) {
        matchmaker.reject(user, fromKey, now);
    }

    @Override
    public void expire(long now) {
        matchmaker.expire(directory.users(), now);
    }
}
