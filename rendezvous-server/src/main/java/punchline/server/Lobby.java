package punchline.server;

import punchline.protocol.ClientMessage.Hello;
import punchline.protocol.ProtocolException;

/**
 * The users around a session: presence per room (who is in it, who comes and goes) and the requests
 * between users that end in an introduction. Sessions reach rooms and other users only through this;
 * {@link LocalLobby} keeps it all in this process. Other users are named by key, so a lobby shared by
 * several servers could stand behind the same calls. Users are told what concerns them by messages
 * the lobby sends them. I/O thread only.
 */
interface Lobby {
    /**
     * A user for {@code hello}, with a key of its own, not yet visible to anyone: the session welcomes it
     * first, then {@link #enter}s it. Throws ROOM_FULL when its room has no place left.
     */
    User admit(Hello hello, Connection connection, long now) throws ProtocolException;

    /** Sends the admitted {@code user} its room's user list, then shows the user to the room. */
    void enter(User user);

    /**
     * Takes {@code user} out of its room. Unless the server is stopping (everyone is told "bye" then, and
     * a flurry of user-left would only bury it), the room is told and every open request to or from the
     * user ends.
     */
    void leave(User user, boolean serverStopping);

    void connect(User from, String toKey, long now);

    void cancel(User from, String toKey, long now);

    void accept(User user, String fromKey, long now);

    void reject(User user, String fromKey, long now);

    /** Ends requests nobody answered in time and forgets old introductions (the server's sweep). */
    void expire(long now);

    /**
     * The end of an I/O round, after everything it read and every task: what a lobby queued for other
     * servers goes out now, in one write (a cluster's lobby). Nothing for a lone server.
     */
    default void endOfRound() {
    }
}
