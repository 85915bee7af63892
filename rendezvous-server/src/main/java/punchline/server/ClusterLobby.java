package punchline.server;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executor;
import punchline.common.TokenBucket;
import punchline.protocol.ClientMessage.Hello;
import punchline.protocol.ErrorCode;
import punchline.protocol.ProtocolException;
import punchline.protocol.ServerMessage.UserInfo;
import punchline.protocol.ServerMessage.UserJoined;
import punchline.protocol.ServerMessage.UserLeft;
import punchline.server.ClusterRooms.Member;
import punchline.server.cluster.ClusterLink;
import punchline.server.cluster.ClusterOptions;
import punchline.server.cluster.NodeMessage;
import punchline.server.cluster.PresenceChange;
import punchline.server.cluster.Snapshot;

/**
 * The lobby of a cluster node: presence shared with the other nodes through Redis ({@link ClusterLink}),
 * requests across nodes in {@link ClusterRequests}. Every join and leave, this node's own included, is
 * applied when it comes back from the cluster's presence stream, so every user on every node sees them
 * in the same order with the same keys; a newcomer gets its user list at that point. While Redis is
 * unreachable the node applies its own users' changes at once (its users keep seeing each other and
 * connecting), and once Redis is back it takes a snapshot, tells its users what changed elsewhere and
 * re-publishes its own. It lives in this package because it works on the server's users and rooms;
 * everything about Redis is in {@code punchline.server.cluster}. I/O thread only.
 */
final class ClusterLobby implements Lobby, ClusterLink.Listener {
    private static final System.Logger LOG = System.getLogger(ClusterLobby.class.getName());

    private record Arrival(User user, long publishedNanos) {
    }

    private final Directory directory;
    private final ServerOptions options;
    private final ClusterLink link;
    private final String node;
    private final KeyAllocator keys;
    private final ClusterRooms rooms = new ClusterRooms();
    private final ClusterRequests requests;
    /** Admitted users whose join has not come back from the stream yet, in order. */
    private final Map<String, Arrival> arriving = new LinkedHashMap<>();
    private long presenceLagNanos = -1;
    private long appliedAlone;

    private ClusterLobby(Directory directory, Matchmaker matchmaker, RelayBook relays, ServerOptions options,
                         ClusterLink link) {
        this.directory = directory;
        this.options = options;
        this.link = link;
        this.node = link.nodeId();
        this.keys = new KeyAllocator(new Random(link.seed()));
        this.requests = new ClusterRequests(directory, matchmaker, relays, options, link, rooms);
        for (PresenceChange member : link.initialSnapshot().members()) {
            rooms.add(member(member));
        }
    }

    /**
     * Joins the cluster (blocking, before the I/O thread runs; throws if Redis cannot be reached). The
     * only way in: a standalone server never loads this class, nor the Redis client.
     */
    static ClusterLobby join(Directory directory, Matchmaker matchmaker, RelayBook relays, ServerOptions options,
                             ClusterOptions cluster, Executor ioThread) throws IOException {
        ClusterLink link = ClusterLink.open(cluster, ioThread);
        ClusterLobby lobby = new ClusterLobby(directory, matchmaker, relays, options, link);
        LOG.log(Level.INFO, "node {0} joined the cluster at {1} ({2} users on other nodes); relay advertised at {3}",
                cluster.nodeId(), cluster.redis(), lobby.rooms.size(), cluster.advertise());
        return lobby;
    }

    /** Starts reading the cluster's news (once the selector exists: replies wake the I/O thread). */
    void start() {
        link.start(this);
    }

    /** Takes the node out of the cluster and closes the Redis client; after the I/O thread stopped. */
    void close() {
        link.close();
    }

    ClusterLink link() {
        return link;
    }

    int remoteUsers() {
        return rooms.size() - directory.size();
    }

    double presenceLagMillis() {
        return presenceLagNanos < 0 ? -1 : presenceLagNanos / 1e6;
    }

    long appliedWithoutRedis() {
        return appliedAlone;
    }

    // ---- presence (Lobby) ----

    @Override
    public User admit(Hello hello, Connection connection, long now) throws ProtocolException {
        if (rooms.roomSize(hello.room()) >= options.maxRoomSize()) {
            throw new ProtocolException(ErrorCode.ROOM_FULL, "room '" + hello.room() + "' is full");
        }
        long index = link.nextKeyIndex();
        if (index < 0) {
            throw new ProtocolException(ErrorCode.SERVER_FULL, "this server cannot hand out keys right now; "
                    + "try again in a moment");
        }
        return User.admitted(keys.keyAt(index), hello, directory.room(hello.room()), connection);
    }

    @Override
    public void enter(User user) {
        if (!link.isUp()) {
            appliedAlone++;
            enterNow(user);
            return;
        }
        user.room.arriving(1);
        arriving.put(user.key, new Arrival(user, System.nanoTime()));
        link.publish(change(true, user));
    }

    /** The user list, then the user is in: seen by its room here (and, through the stream, elsewhere). */
    private void enterNow(User user) {
        sendUserList(user);
        rooms.add(new Member(user.info, user.room.name, node));
        directory.add(user);
        user.room.broadcast(new UserJoined(user.info), user);
    }

    private void sendUserList(User user) {
        UserLists.send(user, () -> rooms.members(user.room.name).stream().map(Member::info)
                .filter(info -> !info.key().equals(user.key)).iterator(), rooms.roomSize(user.room.name));
    }

    @Override
    public void leave(User user, boolean serverStopping) {
        if (arriving.remove(user.key) != null) {
            user.room.arriving(-1);
            directory.forgetIfUnused(user.room);
        } else {
            directory.remove(user);
        }
        requests.leave(user);
        if (serverStopping) {
            return; // the node leaves the cluster as a whole when it stops: one script, all its users
        }
        if (link.isUp()) {
            link.publish(change(false, user));
        } else {
            appliedAlone++;
            removeMember(user.room.name, user.key);
        }
    }

    private PresenceChange change(boolean joined, User user) {
        return new PresenceChange(joined, user.key, user.room.name, user.name, user.id, node);
    }

    // ---- requests (Lobby), across nodes where need be ----

    @Override
    public void connect(User from, String toKey, long now) {
        requests.connect(from, toKey, now);
    }

    @Override
    public void cancel(User from, String toKey, long now) {
        requests.cancel(from, toKey, now);
    }

    @Override
    public void accept(User user, String fromKey, long now) {
        requests.accept(user, fromKey, now);
    }

    @Override
    public void reject(User user, String fromKey, long now) {
        requests.reject(user, fromKey, now);
    }

    @Override
    public void expire(long now) {
        requests.expire(now);
        link.tick(now);
    }

    @Override
    public void endOfRound() {
        link.flush();
    }

    // ---- the cluster's news (ClusterLink.Listener) ----

    @Override
    public void onPresence(List<PresenceChange> changes) {
        for (PresenceChange change : changes) {
            if (change.node().equals(node)) {
                applyOwn(change);
            } else if (change.joined()) {
                addMember(member(change));
            } else {
                removeMember(change.room(), change.key());
            }
        }
    }

    /**
     * Our own users' changes as the stream orders them. A leave for a user still here means Redis had
     * counted this node dead and reaped it: the user stays (the node re-publishes it).
     */
    private void applyOwn(PresenceChange change) {
        if (change.joined()) {
            Arrival arrival = arriving.remove(change.key());
            if (arrival != null) {
                long lag = System.nanoTime() - arrival.publishedNanos;
                presenceLagNanos = presenceLagNanos < 0 ? lag : (presenceLagNanos * 7 + lag) / 8;
                arrival.user.room.arriving(-1);
                enterNow(arrival.user);
            }
        } else if (directory.user(change.key()) == null && !arriving.containsKey(change.key())) {
            removeMember(change.room(), change.key());
        }
    }

    private void addMember(Member member) {
        if (rooms.add(member)) {
            Room room = directory.existingRoom(member.room());
            if (room != null) {
                room.broadcast(new UserJoined(member.info()), null);
            }
        }
    }

    private void removeMember(String roomName, String key) {
        Member gone = rooms.remove(roomName, key);
        if (gone == null) {
            return;
        }
        Room room = directory.existingRoom(roomName);
        if (room != null) {
            room.broadcast(new UserLeft(key), null);
            if (!gone.node().equals(node)) {
                requests.remoteLeft(room, key);
            }
        }
    }

    @Override
    public void onMessage(NodeMessage message, long receivedNanos) {
        requests.onMessage(message, receivedNanos);
    }

    @Override
    public void onUndeliverable(NodeMessage message) {
        requests.onUndeliverable(message);
    }

    @Override
    public void onRedisLost() {
        // Joins on their way through Redis may never come back: let these users in now.
        int waiting = arriving.size();
        for (Arrival arrival : new ArrayList<>(arriving.values())) {
            arriving.remove(arrival.user.key);
            arrival.user.room.arriving(-1);
            enterNow(arrival.user);
        }
        LOG.log(Level.WARNING, "serving {0} local users without the cluster ({1} joins were on their way)",
                directory.size(), waiting);
    }

    @Override
    public void onRedisBack() {
        for (User user : directory.users()) {
            link.publish(change(true, user)); // a no-op in Redis for those it still has
        }
    }

    /**
     * Back in touch: tell our users what changed on the other nodes meanwhile, let in whoever waited,
     * and re-publish our users (those the cluster lost) and our leaves (those it missed).
     */
    @Override
    public void onSnapshot(Snapshot snapshot) {
        Map<String, PresenceChange> cluster = new HashMap<>();
        for (PresenceChange member : snapshot.members()) {
            cluster.put(member.key(), member);
        }
        int left = 0;
        int joined = 0;
        for (Member member : rooms.all()) {
            PresenceChange there = cluster.get(member.key());
            if (!member.node().equals(node) && (there == null || !there.room().equals(member.room()))) {
                removeMember(member.room(), member.key());
                left++;
            }
        }
        for (PresenceChange member : snapshot.members()) {
            if (!member.node().equals(node) && rooms.member(member.room(), member.key()) == null) {
                addMember(member(member));
                joined++;
            }
        }
        for (Arrival arrival : new ArrayList<>(arriving.values())) {
            arriving.remove(arrival.user.key);
            arrival.user.room.arriving(-1);
            enterNow(arrival.user);
        }
        int published = 0;
        for (PresenceChange member : snapshot.members()) {
            if (member.node().equals(node) && directory.user(member.key()) == null) {
                link.publish(new PresenceChange(false, member.key(), member.room(), member.name(), member.id(), node));
                removeMember(member.room(), member.key());
                published++;
            }
        }
        for (User user : directory.users()) {
            if (!cluster.containsKey(user.key)) {
                link.publish(change(true, user));
                published++;
            }
        }
        LOG.log(Level.INFO, "caught up with the cluster: {0} users elsewhere left and {1} joined meanwhile; "
                + "{2} changes of ours re-published ({3} applied here alone while Redis was away)",
                left, joined, published, appliedAlone);
    }

    private static Member member(PresenceChange change) {
        return new Member(new UserInfo(change.key(), change.name(), change.id()), change.room(), change.node());
    }
}
