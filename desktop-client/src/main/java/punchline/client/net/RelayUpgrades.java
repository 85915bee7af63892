package punchline.client.net;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import punchline.protocol.Endpoint;
import punchline.protocol.ServerMessage.Introduce;
import punchline.protocol.ServerMessage.Role;

/**
 * Keeps trying a direct connection for chats that went through the relay although their NATs could
 * be punched. When the relay won while the first punch was still dialling (the relay budget ran out),
 * the punch goes on at once as an upgrade; otherwise (the punch ran out its deadline: a router was slow,
 * or blocked) the first try comes after {@code upgradeAfter}; each failure waits three times as long, at
 * most {@link #MAX_TRIES} tries after the relay. The initiator proposes each over the relayed link
 * ({@code upgrade}); both punch with the introduction's token, and a link that wins moves the chat over
 * without dropping or reordering a message ({@link PeerLink#switchTo}). Core thread only.
 */
final class RelayUpgrades {
    private static final System.Logger LOG = System.getLogger(RelayUpgrades.class.getName());
    static final int MAX_TRIES = 3;
    /**
     * The responder starts this long after the proposal reaches it; the initiator this plus the proposal's
     * way across the relay (DCUtR's trick: both dial at the same moment), about our server round trip.
     */
    static final long START_DELAY_MILLIS = 50;
    /**
     * Proposals a responder follows per relayed chat, and how far apart at least: a peer may not make us
     * punch on every {@code upgrade} it sends (each punch dials for seconds). Our own initiator side
     * proposes at most {@link #MAX_TRIES} + 1 times (with the at-once one), far more than this apart.
     */
    static final int MAX_PROPOSALS_FOLLOWED = MAX_TRIES + 1;
    static final long MIN_PROPOSAL_GAP_NANOS = TimeUnit.SECONDS.toNanos(2);

    /** Where a successful upgrade's channel goes: to the link, on the core thread. */
    interface Sink {
        void upgraded(String peer, PeerChannel channel);
    }

    /**
     * One relayed chat's upgrades: our tries as initiator (whether the first went at once, {@code
     * atOnce}), or, as responder, the proposals followed and when the last one was ({@code lastFollowed},
     * on {@link #nanoTime}'s clock).
     */
    private record Plan(Introduce intro, PunchAttempt.Local local, boolean atOnce, int tries, ScheduledFuture<?> next,
                        int followed, long lastFollowed) {
        Plan withTries(int count, ScheduledFuture<?> scheduled) {
            return new Plan(intro, local, atOnce, count, scheduled, followed, lastFollowed);
        }
    }

    private final ClientConfig config;
    private final ScheduledExecutorService timer;
    private final PeerSessions.CoreThread core;
    private final Punches punches;
    private final Function<String, PeerLink> links;
    private final Sink sink;
    private final Map<String, Plan> plans = new HashMap<>();
    private final LongSupplier nanoTime;

    RelayUpgrades(ClientConfig config, ScheduledExecutorService timer, PeerSessions.CoreThread core, Punches punches,
                  Function<String, PeerLink> links, Sink sink) {
        this(config, timer, core, punches, links, sink, System::nanoTime);
    }

    /** {@code nanoTime}: the clock that spaces the proposals we follow (tests move it by hand). */
    RelayUpgrades(ClientConfig config, ScheduledExecutorService timer, PeerSessions.CoreThread core, Punches punches,
                  Function<String, PeerLink> links, Sink sink, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.config = config;
        this.timer = timer;
        this.core = core;
        this.punches = punches;
        this.links = links;
        this.sink = sink;
    }

    /**
     * A chat just went through the relay: plan upgrades if its NATs allow a punch; as initiator, the first
     * at once when the relay only beat a punch still under way ({@code relayBeatPunch}).
     */
    void relayed(Introduce intro, PunchAttempt.Local local, boolean relayBeatPunch) {
        boolean punchable = PunchOutcomes.whyUnpunchable(local.nat(), intro) == null;
        if (!punchable || config.upgradeAfter().isZero()) {
            return;
        }
        plans.put(intro.peer(), new Plan(intro, local.withoutRelay(), relayBeatPunch, 0, null, 0, 0));
        if (intro.role() == Role.INITIATOR) {
            schedule(intro.peer(), relayBeatPunch ? Duration.ZERO : config.upgradeAfter());
        }
    }

    /**
     * The initiator proposed a punch (we are the responder): join it, unless one is running, this chat
     * has had its share, or the last one was less than {@link #MIN_PROPOSAL_GAP_NANOS} ago.
     */
    void proposed(String peer, long startInMillis) {
        Plan plan = plans.get(peer);
        if (plan == null || plan.intro().role() != Role.RESPONDER || punches.isRunning(peer, Punches.Purpose.UPGRADE)) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (plan.followed() >= MAX_PROPOSALS_FOLLOWED
                || plan.followed() > 0 && now - plan.lastFollowed() < MIN_PROPOSAL_GAP_NANOS) {
            LOG.log(Level.DEBUG, "not following upgrade proposal {0} from {1}: too many or too soon",
                    plan.followed() + 1, peer);
            return;
        }
        plans.put(peer, new Plan(plan.intro(), plan.local(), plan.atOnce(), plan.tries(), plan.next(),
                plan.followed() + 1, now));
        punch(peer, plan, startInMillis);
    }

    /** The chat ended or moved: nothing more to try. */
    void forget(String peer) {
        Plan plan = plans.remove(peer);
        if (plan != null && plan.next() != null) {
            plan.next().cancel(false);
        }
        punches.cancel(peer, Punches.Purpose.UPGRADE);
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
        plans.put(peer, plan.withTries(plan.tries(), next));
    }

    private void propose(String peer) {
        Plan plan = plans.get(peer);
        PeerLink link = links.apply(peer);
        if (plan == null || link == null || !link.isRelayed() || punches.isRunning(peer, Punches.Purpose.UPGRADE)) {
            return;
        }
        if (!link.proposeUpgrade(START_DELAY_MILLIS)) {
            return;
        }
        LOG.log(Level.DEBUG, "trying a direct connection to {0} again (try {1})", peer, plan.tries() + 1);
        Duration across = plan.local().serverRtt() == null ? Duration.ZERO : plan.local().serverRtt();
        punch(peer, plan, START_DELAY_MILLIS + across.toMillis());
    }

    private void punch(String peer, Plan plan, long startInMillis) {
        punches.launch(Punches.Purpose.UPGRADE, plan.local(), plan.intro().withStartInMillis(startInMillis),
                new PunchAttempt.Listener() {
                    @Override
                    public void onAttempt(Endpoint endpoint) {
                        LOG.log(Level.DEBUG, "upgrade to {0}: trying {1}", peer, endpoint);
                    }

                    @Override
                    public void onRelaying(String why) {
                        // no relay for an upgrade: it is the relay we want to leave
                    }

                    @Override
                    public void onConnected(PeerChannel channel, Duration elapsed, boolean relayBeatPunch) {
                        won(peer, channel);
                    }

                    @Override
                    public void onFailed(ClientEvent.FailureKind kind, String reason, int attempts) {
                        lost(peer, reason);
                    }
                });
    }

    private void won(String peer, PeerChannel channel) {
        if (links.apply(peer) != null) {
            forget(peer);
            sink.upgraded(peer, channel);
        } else {
            Sockets.abort(channel.tcp());
        }
    }

    /** A try failed: the initiator plans the next, three times as far off as the one before. */
    private void lost(String peer, String reason) {
        LOG.log(Level.INFO, "still no direct connection to {0}: {1}", peer, reason);
        Plan plan = plans.get(peer);
        if (plan == null || plan.intro().role() != Role.INITIATOR) {
            return;
        }
        int tries = plan.tries() + 1;
        int later = tries - (plan.atOnce() ? 1 : 0); // tries after the first wait of upgradeAfter
        if (later >= MAX_TRIES) {
            plans.remove(peer);
            return;
        }
        plans.put(peer, plan.withTries(tries, null));
        schedule(peer, config.upgradeAfter().multipliedBy((long) Math.pow(3, later)));
    }
}
