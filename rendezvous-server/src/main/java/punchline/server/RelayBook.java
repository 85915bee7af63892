package punchline.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import punchline.protocol.ErrorCode;
import punchline.protocol.ProtocolException;

/**
 * Which introductions may use the relay, who is waiting for a partner, and the relays running.
 * A relay is only opened for the two keys of an introduction, by someone who knows its token.
 * I/O thread only.
 */
final class RelayBook {
    private record Expected(String firstKey, String secondKey, long expiresNanos) {
    }

    private record Waiting(Connection connection, String key, long deadlineNanos) {
    }

    private final RelayOptions options;
    private final Map<String, Expected> expected = new HashMap<>();
    private final Map<String, Waiting> waiting = new HashMap<>();
    private final Set<Relay> active = new LinkedHashSet<>();
    private final Map<String, Integer> relaysPerUser = new HashMap<>();

    RelayBook(RelayOptions options) {
        this.options = options;
    }

    boolean enabled() {
        return options.enabled();
    }

    int activeCount() {
        return active.size();
    }

    /** Connections waiting for their partner (tests use it to order joins). */
    int waitingCount() {
        return waiting.size();
    }

    Set<Relay> active() {
        return active;
    }

    /** Lets the two users of an introduction relay until {@code expiresNanos}. */
    void expect(String token, String firstKey, String secondKey, long expiresNanos) {
        if (options.enabled()) {
            expected.put(token, new Expected(firstKey, secondKey, expiresNanos));
        }
    }

    /**
     * A connection asks to be relayed. Returns the new relay when its partner was already waiting,
     * null when it now waits itself; throws when it may not relay.
     */
    Relay join(Connection connection, String token, String key, long now) throws ProtocolException {
        if (!options.enabled()) {
            throw new ProtocolException(ErrorCode.RELAY_DISABLED, "this server does not relay chats");
        }
        Expected pair = expected.get(token);
        if (pair == null || pair.expiresNanos - now <= 0 || !(key.equals(pair.firstKey) || key.equals(pair.secondKey))) {
            throw new ProtocolException(ErrorCode.RELAY_UNKNOWN_SESSION, "no introduction to relay for this token");
        }
        Waiting partner = waiting.get(token);
        if (partner == null || partner.connection.isClosing()) {
            waiting.put(token, new Waiting(connection, key, now + options.waitTimeout().toNanos()));
            connection.awaitRelayPartner();
            return null;
        }
        if (partner.key.equals(key)) {
            throw new ProtocolException(ErrorCode.RELAY_UNKNOWN_SESSION, "this side of the relay is already waiting");
        }
        if (active.size() >= options.maxRelays()) {
            throw new ProtocolException(ErrorCode.RELAY_FULL, "the relay is full; try again later");
        }
        Budgets.Address here = connection.session().budget();
        Budgets.Address there = partner.connection.session().budget();
        if (here.relays >= options.maxPerAddress() || there.relays >= options.maxPerAddress()) {
            throw new ProtocolException(ErrorCode.RELAY_FULL, "too many relayed chats from one address; try later");
        }
        if (relaysOf(key) >= options.maxPerUser() || relaysOf(partner.key) >= options.maxPerUser()) {
            throw new ProtocolException(ErrorCode.RELAY_FULL, "too many relayed chats for one user; close one first");
        }
        waiting.remove(token);
        expected.remove(token);
        Relay relay = new Relay(partner.connection, partner.key, connection, key, options, now);
        partner.connection.splice(relay);
        connection.splice(relay);
        active.add(relay);
        count(relay, +1);
        return relay;
    }

    private int relaysOf(String key) {
        return relaysPerUser.getOrDefault(key, 0);
    }

    /** Counts a relay in (+1) or out (-1) of its users' and addresses' shares; one address counts it once. */
    private void count(Relay relay, int delta) {
        relaysPerUser.merge(relay.firstKey, delta, (a, b) -> a + b == 0 ? null : a + b);
        relaysPerUser.merge(relay.secondKey, delta, (a, b) -> a + b == 0 ? null : a + b);
        Budgets.Address first = relay.first.session().budget();
        Budgets.Address second = relay.second.session().budget();
        first.relays += delta;
        if (second != first) {
            second.relays += delta;
        }
    }

    /**
     * Stops the wait of the side waiting at {@code token} and returns it (null if none): its partner has
     * been refused, so it would only wait in vain.
     */
    Connection abandon(String token) {
        Waiting partner = waiting.remove(token);
        return partner == null ? null : partner.connection;
    }

    void closed(Relay relay) {
        if (active.remove(relay)) {
            count(relay, -1);
        }
    }

    /** Forgets connections that stopped waiting, and returns those whose partner never came. */
    List<Connection> expire(long now) {
        List<Connection> timedOut = new ArrayList<>();
        for (Iterator<Waiting> it = waiting.values().iterator(); it.hasNext(); ) {
            Waiting w = it.next();
            if (w.connection.isClosing()) {
                it.remove();
            } else if (w.deadlineNanos - now <= 0) {
                it.remove();
                timedOut.add(w.connection);
            }
        }
        expected.values().removeIf(pair -> pair.expiresNanos - now <= 0);
        return timedOut;
    }
}
