package punchline.client.net;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import punchline.common.LogLimiter;
import punchline.common.TokenBucket;
import punchline.protocol.ErrorCode;
import punchline.protocol.Message;
import punchline.protocol.Message.Bye;
import punchline.protocol.Message.ErrorMessage;
import punchline.protocol.Message.Ping;
import punchline.protocol.Message.Pong;
import punchline.protocol.PeerMessage;
import punchline.protocol.PeerMessage.Ack;
import punchline.protocol.PeerMessage.Chat;
import punchline.protocol.PeerMessage.Chosen;
import punchline.protocol.PeerMessage.PeerHello;
import punchline.protocol.PeerMessage.PeerProof;
import punchline.protocol.PeerMessage.Switch;
import punchline.protocol.PeerMessage.Upgrade;
import punchline.protocol.ProtocolException;

/**
 * A chat with one peer over an authenticated channel, independent of the rendezvous server: framed
 * with the same codec and limits, every message acknowledged, heartbeats both ways, and the peer
 * counted as gone after {@code peerTimeout} of silence. One reader thread, one bounded writer thread.
 * A relayed link can move to a direct channel without losing or reordering anything: each side sends
 * {@code switch} as its last frame on the old channel and goes on over the new one.
 */
final class PeerLink implements PeerMessage.Handler {
    private static final System.Logger LOG = System.getLogger(PeerLink.class.getName());
    private static final int MAX_QUEUED_WRITES = 256;
    /**
     * Places in the writer's line that our own chats never take: a line backed up with what the user
     * typed still acknowledges the peer's chats (else the peer reports delivered messages as not), still
     * answers pings and can still switch to a direct connection.
     */
    private static final int RESERVED_FOR_CONTROL = 64;
    /**
     * Acks waiting for the writer. They go out together, in one place of its line, so a burst of the
     * peer's chats cannot fill it; this many waiting means the peer has read nothing of ours for a long
     * while (it can send 300 chats at once, then 30 a second) and keeps sending.
     */
    private static final int MAX_PENDING_ACKS = 1_000;
    private static final int READ_TICK_MILLIS = 1_000;
    /**
     * Chat messages a peer may send: far above typing (or pasting) speed, far below what would swamp the
     * app: a burst of 300, then 30 a second. Acks and pings are cheap and bounded by our own sending.
     */
    private static final int CHAT_BURST = 300;
    private static final double CHATS_PER_SECOND = 30;
    /**
     * Every other frame a peer may send, but acks of our own messages (bounded by what we send): a peer
     * pings every 10 s and answers our pings, switches once, proposes an upgrade three times at most. A
     * burst of 100, then 10 a second, is far above that and keeps a flood of pings, errors or upgrades
     * from costing us work (and log lines) without end.
     */
    private static final int CONTROL_BURST = 100;
    private static final double CONTROLS_PER_SECOND = 10;
    /** A peer's error frames, logged once a minute with a count: every peer can send them. */
    private static final LogLimiter PEER_ERRORS = new LogLimiter(LOG, Level.INFO, "error frames from peers");

    /** Called on the link's reader thread (onClosed exactly once). */
    interface Listener {
        void onMessage(Chat chat);

        void onDelivered(long id);

        /** The peer proposes to punch again (we are the responder of the introduction). */
        void onUpgradeProposed(long startInMillis);

        /** Both directions now go over {@code channel}. */
        void onSwitched(PeerChannel channel);

        void onClosed(String reason, List<Long> undelivered);
    }

    /** How long the reader waits for our side of a direct link after the peer has moved to it. */
    private static final long SWITCH_WAIT_SECONDS = 10;

    private final String peerKey;
    /** Where writes go (the writer thread moves it); where the reader reads is its own business. */
    private volatile PeerChannel outChannel;
    private volatile PeerChannel inChannel;
    private final CompletableFuture<PeerChannel> direct = new CompletableFuture<>();
    private final AtomicBoolean switchSent = new AtomicBoolean();
    private volatile boolean switchReceived;
    private final ClientConfig config;
    private final Listener listener;
    private final ScheduledExecutorService timer;
    private final BoundedWriter writer;
    private final AtomicLong nextId = new AtomicLong(1);
    private final Set<Long> unacknowledged = ConcurrentHashMap.newKeySet();
    /** Ids of the peer's chats still to acknowledge, and whether a write of them waits in line. */
    private final Queue<Long> pendingAcks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingAckCount = new AtomicInteger();
    private final AtomicBoolean ackWriteQueued = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final TokenBucket chatBudget = new TokenBucket(CHAT_BURST, CHATS_PER_SECOND, System.nanoTime());
    private final TokenBucket controlBudget = new TokenBucket(CONTROL_BURST, CONTROLS_PER_SECOND, System.nanoTime());
    private volatile long lastReceivedNanos = System.nanoTime();
    private volatile String closeReason;
    private volatile boolean peerEnded;
    private ScheduledFuture<?> pinger;
    private Thread reader;

    PeerLink(String peerKey, PeerChannel channel, ClientConfig config, Listener listener,
             ScheduledExecutorService timer) {
        this.peerKey = peerKey;
        this.outChannel = channel;
        this.inChannel = channel;
        this.config = config;
        this.listener = listener;
        this.timer = timer;
        this.writer = new BoundedWriter("punchline-peer-" + peerKey + "-writer", MAX_QUEUED_WRITES,
                RESERVED_FOR_CONTROL);
    }

    void start() {
        reader = Threads.start("punchline-peer-" + peerKey, this::readLoop);
        long heartbeat = config.peerHeartbeat().toMillis();
        pinger = timer.scheduleAtFixedRate(() -> write(new Ping(System.nanoTime())), heartbeat, heartbeat,
                TimeUnit.MILLISECONDS);
    }

    /** Queues a chat message; returns its id, or -1 when the link is closed or backed up. */
    long send(String text) {
        long id = nextId.getAndIncrement();
        Chat chat = new Chat(id, text, System.currentTimeMillis());
        unacknowledged.add(id);
        if (closed.get() || !writer.submitLeavingReserve(writing(chat))) {
            unacknowledged.remove(id);
            return -1;
        }
        return id;
    }

    /** Whether the link currently goes through the relay. */
    boolean isRelayed() {
        return outChannel.route() == ClientEvent.Route.RELAY;
    }

    /** Asks the peer to punch again with us, starting in {@code startInMillis}; false if it cannot go. */
    boolean proposeUpgrade(long startInMillis) {
        return write(new Upgrade(startInMillis));
    }

    /**
     * Moves the link onto {@code channel} (a direct connection made while the chat went on): our
     * {@code switch} is the last frame on the old channel, everything after goes over the new one.
     */
    void switchTo(PeerChannel channel) {
        if (!direct.complete(channel) || closed.get()) {
            Sockets.abort(channel.tcp());
            return;
        }
        boolean queued = writer.submit(() -> {
            PeerChannel old = outChannel;
            try {
                Sockets.write(old.out(), new Switch());
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "switch to {0} not sent on the old link: {1}", peerKey, e.getMessage());
            }
            outChannel = channel;
            switchSent.set(true);
            retireIfDone(old);
        });
        if (!queued) {
            Sockets.abort(channel.tcp());
        }
    }

    /** Says bye and closes; the listener hears onClosed with {@code reason}. */
    void close(String reason) {
        if (closed.get()) {
            return;
        }
        closeReason = reason;
        write(new Bye(reason));
        shutDown();
    }

    /** Waits for the reader thread after a close. */
    void join() {
        Threads.join(reader);
    }

    private boolean write(Message message) {
        return write(writing(message));
    }

    private boolean write(Runnable write) {
        return !closed.get() && writer.submit(write);
    }

    /** The write of {@code message} on the writer's thread. */
    private Runnable writing(Message message) {
        return () -> writeNow(message);
    }

    /** On the writer's thread: writes {@code message} to whichever channel is current now. */
    private void writeNow(Message message) {
        PeerChannel current = outChannel;
        try {
            Sockets.write(current.out(), message);
        } catch (IOException e) {
            setReasonIfUnset("the connection broke: " + e.getMessage());
            Sockets.closeQuietly(inChannel.socket()); // wakes the reader, which shuts down
            Sockets.closeQuietly(current.socket());
        }
    }

    /** Queues the ack of the peer's chat {@code id}: with the acks already waiting, in one write. */
    private void acknowledge(long id) {
        pendingAcks.add(id);
        if (pendingAckCount.incrementAndGet() > MAX_PENDING_ACKS) {
            setReasonIfUnset("the peer stopped reading what we send");
            peerEnded = true;
            return;
        }
        if (ackWriteQueued.compareAndSet(false, true) && !write(this::writePendingAcks)) {
            ackWriteQueued.set(false); // closed, or even the reserved places are taken: the next ack tries again
        }
    }

    /** On the writer's thread: every ack waiting, each its own frame. */
    private void writePendingAcks() {
        ackWriteQueued.set(false); // an ack added from here on queues another write, or is taken below
        for (Long id = pendingAcks.poll(); id != null; id = pendingAcks.poll()) {
            pendingAckCount.decrementAndGet();
            writeNow(new Ack(id));
        }
    }

    private void readLoop() {
        try {
            inChannel.socket().setSoTimeout(READ_TICK_MILLIS);
            while (!closed.get() && !peerEnded) {
                PeerMessage message;
                try {
                    message = inChannel.reader().read(PeerMessage.class);
                } catch (SocketTimeoutException tick) {
                    if (System.nanoTime() - lastReceivedNanos > config.peerTimeout().toNanos()) {
                        setReasonIfUnset("no answer from the peer for " + config.peerTimeout().toSeconds() + " s");
                        break;
                    }
                    continue;
                }
                if (message == null) {
                    setReasonIfUnset("the peer closed the connection");
                    break;
                }
                lastReceivedNanos = System.nanoTime();
                TokenBucket budget = message instanceof Chat ? chatBudget : isAckOfOurs(message) ? null : controlBudget;
                if (budget != null && !budget.tryTake(lastReceivedNanos)) {
                    throw new ProtocolException(ErrorCode.FLOODING, "the peer sent too much too fast");
                }
                message.dispatchTo(this);
            }
        } catch (ProtocolException e) {
            setReasonIfUnset(e.code() == ErrorCode.FLOODING ? e.getMessage()
                    : "the peer sent something unreadable: " + e.getMessage());
            write(e.toErrorMessage());
        } catch (IOException e) {
            setReasonIfUnset("the connection broke: " + e.getMessage());
        } finally {
            shutDown();
            List<Long> undelivered = new ArrayList<>(unacknowledged);
            undelivered.sort(null);
            unacknowledged.clear();
            listener.onClosed(closeReason, undelivered);
        }
    }

    private boolean isAckOfOurs(PeerMessage message) {
        return message instanceof Ack ack && unacknowledged.contains(ack.id());
    }

    private synchronized void setReasonIfUnset(String reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
    }

    /** Lets queued frames (a bye, an error) go out for up to a second, then closes the socket. */
    private void shutDown() {
        if (closed.compareAndSet(false, true)) {
            if (pinger != null) {
                pinger.cancel(false);
            }
            // A write stuck on a peer that stopped reading holds TLS's lock: closing the TLS socket would
            // wait for that lock for ever. A reset of the TCP socket beneath ends both.
            writer.close(() -> Sockets.abort(outChannel.tcp()));
            Sockets.closeQuietly(outChannel.socket());
            Sockets.closeQuietly(inChannel.socket());
            direct.thenAccept(channel -> Sockets.closeQuietly(channel.socket()));
            LOG.log(Level.DEBUG, "link to {0} closed: {1}", peerKey, closeReason);
        }
    }

    @Override
    public void onChat(Chat chat) {
        acknowledge(chat.id());
        listener.onMessage(chat);
    }

    @Override
    public void onAck(Ack ack) {
        if (unacknowledged.remove(ack.id())) {
            listener.onDelivered(ack.id());
        }
    }

    @Override
    public void onUpgrade(Upgrade upgrade) {
        listener.onUpgradeProposed(upgrade.startInMillis());
    }

    /**
     * The peer's last frame on the old channel: from here on read the direct one, which our side is
     * about to finish too (the same TCP connection). Waits for it for a while, then gives up the chat.
     */
    @Override
    public void onSwitch(Switch change) {
        PeerChannel next;
        try {
            next = direct.get(SWITCH_WAIT_SECONDS, TimeUnit.SECONDS);
            next.socket().setSoTimeout(READ_TICK_MILLIS);
        } catch (Exception e) {
            setReasonIfUnset("the peer moved the chat to a direct connection that did not come up here");
            peerEnded = true;
            return;
        }
        PeerChannel old = inChannel;
        inChannel = next;
        switchReceived = true;
        listener.onSwitched(next);
        retireIfDone(old);
    }

    /** Once both directions have moved, the old channel carries nothing more: close it (a FIN, after our switch). */
    private void retireIfDone(PeerChannel old) {
        if (switchSent.get() && switchReceived && old != outChannel && old != inChannel) {
            Sockets.closeQuietly(old.socket());
        }
    }

    @Override
    public void onPing(Ping ping) {
        write(new Pong(ping.nonce()));
    }

    @Override
    public void onPong(Pong pong) {
        // lastReceivedNanos is already updated
    }

    @Override
    public void onBye(Bye bye) {
        setReasonIfUnset(bye.reason().isEmpty() ? "the peer left" : "the peer left: " + bye.reason());
        peerEnded = true;
    }

    @Override
    public void onError(ErrorMessage error) {
        PEER_ERRORS.log("peer {0} reported {1}: {2}", peerKey, error.code(), error.message());
        if (error.code().isFatal()) {
            setReasonIfUnset("the peer reported an error: " + error.message());
            peerEnded = true;
        }
    }

    @Override
    public void onPeerHello(PeerHello hello) {
        unexpected(hello);
    }

    @Override
    public void onPeerProof(PeerProof proof) {
        unexpected(proof);
    }

    @Override
    public void onChosen(Chosen chosen) {
        unexpected(chosen);
    }

    private void unexpected(PeerMessage message) {
        LOG.log(Level.DEBUG, "ignoring handshake message {0} on an open link", message.getClass().getSimpleName());
    }
}
