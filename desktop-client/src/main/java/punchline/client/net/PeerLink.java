package punchline.client.net;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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
import punchline.protocol.ProtocolException;

/**
 * A chat with one peer over an authenticated channel, independent of the rendezvous server: framed
 * with the same codec and limits, every message acknowledged, heartbeats both ways, and the peer
 * counted as gone after {@code peerTimeout} of silence. One reader thread, one bounded writer thread.
 */
final class PeerLink implements PeerMessage.Handler {
    private static final System.Logger LOG = System.getLogger(PeerLink.class.getName());
    private static final int MAX_QUEUED_WRITES = 256;
    private static final int READ_TICK_MILLIS = 1_000;
    /** Far above typing speed, far below what would swamp the app: a burst of 200, then 50 a second. */
    private static final int FRAME_BURST = 200;
    private static final double FRAMES_PER_SECOND = 50;

    /** Called on the link's reader thread (onClosed exactly once). */
    interface Listener {
        void onMessage(Chat chat);

        void onDelivered(long id);

        void onClosed(String reason, List<Long> undelivered);
    }

    private final String peerKey;
    private final PeerChannel channel;
    private final ClientConfig config;
    private final Listener listener;
    private final ScheduledExecutorService timer;
    private final ExecutorService writer;
    private final AtomicLong nextId = new AtomicLong(1);
    private final Set<Long> unacknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final TokenBucket frameBudget = new TokenBucket(FRAME_BURST, FRAMES_PER_SECOND, System.nanoTime());
    private volatile long lastReceivedNanos = System.nanoTime();
    private volatile String closeReason;
    private volatile boolean peerEnded;
    private ScheduledFuture<?> pinger;
    private Thread reader;

    PeerLink(String peerKey, PeerChannel channel, ClientConfig config, Listener listener,
             ScheduledExecutorService timer) {
        this.peerKey = peerKey;
        this.channel = channel;
        this.config = config;
        this.listener = listener;
        this.timer = timer;
        this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(MAX_QUEUED_WRITES), Threads.named("punchline-peer-" + peerKey + "-writer"));
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
        if (!write(chat)) {
            unacknowledged.remove(id);
            return -1;
        }
        return id;
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
        if (reader != null && reader != Thread.currentThread()) {
            try {
                reader.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private boolean write(Message message) {
        if (closed.get()) {
            return false;
        }
        try {
            writer.execute(() -> {
                try {
                    Sockets.write(channel.out(), message);
                } catch (IOException e) {
                    setReasonIfUnset("the connection broke: " + e.getMessage());
                    Sockets.closeQuietly(channel.socket()); // wakes the reader, which shuts down
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private void readLoop() {
        try {
            channel.socket().setSoTimeout(READ_TICK_MILLIS);
            while (!closed.get() && !peerEnded) {
                PeerMessage message;
                try {
                    message = channel.reader().read(PeerMessage.class);
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
                if (!frameBudget.tryTake(lastReceivedNanos)) {
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
            writer.shutdown();
            boolean drained = false;
            try {
                drained = writer.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!drained) {
                // The peer stopped reading and a write is stuck holding TLS's lock: closing the TLS socket
                // would wait for that lock for ever. A reset of the TCP socket beneath ends both.
                Sockets.abort(channel.tcp());
                writer.shutdownNow();
            }
            Sockets.closeQuietly(channel.socket());
            LOG.log(Level.DEBUG, "link to {0} closed: {1}", peerKey, closeReason);
        }
    }

    @Override
    public void onChat(Chat chat) {
        write(new Ack(chat.id()));
        listener.onMessage(chat);
    }

    @Override
    public void onAck(Ack ack) {
        if (unacknowledged.remove(ack.id())) {
            listener.onDelivered(ack.id());
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
        LOG.log(Level.WARNING, "peer {0} reported {1}: {2}", peerKey, error.code(), error.message());
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
