package punchline.client.net;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import punchline.protocol.Endpoint;
import punchline.protocol.ServerMessage.Introduce;
import punchline.protocol.ServerMessage.Role;

/**
 * Keeps trying a direct connection for chats that went through the relay although their NATs could
 * be punched (the first punch lost a race, or a router was slow): the initiator proposes a new punch
 * over the relayed link after {@code upgradeAfter}, then three times as long, at most three times;
 * both sides punch with the introduction's token, and a link that wins moves the chat over without
 * dropping it. Users see nothing until it works. Core thread only.
 */
final class RelayUpgrades {
    private static final System.Logger LOG = System.getLogger(RelayUpgrades.class.getName());
    static final int MAX_TRIES = 3;
    /** Both sides start this long after the proposal: enough for it to cross the relay. */
    static final long START_DELAY_MILLIS = 500;

    /** Where a successful upgrade's channel goes: to the link, on the core thread. */
    interface Sink {
        void upgraded(String peer, PeerChannel channel);
    }

    private record Plan(Introduce intro, PunchAttempt.Local local, int tries, ScheduledFuture<?> next) {
    }

    private final ClientConfig config;
    private final Executor workers;
    private final ScheduledExecutorService timer;
    private final PeerSessions.CoreThread core;
    private final Map<String, PunchAttempt> attemptsBySession;
    private final Function<String, PeerLink> links;
    private final Sink sink;
    private final Map<String, Plan> plans = new HashMap<>();
    private final Map<String, PunchAttempt> running = new HashMap<>();

    RelayUpgrades(ClientConfig config, Executor workers, ScheduledExecutorService timer, PeerSessions.CoreThread core,
                  Map<String, PunchAttempt> attemptsBySession, Function<String, PeerLink> links, Sink sink) {
        this.config = config;
        this.workers = workers;
        this.timer = timer;
        this.core = core;
        this.attemptsBySession = attemptsBySession;
        this.links = links;
        this.sink = sink;
    }

    /** A chat just went through the relay: plan upgrades if its NATs allow a punch and we lead. */
    void relayed(Introduce intro, PunchAttempt.Local local) {
        boolean punchable = PunchOutcomes.whyUnpunchable(local.nat(), intro) == null;
        if (!punchable || config.upgradeAfter().isZero()) {
            return;
        }
        PunchAttempt.Local direct = new PunchAttempt.Local(local.key(), local.address(), local.port(),
                local.ownEndpoints(), local.identity(), local.nat(), null);
        plans.put(intro.peer(), new Plan(intro, direct, 0, null));
        if (intro.role() == Role.INITIATOR) {
            schedule(intro.peer(), config.upgradeAfter());
        }
    }

    /** The initiator proposed a punch (we are the responder): join it. */
    void proposed(String peer, long startInMillis) {
        Plan plan = plans.get(peer);
        if (plan != null && !running.containsKey(peer)) {
            punch(peer, plan, startInMillis);
        }
    }

    /** The chat ended or moved: nothing more to try. */
    void forget(String peer) {
        Plan plan = plans.remove(peer);
        if (plan != null && plan.next() != null) {
            plan.next().cancel(false);
        }
        PunchAttempt attempt = running.remove(peer);
        if (attempt != null) {
            attempt.cancel();
            attemptsBySession.remove(attempt.sessionId(), attempt);
        }
    }

    void stop() {
        for (String peer : plans.keySet().toArray(new String[0])) {
            forget(peer);
        }
    }

    private void schedule(String peer, Duration after) {
        Plan plan = plans.get(peer);
        ScheduledFuture<?> next = timer.schedule(() -> core.submit(() -> propose(peer)), after.toMillis(),
                TimeUnit.MILLISECONDS);
        plans.put(peer, new Plan(plan.intro(), plan.local(), plan.tries(), next));
    }

    private void propose(String peer) {
        Plan plan = plans.get(peer);
        PeerLink link = links.apply(peer);
        if (plan == null || link == null || !link.isRelayed() || running.containsKey(peer)) {
            return;
        }
        if (!link.proposeUpgrade(START_DELAY_MILLIS)) {
            return;
        }
        LOG.log(Level.DEBUG, "trying a direct connection to {0} again (try {1})", peer, plan.tries() + 1);
        punch(peer, plan, START_DELAY_MILLIS);
    }

    private void punch(String peer, Plan plan, long startInMillis) {
        Introduce intro = plan.intro();
        Introduce again = new Introduce(intro.peer(), intro.peerName(), intro.peerPublic(), intro.peerPrivate(),
                intro.token(), intro.role(), startInMillis, intro.sameNat(), intro.peerFingerprint(), intro.peerNat());
        PunchAttempt[] self = new PunchAttempt[1];
        PunchAttempt attempt = new PunchAttempt(plan.local(), again, config.punchTimeout(), new PunchAttempt.Listener() {
            @Override
            public void onAttempt(Endpoint endpoint) {
                LOG.log(Level.DEBUG, "upgrade to {0}: trying {1}", peer, endpoint);
            }

            @Override
            public void onRelaying(String why) {
                // no relay for an upgrade: it is the relay we want to leave
            }

            @Override
            public void onConnected(PeerChannel channel, Duration elapsed) {
                if (!core.submit(() -> won(peer, self[0], channel))) {
                    Sockets.abort(channel.tcp());
                }
            }

            @Override
            public void onFailed(ClientEvent.FailureKind kind, String reason, int attempts) {
                core.submit(() -> lost(peer, self[0], reason));
            }
        }, workers, timer);
        self[0] = attempt;
        running.put(peer, attempt);
        attemptsBySession.put(attempt.sessionId(), attempt);
        attempt.start();
    }

    private void won(String peer, PunchAttempt attempt, PeerChannel channel) {
        attemptsBySession.remove(attempt.sessionId(), attempt);
        if (running.remove(peer, attempt) && links.apply(peer) != null) {
            forget(peer);
            sink.upgraded(peer, channel);
        } else {
            Sockets.abort(channel.tcp());
        }
    }

    private void lost(String peer, PunchAttempt attempt, String reason) {
        attemptsBySession.remove(attempt.sessionId(), attempt);
        if (!running.remove(peer, attempt)) {
            return;
        }
        LOG.log(Level.INFO, "still no direct connection to {0}: {1}", peer, reason);
        Plan plan = plans.get(peer);
        if (plan == null || plan.intro().role() != Role.INITIATOR) {
            return;
        }
        int tries = plan.tries() + 1;
        if (tries >= MAX_TRIES) {
            plans.remove(peer);
            return;
        }
        plans.put(peer, new Plan(plan.intro(), plan.local(), tries, null));
        schedule(peer, config.upgradeAfter().multipliedBy((long) Math.pow(3, tries)));
    }
}
