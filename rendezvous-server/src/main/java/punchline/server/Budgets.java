package punchline.server;

import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import punchline.common.LogLimiter;
import punchline.common.TokenBucket;

/**
 * What each address (a network: see {@link FloodLimits#groupOf}) and each room may still do: the
 * connections and relays an address holds, and its budgets of new connections, hellos and connect
 * requests, which survive its reconnects; and each room's budget of joins. This is the session layer's
 * (admission's) bookkeeping, not the lobby's, so that any {@link Lobby} behind it is covered.
 *
 * <p>Memory stays bounded: an address that holds nothing and whose budgets have refilled is forgotten
 * (a fresh budget is the same as a full one), at most {@link #MAX_IDLE} idle ones are kept, and a room's
 * full budget is dropped the same way. I/O thread only.
 */
final class Budgets {
    private static final System.Logger LOG = System.getLogger(Budgets.class.getName());
    /** Idle addresses remembered at most (each a few hundred bytes); beyond, the oldest are forgotten. */
    static final int MAX_IDLE = 50_000;
    private static final long PRUNE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final FloodLimits limits;
    private final ServerOptions options;
    private final Map<InetAddress, Address> addresses = new LinkedHashMap<>();
    private final Map<String, TokenBucket> roomJoins = new HashMap<>();
    private final LogLimiter refusedJoins = new LogLimiter(LOG, Level.INFO, "refused joins (joining too often)");
    private final LogLimiter refusedRequests = new LogLimiter(LOG, Level.INFO,
            "refused requests (one address asking too often)");
    private long nextPruneNanos;

    Budgets(ServerOptions options) {
        this.options = options;
        this.limits = options.floodLimits();
    }

    /** What one address holds and may still do. */
    final class Address {
        final InetAddress group;
        /** Open connections from the address. */
        int connections;
        /** Relays running with a side at the address. */
        int relays;
        private final TokenBucket connects;
        private final TokenBucket joins;
        private final TokenBucket requests;

        private Address(InetAddress group, long now) {
            this.group = group;
            this.connects = bucket(Math.max(10, 3 * limits.connectionsPerSecond()), limits.connectionsPerSecond(), now);
            this.joins = bucket(limits.joinsPerMinute() / 3, limits.joinsPerMinute() / 60, now);
            this.requests = bucket(options.requestBurst(), options.requestsPerMinute() / 60, now);
        }

        /** Takes a new connection from the budget; false when the address connects too often. */
        boolean tryConnect(long now) {
            return connects == null || connects.tryTake(now);
        }

        /** Takes a connect request from the budget; false when the address asks too often. */
        boolean tryRequest(long now) {
            if (requests == null || requests.tryTake(now)) {
                return true;
            }
            refusedRequests.log(now, "refused a request from {0}: that address asks too often", group.getHostAddress());
            return false;
        }

        /**
         * Takes a join into {@code room} from the address's budget and the room's; returns null, or why not
         * (and takes nothing).
         */
        String tryJoin(String room, long now) {
            if (joins != null && joins.available(now) < 1) {
                refusedJoins.log(now, "refused a join from {0}: that address joins too often", group.getHostAddress());
                return "too many joins from your address; try again in a minute";
            }
            TokenBucket roomBudget = roomBudget(room, now);
            if (roomBudget != null && roomBudget.available(now) < 1) {
                refusedJoins.log(now, "refused a join into room {0}: too many join it at once", room);
                return "too many people are joining room '" + room + "' right now; try again in a few seconds";
            }
            if (joins != null) {
                joins.take(1);
            }
            if (roomBudget != null) {
                roomBudget.take(1);
            }
            return null;
        }

        private boolean isForgettable(long now) {
            return connections == 0 && relays == 0 && isFull(connects, now) && isFull(joins, now)
                    && isFull(requests, now);
        }
    }

    /** The budget of {@code address}'s network, remembered or new. */
    Address of(InetAddress address, long now) {
        InetAddress group = limits.groupOf(address);
        Address budget = addresses.get(group);
        if (budget == null) {
            budget = new Address(group, now);
            addresses.put(group, budget);
        }
        return budget;
    }

    /**
     * The sweep's part: logs how many joins the last minute refused, once it is over, and forgets the
     * addresses and rooms with nothing to remember (at most once a second).
     */
    void sweep(long now) {
        refusedJoins.flush(now);
        refusedRequests.flush(now);
        if (now - nextPruneNanos < 0) {
            return;
        }
        nextPruneNanos = now + PRUNE_INTERVAL_NANOS;
        int idle = 0;
        for (Iterator<Address> it = addresses.values().iterator(); it.hasNext(); ) {
            Address address = it.next();
            if (address.isForgettable(now)) {
                it.remove();
            } else if (address.connections == 0 && address.relays == 0) {
                idle++;
            }
        }
        // Many addresses that connected once and left (a spread-out flood): forget the oldest first.
        for (Iterator<Address> it = addresses.values().iterator(); idle > MAX_IDLE && it.hasNext(); ) {
            Address address = it.next();
            if (address.connections == 0 && address.relays == 0) {
                it.remove();
                idle--;
            }
        }
        roomJoins.values().removeIf(bucket -> isFull(bucket, now));
    }

    /** Addresses remembered (tests: memory stays bounded). */
    int addressCount() {
        return addresses.size();
    }

    /** Rooms whose join budget is remembered (tests). */
    int roomCount() {
        return roomJoins.size();
    }

    private TokenBucket roomBudget(String room, long now) {
        if (limits.roomJoinsPerSecond() <= 0) {
            return null;
        }
        return roomJoins.computeIfAbsent(room,
                name -> new TokenBucket(5 * limits.roomJoinsPerSecond(), limits.roomJoinsPerSecond(), now));
    }

    /** A bucket of {@code burst} refilled at {@code perSecond}, or null for no limit. */
    private static TokenBucket bucket(double burst, double perSecond, long now) {
        return perSecond <= 0 ? null : new TokenBucket(Math.max(1, burst), perSecond, now);
    }

    private static boolean isFull(TokenBucket bucket, long now) {
        return bucket == null || bucket.isFull(now);
    }
}
