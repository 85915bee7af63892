package punchline.client.net;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import punchline.common.BoundedMap;
import punchline.common.LogLimiter;
import punchline.protocol.Message.Bye;
import punchline.protocol.Message.ErrorMessage;
import punchline.protocol.Message.Ping;
import punchline.protocol.Message.Pong;
import punchline.protocol.NatType;
import punchline.protocol.ServerMessage;
import punchline.protocol.ServerMessage.Cancelled;
import punchline.protocol.ServerMessage.EndReason;
import punchline.protocol.ServerMessage.Introduce;
import punchline.protocol.ServerMessage.Notice;
import punchline.protocol.ServerMessage.Rejected;
import punchline.protocol.ServerMessage.Request;
import punchline.protocol.ServerMessage.UserInfo;
import punchline.protocol.ServerMessage.UserJoined;
import punchline.protocol.ServerMessage.UserLeft;
import punchline.protocol.ServerMessage.UserList;
import punchline.protocol.ServerMessage.Welcome;

/**
 * What the server tells the core, moved from the server link's thread onto the core thread, and the
 * bookkeeping it feeds: who is in the room, the names of people we meet, and the requests pending
 * both ways. A server may lie, so all of it is bounded: a room of at most {@link #MAX_ROOM_USERS} (the
 * user list's chunks included), {@link #MAX_INCOMING} requests waiting for our answer, the names of the
 * last {@link #MAX_NAMES} people met; what goes beyond is dropped (and logged once a minute). Core
 * thread only, except the {@link ServerLink.Listener} calls.
 */
final class ServerEvents implements ServerLink.Listener, ServerMessage.Handler {
    private static final System.Logger LOG = System.getLogger(ServerEvents.class.getName());
    /** Ten times the server's default room: a room this big is no room for a person to read. */
    static final int MAX_ROOM_USERS = 10_000;
    /** Twice what a server lets wait for one user by default (20), several times over. */
    static final int MAX_INCOMING = 200;
    static final int MAX_NAMES = 1_000;
    private static final LogLimiter OVERFLOW = new LogLimiter(LOG, Level.WARNING,
            "news from the server dropped (more than a client keeps)");

    /** What the server's news changes in the core. */
    interface Core {
        /** Runs {@code task} on the core thread; false when the core is stopping and will not run it. */
        boolean onCore(Runnable task);

        /** Core thread: our key, public endpoint and the server's relay, as the welcome says. */
        void registered(Welcome welcome);

        /** Core thread: our NAT as just measured. */
        void natMeasured(NatType type);

        /** Core thread: the server forgot us (our key is gone). */
        void serverLost();

        /** Core thread: the server introduced a peer we asked for or accepted; punch to it unless stopping. */
        void introduced(Introduce introduce);

        /** Our own ID, for the registered event. */
        String ownId();
    }

    /** An introduction we did not act on is logged once, then at most once a minute with a count. */
    private static final LogLimiter DROPPED = new LogLimiter(LOG, Level.WARNING,
            "introductions we did not act on");

    private final Core core;
    private final EventDispatcher events;
    private final Contacts contacts;
    private final Map<String, UserInfo> users = new LinkedHashMap<>();
    private final List<UserInfo> userListChunks = new ArrayList<>();
    private final Set<String> outgoing = new LinkedHashSet<>();
    private final Map<String, String> incoming = new LinkedHashMap<>();
    /** Requests we accepted whose introduction has not come yet. */
    private final Set<String> accepted = new LinkedHashSet<>();
    private final Map<String, String> peerNames = new BoundedMap<>(MAX_NAMES);

    ServerEvents(Core core, EventDispatcher events, Contacts contacts) {
        this.core = core;
        this.events = events;
        this.contacts = contacts;
    }

    // ---- bookkeeping for the core's commands ----

    /** Our connect request to {@code to} went out. */
    void requestSent(String to) {
        outgoing.add(to);
    }

    /** We answered {@code from}'s request; returns whether it was pending. */
    boolean answered(String from) {
        return incoming.remove(from) != null;
    }

    /** We accepted {@code from}'s request: its introduction is the one we will act on. */
    void acceptedFrom(String from) {
        if (incoming.remove(from) != null) {
            accepted.add(from);
        }
    }

    /** The key of the room's user with {@code id} right now, or null (core thread). */
    String keyOfId(String id) {
        for (UserInfo user : users.values()) {
            if (id.equals(user.id())) {
                return user.key();
            }
        }
        return null;
    }

    /** The ID the room or a request gave for {@code key}, or null. */
    String idOf(String key) {
        UserInfo user = users.get(key);
        return user == null ? null : user.id();
    }

    /** We withdrew our request to {@code to}; returns whether it was pending. */
    boolean withdrawn(String to) {
        return outgoing.remove(to);
    }

    /** Requests we sent that are not answered yet. */
    int pendingRequests() {
        return outgoing.size();
    }

    /** How much is kept, by kind (tests: it stays bounded whatever the server sends). */
    Map<String, Integer> retained() {
        return Map.of("users", users.size(), "userListChunks", userListChunks.size(), "incoming", incoming.size(),
                "outgoing", outgoing.size(), "peerNames", peerNames.size());
    }

    /** A peer's name as the room or their request told it, else their key. */
    String nameOf(String peerKey) {
        UserInfo user = users.get(peerKey);
        return user != null ? user.name() : peerNames.getOrDefault(peerKey, peerKey);
    }

    // ---- ServerLink.Listener (the link's thread) ----

    @Override
    public void onRegistered(Welcome welcome, boolean rejoined) {
        core.onCore(() -> {
            core.registered(welcome);
            users.clear();
            userListChunks.clear();
            events.emit(new ClientEvent.Registered(welcome.key(), welcome.publicEndpoint(), welcome.room(), rejoined,
                    core.ownId()));
        });
    }

    @Override
    public void onServerPinned(String server, String fingerprint, boolean firstUse) {
        events.emit(new ClientEvent.ServerPinned(server, fingerprint, ClientEvent.PinSource.FIRST_USE));
    }

    @Override
    public void onServerCertificateRefused(String server, String pinned, String presented) {
        events.emit(new ClientEvent.ServerCertificateChanged(server, pinned, presented));
    }

    @Override
    public void onUnreachable(String reason, long retryInMillis) {
        events.emit(new ClientEvent.ServerUnreachable(reason, Duration.ofMillis(retryInMillis)));
    }

    @Override
    public void onNatDetected(NatType type) {
        core.onCore(() -> {
            core.natMeasured(type);
            events.emit(new ClientEvent.NatDetected(type));
        });
    }

    @Override
    public void onMessage(ServerMessage message) {
        core.onCore(() -> message.dispatchTo(this));
    }

    @Override
    public void onLost(String reason) {
        core.onCore(() -> {
            core.serverLost();
            events.emit(new ClientEvent.ServerLost(reason));
            // The server forgot them with us: say so, or views would wait for answers that never come.
            outgoing.forEach(to -> events.emit(new ClientEvent.RequestEnded(to, EndReason.SERVER_LOST)));
            incoming.keySet().forEach(from -> events.emit(new ClientEvent.RequestCancelled(from, EndReason.SERVER_LOST)));
            outgoing.clear();
            incoming.clear();
            accepted.clear();
            users.clear();
        });
    }

    // ---- ServerMessage.Handler (the core thread) ----

    @Override
    public void onWelcome(Welcome welcome) {
        // handled by the link, reported through onRegistered
    }

    @Override
    public void onUserList(UserList list) {
        int room = MAX_ROOM_USERS - userListChunks.size();
        if (list.users().size() > room) {
            OVERFLOW.log("the server listed more than {0} users in room {1}", MAX_ROOM_USERS, list.room());
        }
        userListChunks.addAll(list.users().subList(0, Math.min(room, list.users().size())));
        if (list.complete()) {
            users.clear();
            userListChunks.forEach(user -> users.put(user.key(), user));
            events.emit(new ClientEvent.Users(userListChunks));
            userListChunks.clear();
        }
    }

    @Override
    public void onUserJoined(UserJoined joined) {
        if (users.size() >= MAX_ROOM_USERS && !users.containsKey(joined.user().key())) {
            OVERFLOW.log("the server announced more than {0} users in our room", MAX_ROOM_USERS);
            return;
        }
        users.put(joined.user().key(), joined.user());
        events.emit(new ClientEvent.UserJoined(joined.user()));
    }

    @Override
    public void onUserLeft(UserLeft left) {
        users.remove(left.key());
        events.emit(new ClientEvent.UserLeft(left.key()));
    }

    @Override
    public void onRequest(Request request) {
        if (incoming.size() >= MAX_INCOMING && !incoming.containsKey(request.from())) {
            OVERFLOW.log("the server passed on more than {0} requests waiting for an answer", MAX_INCOMING);
            return; // its sender waits until it expires, as if we had not answered
        }
        incoming.put(request.from(), request.name());
        peerNames.put(request.from(), request.name());
        Contacts.Recognition seen = contacts.recognize(request.id(), request.name());
        events.emit(new ClientEvent.RequestReceived(request.from(), request.name(), request.id(), seen.known(),
                seen.impersonates() ? seen.nameOf().id() : null));
    }

    @Override
    public void onCancelled(Cancelled cancelled) {
        incoming.remove(cancelled.from());
        events.emit(new ClientEvent.RequestCancelled(cancelled.from(), cancelled.reason()));
    }

    @Override
    public void onRejected(Rejected rejected) {
        outgoing.remove(rejected.by());
        events.emit(new ClientEvent.RequestEnded(rejected.by(), rejected.reason()));
    }

    @Override
    public void onIntroduce(Introduce introduce) {
        String peer = introduce.peer();
        // Only what we asked for: a request we sent and did not cancel, or one we accepted; once each. Anything
        // else would have us dial wherever the server (or someone on its path) says.
        boolean solicited = outgoing.remove(peer) | accepted.remove(peer);
        if (!solicited || introduce.peerId() == null || introduce.peerFingerprint() == null) {
            dropped(introduce, solicited ? "it names no ID or certificate for the peer" : "we did not ask for it");
            return;
        }
        incoming.remove(peer);
        peerNames.put(peer, introduce.peerName());
        core.introduced(introduce);
    }

    private void dropped(Introduce introduce, String why) {
        DROPPED.log("dropped an introduction, to {0}: {1}", introduce.peer(), why);
    }

    @Override
    public void onNotice(Notice notice) {
        events.emit(new ClientEvent.Notice(notice.text(), notice.broadcast()));
    }

    @Override
    public void onError(ErrorMessage error) {
        if (error.ref() != null) {
            outgoing.remove(error.ref()); // a refused connect is not pending
            accepted.remove(error.ref()); // nor a refused accept
        }
        events.emit(new ClientEvent.ServerError(error.code(), error.message(), error.ref()));
    }

    @Override
    public void onProbeResult(ServerMessage.ProbeResult result) {
        // only on the probe port
    }

    @Override
    public void onRelayReady(ServerMessage.RelayReady ready) {
        // only on a relay connection
    }

    @Override
    public void onPing(Ping ping) {
        // answered by the link
    }

    @Override
    public void onPong(Pong pong) {
        // answered by the link
    }

    @Override
    public void onBye(Bye bye) {
        // ends the link, reported through onLost
    }
}
