package punchline.server;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import punchline.protocol.Endpoint;
import punchline.protocol.Message;
import punchline.protocol.NatType;
import punchline.protocol.ServerMessage.UserInfo;

/** A registered user: who they are, where they were seen, and their open requests. I/O thread only. */
final class User {
    final String key;
    final String name;
    final Room room;
    final Endpoint publicEndpoint;
    final List<Endpoint> privateEndpoints;
    final Connection connection;
    final long joinedAtMillis;
    final UserInfo info;
    /** SHA-256 of the user's TLS client certificate (hex), passed to peers to pin. */
    final String fingerprint;
    /** The user's ID: the hash of the key their TLS client certificate proved. */
    final String id;
    /** What the client measured of its NAT; passed to peers so both decide alike whether to punch. */
    NatType nat = NatType.UNKNOWN;
    /**
     * Round-trip time from heartbeats, or -1 before the first pong: down at once to a lower sample, up by
     * an eighth of a higher one. The lowest samples are the path's; a high one is mostly a client busy
     * when it answered (the first, from a program just started), which would make its peer wait.
     */
    long rttNanos = -1;
    // Created on first use: most users have no open requests most of the time.
    private Map<String, Long> outgoing; // target key -> expiry (nanoTime)
    private Map<String, Long> incoming; // requester key -> expiry (nanoTime)
    private Map<String, Long> introduced; // peer key -> until (nanoTime), to answer a late cancel clearly

    User(String key, String name, Room room, Endpoint publicEndpoint, List<Endpoint> privateEndpoints,
         Connection connection, long joinedAtMillis, String fingerprint, String id) {
        this.key = key;
        this.name = name;
        this.room = room;
        this.publicEndpoint = publicEndpoint;
        this.privateEndpoints = privateEndpoints;
        this.connection = connection;
        this.joinedAtMillis = joinedAtMillis;
        this.info = new UserInfo(key, name, id);
        this.fingerprint = fingerprint;
        this.id = id;
    }

    /**
     * A newcomer under {@code key}, as its hello and its connection describe it: its ID and fingerprint are
     * the ones the TLS handshake proved (the session has checked the hello's claims against them).
     */
    static User admitted(String key, punchline.protocol.ClientMessage.Hello hello, Room room, Connection connection) {
        return new User(key, hello.name(), room, connection.remote(), hello.privateEndpoints(), connection,
                System.currentTimeMillis(), connection.secure().peerFingerprint(), connection.secure().peerId());
    }

    void send(Message message) {
        connection.session().send(message);
    }

    void recordRtt(long sampleNanos) {
        rttNanos = rttNanos < 0 || sampleNanos < rttNanos ? sampleNanos : (rttNanos * 7 + sampleNanos) / 8;
    }

    Map<String, Long> outgoing() {
        if (outgoing == null) {
            outgoing = new HashMap<>(4);
        }
        return outgoing;
    }

    Map<String, Long> incoming() {
        if (incoming == null) {
            incoming = new HashMap<>(4);
        }
        return incoming;
    }

    Map<String, Long> introduced() {
        if (introduced == null) {
            introduced = new HashMap<>(4);
        }
        return introduced;
    }

    boolean hasOutgoing(String to) {
        return outgoing != null && outgoing.containsKey(to);
    }

    /** Requests waiting for this user's answer. */
    int incomingCount() {
        return incoming == null ? 0 : incoming.size();
    }

    boolean hasIncoming(String from) {
        return incoming != null && incoming.containsKey(from);
    }

    boolean wasIntroducedTo(String peer, long nowNanos) {
        return introduced != null && introduced.getOrDefault(peer, Long.MIN_VALUE) - nowNanos > 0;
    }

    boolean hasRequestState() {
        return (outgoing != null && !outgoing.isEmpty()) || (incoming != null && !incoming.isEmpty())
                || (introduced != null && !introduced.isEmpty());
    }

    /** Drops empty maps so an idle user costs little again. */
    void compact() {
        if (outgoing != null && outgoing.isEmpty()) {
            outgoing = null;
        }
        if (incoming != null && incoming.isEmpty()) {
            incoming = null;
        }
        if (introduced != null && introduced.isEmpty()) {
            introduced = null;
        }
    }

    @Override
    public String toString() {
        return key + " (" + name + ", " + (id == null ? "no id" : id.substring(0, 8)) + ")";
    }
}
