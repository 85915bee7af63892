package punchline.client.net;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.UnaryOperator;
import punchline.common.BoundedMap;
import punchline.protocol.Endpoint;
import punchline.protocol.PeerMessage.Chat;
import punchline.protocol.ServerMessage.Introduce;

/**
 * The peer side of the core: one punch attempt or one chat link per peer. Launches an introduction's
 * punch through {@link Punches}, turns a won attempt into a {@link PeerLink}, and both into events.
 * Core thread only, except {@link #attemptFor}, which the listener calls from its own threads.
 */
final class PeerSessions {
    static final int MAX_INTRODUCTIONS = 100;

    /** Hands a task to the core thread; false when the core is stopping and will not run it. */
    @FunctionalInterface
    interface CoreThread {
        boolean submit(Runnable task);
    }

    private final ClientConfig config;
    private final EventDispatcher events;
    private final Executor workers;
    private final ScheduledExecutorService timer;
    private final CoreThread core;
    private final UnaryOperator<String> nameOf;
    private final Contacts contacts;
    private final Punches punches;
    private final Map<String, PeerLink> links = new LinkedHashMap<>();
    /** The verified ID of each peer we chat with, by key: what history is kept under. */
    private final Map<String, String> ids = new LinkedHashMap<>();
    /**
     * The latest introduction per peer: whose certificate a "trust" refers to. Bounded: a server could
     * introduce without end; a trust refers to one of the last introductions.
     */
    private final Map<String, Introduce> introductions = new BoundedMap<>(MAX_INTRODUCTIONS);
    private final RelayUpgrades upgrades;

    PeerSessions(ClientConfig config, EventDispatcher events, Executor workers, ScheduledExecutorService timer,
                 CoreThread core, UnaryOperator<String> nameOf, Contacts contacts) {
        this.config = config;
        this.events = events;
        this.workers = workers;
        this.timer = timer;
        this.core = core;
        this.nameOf = nameOf;
        this.contacts = contacts;
        this.punches = new Punches(config.punchTimeout(), workers, timer, core);
        this.upgrades = new RelayUpgrades(config, timer, core, punches, links::get,
                (peer, channel) -> links.get(peer).switchTo(channel));
    }

    /** The attempt a connection names in its hello (any thread). */
    PunchAttempt attemptFor(String sessionId) {
        return punches.attemptFor(sessionId);
    }

    /** Whether a running punch dials {@code address} (any thread). */
    boolean isPeerAddress(java.net.InetAddress address) {
        return punches.dialsAddress(address);
    }

    boolean isChatting(String peer) {
        return links.containsKey(peer);
    }

    /** Open chats plus punches under way. */
    int activeCount() {
        return links.size() + punches.count(Punches.Purpose.CHAT);
    }

    /** Starts punching to the introduced peer, replacing any attempt or chat with them. */
    void introduced(Introduce intro, PunchAttempt.Local local) {
        String peer = intro.peer();
        upgrades.forget(peer);
        PeerLink stale = links.remove(peer);
        if (stale != null) {
            workers.execute(() -> stale.close("replaced by a new connection"));
        }
        introductions.put(peer, intro);
        events.emit(new ClientEvent.Introduced(peer, intro.peerName(), intro.role(), intro.peerPublic(),
                intro.peerPrivate(), intro.sameNat(), intro.peerFingerprint(), intro.peerNat(), intro.peerId()));
        Contacts.Recognition seen = contacts.recognize(intro.peerId(), intro.peerName());
        if (seen.impersonates()) {
            // Trust is keyed on the ID: someone else using a contact's name is a different person.
            events.emit(new ClientEvent.FingerprintChanged(peer, intro.peerName(), seen.nameOf().fingerprint(),
                    intro.peerFingerprint(), intro.peerId(), seen.nameOf().id(),
                    seen.sameName() ? "same-name" : "look-alike"));
        }
        punches.launch(Punches.Purpose.CHAT, local, intro, new PunchAttempt.Listener() {
            @Override
            public void onAttempt(Endpoint endpoint) {
                events.emit(new ClientEvent.Attempt(peer, endpoint));
            }

            @Override
            public void onRelaying(String why) {
                events.emit(new ClientEvent.Relaying(peer, why));
            }

            @Override
            public void onConnected(PeerChannel channel, Duration elapsed, boolean relayBeatPunch) {
                punchSucceeded(intro, local, channel, elapsed, relayBeatPunch);
            }

            @Override
            public void onFailed(ClientEvent.FailureKind kind, String reason, int dials) {
                events.emit(new ClientEvent.Failed(peer, kind, reason, dials));
            }
        });
    }

    /** Stops a punch under way; returns false when there is none. */
    boolean cancel(String peer) {
        if (!punches.cancel(peer, Punches.Purpose.CHAT)) {
            return false;
        }
        events.emit(new ClientEvent.Failed(peer, ClientEvent.FailureKind.CANCELLED, "you cancelled", 0));
        return true;
    }

    /** Queues a chat message; returns its id, or null with a CommandRejected event when it cannot go. */
    Long send(String peer, String text) {
        PeerLink link = links.get(peer);
        long id = link == null ? -1 : link.send(text);
        if (id < 0) {
            events.emit(new ClientEvent.CommandRejected(peer, link == null ? "no open chat with " + nameOf.apply(peer)
                    : "the chat with " + nameOf.apply(peer) + " is not accepting messages"));
            return null;
        }
        long sentAt = System.currentTimeMillis();
        contacts.sent(ids.get(peer), id, text, sentAt);
        events.emit(new ClientEvent.MessageSent(peer, id, text, sentAt));
        return id;
    }

    /** Closes the chat with {@code peer} (they are told); false when there is none. */
    boolean close(String peer) {
        PeerLink link = links.get(peer);
        if (link == null) {
            return false;
        }
        workers.execute(() -> link.close("the chat was closed"));
        return true;
    }

    /**
     * The user compared fingerprints with {@code peer} and trusts them: the contact with the ID they were
     * introduced with is verified (a contact from now on, if not yet one). False when there is no such
     * introduction.
     */
    boolean trust(String peer) {
        Introduce intro = introductions.get(peer);
        if (intro == null || intro.peerFingerprint() == null || intro.peerId() == null) {
            return false;
        }
        contacts.verified(intro.peerId(), intro.peerName(), intro.peerFingerprint());
        events.emit(new ClientEvent.FingerprintTrusted(peer, intro.peerName(), intro.peerFingerprint(),
                intro.peerId()));
        return true;
    }

    /** Introductions remembered (tests: memory stays bounded). */
    int introductionCount() {
        return introductions.size();
    }

    /** Cancels every attempt and hands back the open links for the caller to close. */
    List<PeerLink> stop() {
        upgrades.stop();
        punches.stop();
        return new ArrayList<>(links.values());
    }

    private void punchSucceeded(Introduce intro, PunchAttempt.Local local, PeerChannel channel, Duration elapsed,
                                boolean relayBeatPunch) {
        String peer = intro.peer();
        String id = intro.peerId(); // the link's TLS proved the peer's key has this ID
        contacts.seen(id, intro.peerName(), intro.peerFingerprint());
        PeerLink[] self = new PeerLink[1];
        PeerLink link = new PeerLink(peer, channel, config, new PeerLink.Listener() {
            @Override
            public void onMessage(Chat chat) {
                contacts.received(id, chat.id(), chat.text(), chat.sentAt());
                events.emit(new ClientEvent.MessageReceived(peer, chat.id(), chat.text(), chat.sentAt()));
            }

            @Override
            public void onDelivered(long messageId) {
                contacts.delivered(id, messageId);
                events.emit(new ClientEvent.MessageDelivered(peer, messageId));
            }

            @Override
            public void onUpgradeProposed(long startInMillis) {
                core.submit(() -> upgrades.proposed(peer, startInMillis));
            }

            @Override
            public void onSwitched(PeerChannel direct) {
                events.emit(new ClientEvent.Upgraded(peer, direct.remote()));
            }

            @Override
            public void onClosed(String reason, List<Long> undelivered) {
                if (!undelivered.isEmpty()) {
                    contacts.failed(id, undelivered);
                }
                Runnable report = () -> {
                    for (long id : undelivered) {
                        events.emit(new ClientEvent.MessageFailed(peer, id, reason));
                    }
                    events.emit(new ClientEvent.PeerLeft(peer, reason));
                };
                // Only the current link speaks for the peer: a link already replaced by a new one stays quiet.
                boolean queued = core.submit(() -> {
                    if (links.remove(peer, self[0])) {
                        ids.remove(peer);
                        upgrades.forget(peer);
                        report.run();
                    }
                });
                if (!queued) {
                    report.run(); // stopping: every link is closing, none was replaced
                }
            }
        }, timer);
        self[0] = link;
        links.put(peer, link);
        ids.put(peer, id);
        events.emit(new ClientEvent.Connected(peer, nameOf.apply(peer), channel.route(), channel.remote(), elapsed,
                id));
        link.start();
        if (channel.route() == ClientEvent.Route.RELAY) {
            upgrades.relayed(intro, local, relayBeatPunch);
        }
    }
}
