package punchline.client.net;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import punchline.protocol.ClientMessage;
import punchline.protocol.ClientMessage.Hello;
import punchline.protocol.ClientMessage.NatReport;
import punchline.protocol.Codec;
import punchline.protocol.Endpoint;
import punchline.protocol.FrameReader;
import punchline.protocol.Message.Bye;
import punchline.protocol.Message.ErrorMessage;
import punchline.protocol.Message.Ping;
import punchline.protocol.Message.Pong;
import punchline.protocol.ProtocolException;
import punchline.protocol.ProtocolVersion;
import punchline.protocol.ServerMessage;
import punchline.protocol.ServerMessage.ProbeResult;
import punchline.protocol.ServerMessage.Welcome;
import punchline.protocol.NatType;

/**
 * The client's connection to the rendezvous server, from the port it punches from: registers, keeps
 * the link (and so the NAT mapping) alive with heartbeats, and reconnects with backoff when the server
 * goes away. Runs on its own thread; {@link #send} may be called from any thread.
 */
final class ServerLink {
    private static final System.Logger LOG = System.getLogger(ServerLink.class.getName());
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final int READ_TICK_MILLIS = 1_000;
    private static final int PROBE_TIMEOUT_MILLIS = 3_000;
    private static final int MAX_QUEUED_WRITES = 256;

    /** Called on the link's thread. */
    interface Listener {
        void onRegistered(Welcome welcome, boolean rejoined);

        /** The server's certificate was pinned now: on first use, or from the fingerprint the user gave. */
        void onServerPinned(String server, String fingerprint, boolean firstUse);

        /**
         * The server presented a certificate other than the pinned one: the link does not come up (the
         * attempt counts as unreachable too) until the user trusts {@code presented}.
         */
        void onServerCertificateRefused(String server, String pinned, String presented);

        void onNatDetected(NatType type);

        void onMessage(ServerMessage message);

        void onLost(String reason);

        /** A connection attempt failed before registering; the next one follows in {@code retryInMillis}. */
        void onUnreachable(String reason, long retryInMillis);
    }

    private final ClientConfig config;
    private final int localPort;
    private final Listener listener;
    private final ServerTrust trust;
    private final Object sleepLock = new Object();
    private volatile boolean stopped;
    private volatile boolean retryNow;
    /** The TCP socket beneath TLS: resetting it unblocks anything stuck on the link. */
    private volatile Socket socket;
    private volatile Socket probe;
    private volatile OutputStream out;
    /** Writes never run on the caller's thread: a server that stops reading must not stall the core. */
    private final BoundedWriter writer = new BoundedWriter("punchline-server-link-writer", MAX_QUEUED_WRITES);
    private volatile List<Endpoint> registeredEndpoints = List.of();
    private volatile InetSocketAddress connectedServer;
    /** Round trip to the server on the current link (smoothed), -1 before the first sample. */
    private volatile long rttNanos = -1;
    /** The server's addresses in turn: a lost or unreachable node is followed by the next (link thread). */
    private final ServerAddresses.Rotation servers;
    private Thread thread;
    private boolean everRegistered;
    /** The latest certificate refused, so the event is not repeated at every retry. */
    private volatile String lastRefused;

    ServerLink(ClientConfig config, int localPort, Listener listener, ServerTrust trust) {
        this.config = config;
        this.localPort = localPort;
        this.listener = listener;
        this.trust = trust;
        this.servers = config.servers().rotation();
    }

    void start() {
        thread = Threads.start("punchline-server-link", this::run);
    }

    /** Queues a message if the link is up; returns false (and drops it) when it is down or backed up. */
    boolean send(ClientMessage message) {
        OutputStream stream = out;
        Socket current = socket;
        if (stream == null) {
            return false;
        }
        return writer.submit(() -> {
            try {
                Sockets.write(stream, message);
            } catch (IOException e) {
                Sockets.abort(current); // the reader thread notices and reconnects
            }
        });
    }

    /** The server's address as resolved for the current link (the relay must be the same machine). */
    InetSocketAddress connectedServer() {
        return connectedServer;
    }

    /** The server's relay, over TLS pinned like this link; null before the link has connected. */
    RelayServer relay() {
        InetSocketAddress address = connectedServer;
        return address == null ? null : relay(address);
    }

    /**
     * The relay of the node at {@code address} (a cluster's introduction may name the node that relays it),
     * over TLS pinned like this link: the nodes of a cluster share one identity.
     */
    RelayServer relay(InetSocketAddress address) {
        return new RelayServer() {
            @Override
            public InetSocketAddress address() {
                return address;
            }

            @Override
            public Socket secure(Socket connected) throws IOException {
                return trust.secure(connected, true).socket();
            }
        };
    }

    /** The fingerprint of the certificate last refused (not pinned), or null. */
    String lastRefused() {
        return lastRefused;
    }

    /** Ends the wait before the next attempt (the user just trusted the server's new certificate). */
    void retryNow() {
        retryNow = true;
        synchronized (sleepLock) {
            sleepLock.notifyAll();
        }
    }

    /** The round trip to the server as last measured (TCP connect, then our pings), or null before. */
    java.time.Duration rtt() {
        long rtt = rttNanos;
        return rtt < 0 ? null : java.time.Duration.ofNanos(rtt);
    }

    private void sampleRtt(long sampleNanos) {
        long rtt = rttNanos;
        rttNanos = rtt < 0 ? sampleNanos : (rtt * 7 + sampleNanos) / 8;
    }

    /** The private endpoints sent in the latest hello. */
    List<Endpoint> registeredEndpoints() {
        return registeredEndpoints;
    }

    /** Says bye (for up to a second), closes the sockets and waits for the threads. */
    void stop() {
        stopped = true;
        send(new Bye("client closing"));
        writer.close(() -> Sockets.abort(socket)); // a server that does not read: unblock the stuck write
        Sockets.closeQuietly(socket);
        Sockets.abort(probe);
        synchronized (sleepLock) {
            sleepLock.notifyAll();
        }
        Threads.join(thread);
    }

    private void run() {
        long backoff = config.reconnectMin().toMillis();
        while (!stopped) {
            boolean registered = false;
            String reason;
            try {
                registered = session();
                reason = "the server closed the connection";
            } catch (ServerGone e) {
                registered = e.registered;
                reason = e.getMessage();
            } catch (ServerTrust.CertificateRefused e) {
                reason = e.getMessage();
                if (!e.presented.equals(lastRefused)) {
                    lastRefused = e.presented;
                    listener.onServerCertificateRefused(trust.server(), e.pinned, e.presented);
                }
            } catch (IOException e) {
                reason = describe(e);
            }
            out = null;
            Sockets.abort(socket); // no TIME_WAIT: the reconnect uses the same local port
            if (stopped) {
                break;
            }
            if (registered) {
                backoff = config.reconnectMin().toMillis();
                listener.onLost(reason);
            } else {
                LOG.log(Level.INFO, "cannot reach the server {0}: {1}", config.servers(), reason);
                listener.onUnreachable(reason, backoff);
            }
            pause(backoff);
            if (retryNow) {
                retryNow = false;
                backoff = config.reconnectMin().toMillis();
                continue;
            }
            backoff = Math.min(backoff * 2, config.reconnectMax().toMillis());
        }
    }

    /** One connection's life; returns or throws when it ends. */
    private boolean session() throws IOException {
        Socket s = Sockets.boundSocket(config.localAddress(), localPort);
        socket = s;
        if (stopped) {
            throw new IOException("stopped");
        }
        InetSocketAddress server = servers.next();
        long dialled = System.nanoTime();
        s.connect(server, CONNECT_TIMEOUT_MILLIS);
        rttNanos = -1;
        sampleRtt(System.nanoTime() - dialled); // SYN to SYN-ACK: one round trip
        s.setSoTimeout(CONNECT_TIMEOUT_MILLIS); // the TLS handshake's limit
        ServerTrust.Secured secured = trust.secure(s, false);
        lastRefused = null;
        if (secured.firstUse()) {
            listener.onServerPinned(trust.server(), secured.fingerprint(), true);
        }
        Socket tls = secured.socket();
        connectedServer = server;
        tls.setSoTimeout(READ_TICK_MILLIS);
        out = tls.getOutputStream();
        registeredEndpoints = LocalAddresses.privateEndpoints(s.getLocalAddress(), localPort);
        send(new Hello(ProtocolVersion.CURRENT, config.name(), config.room(), registeredEndpoints,
                config.identity().fingerprint(), config.identity().id()));
        FrameReader reader = new FrameReader(tls.getInputStream());
        long lastReceived = System.nanoTime();
        long heartbeatNanos = TimeUnit.SECONDS.toNanos(15);
        long nextPing = System.nanoTime() + heartbeatNanos;
        boolean registered = false;
        while (!stopped) {
            ServerMessage message;
            try {
                message = reader.read(ServerMessage.class);
            } catch (SocketTimeoutException tick) {
                long now = System.nanoTime();
                if (now - lastReceived > config.serverTimeout().toNanos()) {
                    throw new ServerGone("the server stopped answering", registered);
                }
                if (registered && now - nextPing >= 0) {
                    send(new Ping(now));
                    nextPing = now + heartbeatNanos;
                }
                continue;
            } catch (ProtocolException e) {
                throw new ServerGone("the server sent something unreadable: " + e.getMessage(), registered);
            } catch (IOException e) {
                throw new ServerGone(describe(e), registered);
            }
            if (message == null) {
                return registered;
            }
            lastReceived = System.nanoTime();
            if (message instanceof Ping ping) {
                send(new Pong(ping.nonce()));
            } else if (message instanceof Pong pong) {
                long sample = lastReceived - pong.nonce(); // our pings carry their send time
                if (sample > 0 && sample < config.serverTimeout().toNanos()) {
                    sampleRtt(sample);
                }
            } else if (message instanceof Bye bye) {
                throw new ServerGone(bye.reason().isEmpty() ? "the server said goodbye" : bye.reason(), registered);
            } else if (message instanceof Welcome welcome) {
                if (welcome.id() != null && !welcome.id().equals(config.identity().id())) {
                    LOG.log(Level.WARNING, "the server welcomed us under another ID ({0}); ours is {1}",
                            welcome.id(), config.identity().id());
                }
                boolean rejoined = everRegistered;
                registered = true;
                everRegistered = true;
                heartbeatNanos = TimeUnit.SECONDS.toNanos(welcome.heartbeatSeconds());
                nextPing = lastReceived + heartbeatNanos;
                listener.onRegistered(welcome, rejoined);
                NatType nat = config.natOverride() != null ? config.natOverride()
                        : welcome.probePort() != null ? probeNat(welcome, s.getLocalAddress()) : NatType.UNKNOWN;
                send(new NatReport(nat));
                listener.onNatDetected(nat);
            } else {
                listener.onMessage(message);
                if (message instanceof ErrorMessage error && error.code().isFatal()) {
                    LOG.log(Level.WARNING, "server refused us: {0} {1}", error.code(), error.message());
                }
            }
        }
        return registered;
    }

    /**
     * NAT diagnosis: connect from the punch port to the server's second port and compare the public
     * port it sees with the one the main port saw. Same port: endpoint-independent mapping (punchable);
     * different: a new port per destination (symmetric). Our own address seen: no NAT at all.
     */
    private NatType probeNat(Welcome welcome, java.net.InetAddress localAddress) {
        Socket probe = null;
        try {
            probe = Sockets.boundSocket(config.localAddress(), localPort);
            this.probe = probe;
            if (stopped) {
                return NatType.UNKNOWN;
            }
            probe.connect(new InetSocketAddress(connectedServer.getAddress(), welcome.probePort()),
                    PROBE_TIMEOUT_MILLIS); // the same node as the main link
            probe.setSoTimeout(PROBE_TIMEOUT_MILLIS);
            ServerMessage answer = Codec.decode(Sockets.readFrameUnbuffered(probe.getInputStream(), 1024),
                    ServerMessage.class);
            if (!(answer instanceof ProbeResult result)) {
                return NatType.UNKNOWN;
            }
            Endpoint seen = welcome.publicEndpoint();
            if (seen.address().equals(localAddress) && seen.port() == localPort) {
                return NatType.OPEN;
            }
            return result.publicEndpoint().port() == seen.port()
                    && result.publicEndpoint().host().equals(seen.host()) ? NatType.EASY : NatType.SYMMETRIC;
        } catch (IOException | ProtocolException | RuntimeException e) {
            LOG.log(Level.INFO, "NAT diagnosis failed: {0}", e.toString());
            return NatType.UNKNOWN;
        } finally {
            Sockets.abort(probe); // no TIME_WAIT on the punch port's 4-tuple
        }
    }

    private void pause(long millis) {
        long jittered = (long) (millis * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble()));
        long deadline = System.currentTimeMillis() + jittered;
        synchronized (sleepLock) {
            long left;
            while (!stopped && !retryNow && (left = deadline - System.currentTimeMillis()) > 0) {
                try {
                    sleepLock.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static String describe(IOException e) {
        String text = e.getMessage();
        return text == null || text.isBlank() ? e.getClass().getSimpleName() : text;
    }

    /** The link ended; carries whether we had registered on it. */
    private static final class ServerGone extends IOException {
        final boolean registered;

        ServerGone(String message, boolean registered) {
            super(message);
            this.registered = registered;
        }
    }
}
