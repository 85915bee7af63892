package punchline.client.net;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import punchline.client.net.ClientEvent.FailureKind;
import punchline.protocol.Endpoint;

/** A punch listener that records what it heard, on which thread, and whether {@link #lock} was held. */
class ListenerRecorder implements PunchAttempt.Listener {
    /** The lock that must not be held during a call. */
    volatile Object lock = new Object();
    final CompletableFuture<PeerChannel> connected = new CompletableFuture<>();
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final List<String> threads = Collections.synchronizedList(new ArrayList<>());
    private final List<Boolean> underLock = Collections.synchronizedList(new ArrayList<>());

    List<String> calls() {
        return List.copyOf(calls);
    }

    List<String> threads() {
        return List.copyOf(threads);
    }

    List<Boolean> underLock() {
        return List.copyOf(underLock);
    }

    private void heard(String call) {
        underLock.add(Thread.holdsLock(lock));
        threads.add(Thread.currentThread().getName());
        calls.add(call);
    }

    @Override
    public void onAttempt(Endpoint endpoint) {
        heard("attempt " + endpoint);
    }

    @Override
    public void onRelaying(String why) {
        heard("relaying " + why);
    }

    @Override
    public void onConnected(PeerChannel channel, Duration elapsed, boolean relayBeatPunch) {
        heard("connected");
        connected.complete(channel);
    }

    @Override
    public void onFailed(FailureKind kind, String reason, int attempts) {
        heard("failed " + kind);
    }
}
