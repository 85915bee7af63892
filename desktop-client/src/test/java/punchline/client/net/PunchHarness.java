package punchline.client.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import punchline.protocol.Endpoint;
import punchline.protocol.NatType;
import punchline.protocol.ServerMessage.Introduce;
import punchline.protocol.ServerMessage.Role;

/**
 * One side of a punch without a server: a listener on its own port and attempts built from
 * hand-made introductions, so tests can put strangers and wrong tokens in the way.
 */
final class PunchHarness implements AutoCloseable {
    static final String TOKEN = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";

    final String key;
    final Identity identity = Identity.generate();
    final PeerTls tls = new PeerTls(identity);
    final PunchListener listener;
    private final ExecutorService workers = Executors.newCachedThreadPool(Threads.named("test-punch-"));
    private final ScheduledExecutorService timer = Threads.scheduler("test-punch-timer");
    private final Map<String, PunchAttempt> attempts = new ConcurrentHashMap<>();
    final List<String> log = new CopyOnWriteArrayList<>();
    final CompletableFuture<PeerChannel> connected = new CompletableFuture<>();
    final CompletableFuture<String> failed = new CompletableFuture<>();
    volatile ClientEvent.FailureKind failureKind;
    volatile int dials;
    /** What onConnected said: a relay that won while the punch was still dialling. */
    volatile boolean relayBeatPunch;
    /** Per call, whether the attempt's lock was held: it never may be. */
    final List<Boolean> calledUnderLock = new CopyOnWriteArrayList<>();
    /** Runs inside each listener call, after it is logged (a test's reaction to it). */
    volatile Consumer<PunchAttempt> inEachCall = attempt -> { };

    PunchHarness(String key) throws IOException {
        this.key = key;
        this.listener = new PunchListener(Sockets.listener(0), workers, attempts::get,
                address -> attempts.values().stream().anyMatch(attempt -> attempt.dials(address)));
        listener.start();
    }

    Endpoint endpoint() {
        return new Endpoint("127.0.0.1", listener.port());
    }

    static Introduce intro(String peer, String fingerprint, Role role, String token, Endpoint publicEndpoint,
                           List<Endpoint> privates, boolean sameNat) {
        return new Introduce(peer, "peer-" + peer, publicEndpoint, privates, token, role, 0, sameNat, fingerprint,
                NatType.EASY);
    }

    PunchAttempt punch(Introduce intro, Duration deadline) {
        return punch(intro, deadline, NatType.EASY, null);
    }

    PunchAttempt punch(Introduce intro, Duration deadline, NatType nat, InetSocketAddress relay) {
        PunchAttempt attempt = prepare(intro, deadline, nat, relay);
        attempt.start();
        return attempt;
    }

    /** An attempt that is built but not started: nothing is dialled. */
    PunchAttempt prepare(Introduce intro, Duration deadline, NatType nat, InetSocketAddress relay) {
        AtomicReference<PunchAttempt> self = new AtomicReference<>();
        PunchAttempt attempt = new PunchAttempt(new PunchAttempt.Local(key, null, listener.port(), Set.of(endpoint()), endpoint(),
                tls, nat, relay == null ? null : SpliceRelay.plain(relay), null), intro, deadline, new PunchAttempt.Listener() {
                    @Override
                    public void onAttempt(Endpoint endpoint) {
                        heard("attempt " + endpoint);
                    }

                    @Override
                    public void onRelaying(String why) {
                        heard("relaying");
                    }

                    @Override
                    public void onConnected(PeerChannel channel, Duration elapsed, boolean relayBeatPunch) {
                        PunchHarness.this.relayBeatPunch = relayBeatPunch;
                        heard("connected " + channel.remote());
                        connected.complete(channel);
                    }

                    @Override
                    public void onFailed(ClientEvent.FailureKind kind, String reason, int attempts) {
                        heard("failed " + kind);
                        failureKind = kind;
                        dials = attempts;
                        failed.complete(reason);
                    }

                    private void heard(String call) {
                        calledUnderLock.add(Thread.holdsLock(self.get()));
                        log.add(call);
                        inEachCall.accept(self.get());
                    }
                }, workers, timer);
        self.set(attempt);
        attempts.put(attempt.sessionId(), attempt);
        return attempt;
    }

    @Override
    public void close() {
        attempts.values().forEach(PunchAttempt::cancel);
        listener.stop();
        connected.thenAccept(channel -> Sockets.closeQuietly(channel.socket()));
        workers.shutdownNow();
        timer.shutdownNow();
        Threads.awaitOrInterrupt(workers);
        Threads.awaitOrInterrupt(timer);
    }

    static Introduce introFor(PunchHarness peer, Role role) {
        return intro(peer.key, peer.identity.fingerprint(), role, TOKEN, peer.endpoint(), List.of(), true);
    }
}
