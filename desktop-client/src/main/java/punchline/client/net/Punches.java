package punchline.client.net;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import punchline.client.net.ClientEvent.FailureKind;
import punchline.protocol.Endpoint;
import punchline.protocol.ServerMessage.Introduce;

/**
 * The owner of every running {@link PunchAttempt} and the one way to launch one: at most one per peer
 * and purpose, found by session id by the {@link PunchListener}. An attempt's calls reach its
 * launcher on the core thread, and only while it is still the current attempt for its peer and
 * purpose; a won channel that no one takes (replaced, cancelled, stopping) is closed here.
 * Core thread only, except {@link #attemptFor}.
 */
final class Punches {
    /** What a punch is for: setting up a chat, or moving a relayed chat to a direct link. */
    enum Purpose { CHAT, UPGRADE }

    private record Slot(String peer, Purpose purpose) {
    }

    /** One launch: the attempt and a number no later launch shares, which its calls carry. */
    private record Running(PunchAttempt attempt, long launch) {
    }

    private final Duration deadline;
    private final Executor workers;
    private final ScheduledExecutorService timer;
    private final PeerSessions.CoreThread core;
    private final Map<Slot, Running> running = new HashMap<>();
    private final Map<String, PunchAttempt> bySession = new ConcurrentHashMap<>();
    private long launches;

    Punches(Duration deadline, Executor workers, ScheduledExecutorService timer, PeerSessions.CoreThread core) {
        this.deadline = deadline;
        this.workers = workers;
        this.timer = timer;
        this.core = core;
    }

    /**
     * Starts punching to {@code intro}'s peer for {@code purpose}, cancelling the attempt that was
     * running for both. {@code launcher} hears the attempt on the core thread; after onConnected it
     * owns the channel.
     */
    void launch(Purpose purpose, PunchAttempt.Local local, Introduce intro, PunchAttempt.Listener launcher) {
        Slot slot = new Slot(intro.peer(), purpose);
        cancel(slot);
        long launch = ++launches;
        PunchAttempt attempt = new PunchAttempt(local, intro, deadline, new OnCore(slot, launch, launcher), workers,
                timer);
        running.put(slot, new Running(attempt, launch));
        bySession.put(attempt.sessionId(), attempt);
        attempt.start();
    }

    /** Stops the attempt running for {@code peer} and {@code purpose}; false when there is none. */
    boolean cancel(String peer, Purpose purpose) {
        return cancel(new Slot(peer, purpose));
    }

    boolean isRunning(String peer, Purpose purpose) {
        return running.containsKey(new Slot(peer, purpose));
    }

    int count(Purpose purpose) {
        return (int) running.keySet().stream().filter(slot -> slot.purpose() == purpose).count();
    }

    /** The attempt a connection names in its hello (any thread). */
    PunchAttempt attemptFor(String sessionId) {
        return bySession.get(sessionId);
    }

    /** Whether a running attempt dials {@code address} (any thread): a stream from there may be a peer's. */
    boolean dialsAddress(java.net.InetAddress address) {
        for (PunchAttempt attempt : bySession.values()) {
            if (attempt.dials(address)) {
                return true;
            }
        }
        return false;
    }

    /** Cancels every attempt. */
    void stop() {
        for (Slot slot : new ArrayList<>(running.keySet())) {
            cancel(slot);
        }
    }

    private boolean cancel(Slot slot) {
        Running gone = running.remove(slot);
        if (gone == null) {
            return false;
        }
        bySession.remove(gone.attempt().sessionId(), gone.attempt());
        gone.attempt().cancel();
        return true;
    }

    /** Whether {@code launch} is still the current attempt for {@code slot}; ends it if {@code finished}. */
    private boolean isCurrent(Slot slot, long launch, boolean finished) {
        Running current = running.get(slot);
        if (current == null || current.launch() != launch) {
            return false;
        }
        if (finished) {
            running.remove(slot);
            bySession.remove(current.attempt().sessionId(), current.attempt());
        }
        return true;
    }

    /** An attempt's calls, moved onto the core thread and passed on while the attempt is current. */
    private final class OnCore implements PunchAttempt.Listener {
        private final Slot slot;
        private final long launch;
        private final PunchAttempt.Listener launcher;

        OnCore(Slot slot, long launch, PunchAttempt.Listener launcher) {
            this.slot = slot;
            this.launch = launch;
            this.launcher = launcher;
        }

        @Override
        public void onAttempt(Endpoint endpoint) {
            core.submit(() -> {
                if (isCurrent(slot, launch, false)) {
                    launcher.onAttempt(endpoint);
                }
            });
        }

        @Override
        public void onRelaying(String why) {
            core.submit(() -> {
                if (isCurrent(slot, launch, false)) {
                    launcher.onRelaying(why);
                }
            });
        }

        @Override
        public void onConnected(PeerChannel channel, Duration elapsed, boolean relayBeatPunch) {
            boolean queued = core.submit(() -> {
                if (isCurrent(slot, launch, true)) {
                    launcher.onConnected(channel, elapsed, relayBeatPunch);
                } else {
                    Sockets.abort(channel.tcp()); // replaced or cancelled meanwhile: nobody will own it
                }
            });
            if (!queued) {
                Sockets.abort(channel.tcp()); // won during stop()
            }
        }

        @Override
        public void onFailed(FailureKind kind, String reason, int attempts) {
            core.submit(() -> {
                if (isCurrent(slot, launch, true)) {
                    launcher.onFailed(kind, reason, attempts);
                }
            });
        }
    }
}
