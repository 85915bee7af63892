package punchline.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import punchline.protocol.ClientMessage.Hello;
import punchline.protocol.Codec;
import punchline.protocol.Endpoint;
import punchline.protocol.ProtocolVersion;

/**
 * One load-generator process: {@code clients} simulated clients on one NIO selector thread, all from
 * one loopback source address, filling rooms of {@code roomSize} that only this worker uses (so both
 * sides of every introduction are here). Given several ports (a cluster's nodes), client i joins node
 * i mod n, so every room spans the nodes, and every introduction pairs users of different nodes. Driven by one-line commands on standard input, answered with
 * one line on standard output each; diagnostics go to standard error.
 *
 * <pre>
 * join          connect every client, say hello, wait for each welcome and complete user list
 * mark          remember each client's ping count (the start of the hold)
 * status        alive, closed, pings answered since mark, presence check, errors by code
 * intro D W     each client asks D room-mates (distinct pairs), W introductions in flight at most
 * quit          close everything and exit
 * </pre>
 */
public final class LoadWorker {
    /** Handshakes in flight: each costs the worker a few ms of TLS crypto, and pings must still be answered. */
    private static final int MAX_CONNECTING = 32;
    private static final int READS_PER_EVENT = 4;
    private static final long HISTOGRAM_SLOT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final int workerId;
    private final int roomSize;
    private final InetSocketAddress[] servers;
    private final InetAddress source;
    private final SimClient[] clients;
    private final int[] roomStart;
    private final Map<String, Integer> indexByKey = new HashMap<>();
    private final Selector selector;
    /** Client keys: a pool of 16, used in turn (the server does not care whether IDs repeat). */
    private final punchline.server.BenchTls tls = new punchline.server.BenchTls(16);
    private final ConcurrentLinkedQueue<String> commands = new ConcurrentLinkedQueue<>();
    private final Map<String, Integer> errors = new TreeMap<>();
    private boolean quit;
    private int diagnostics;

    // join phase
    private boolean joining;
    private long joinStartNanos;
    private int opened;
    private int ready;
    private int failed;
    private final long[] welcomeMicros;
    private int welcomed;

    // introduction phase
    private Intro intro;

    public static void main(String[] args) throws IOException {
        if (args.length != 6) {
            System.err.println("usage: LoadWorker ID CLIENTS ROOM_SIZE HOST PORT[,PORT...] SOURCE_ADDRESS");
            System.exit(2);
        }
        String[] ports = args[4].split(",");
        InetSocketAddress[] servers = new InetSocketAddress[ports.length];
        for (int i = 0; i < ports.length; i++) {
            servers[i] = new InetSocketAddress(args[3], Integer.parseInt(ports[i]));
        }
        LoadWorker worker = new LoadWorker(Integer.parseInt(args[0]), Integer.parseInt(args[1]),
                Integer.parseInt(args[2]), servers, InetAddress.getByName(args[5]));
        worker.readCommandsInBackground();
        reply("ready worker=" + worker.workerId);
        worker.run();
    }

    private LoadWorker(int workerId, int clientCount, int roomSize, InetSocketAddress[] servers, InetAddress source)
            throws IOException {
        this.workerId = workerId;
        this.roomSize = roomSize;
        this.servers = servers;
        this.source = source;
        this.clients = new SimClient[clientCount];
        this.roomStart = new int[clientCount];
        this.welcomeMicros = new long[clientCount];
        for (int i = 0; i < clientCount; i++) {
            int room = i / roomSize;
            clients[i] = new SimClient(i, "w" + workerId + "-r" + room);
            roomStart[i] = room * roomSize;
        }
        this.selector = Selector.open();
    }

    private void readCommandsInBackground() {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    commands.add(line.strip());
                    selector.wakeup();
                }
            } catch (IOException e) {
                // the coordinator is gone
            }
            commands.add("quit");
            selector.wakeup();
        }, "commands");
        reader.setDaemon(true);
        reader.start();
    }

    private static void reply(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private void run() throws IOException {
        while (!quit) {
            selector.select(this::onKey, 50);
            String command;
            while ((command = commands.poll()) != null) {
                execute(command);
            }
            if (joining) {
                openMore();
            }
        }
        for (SimClient client : clients) {
            client.close();
        }
        reply("bye");
    }

    private void execute(String command) throws IOException {
        String[] words = command.split(" ");
        switch (words[0]) {
            case "join" -> {
                joining = true;
                joinStartNanos = System.nanoTime();
                openMore();
            }
            case "mark" -> {
                for (SimClient client : clients) {
                    client.pingsAtMark = client.pings;
                }
                reply("mark");
            }
            case "status" -> reply(status());
            case "intro" -> startIntro(Integer.parseInt(words[1]), Integer.parseInt(words[2]));
            case "quit" -> quit = true;
            default -> System.err.println("worker " + workerId + ": unknown command " + command);
        }
    }

    // ---- join ----

    private void openMore() throws IOException {
        while (opened < clients.length && opened - ready - failed < MAX_CONNECTING) {
            SimClient client = clients[opened++];
            SocketChannel channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.bind(new InetSocketAddress(source, 0));
            client.channel = channel;
            client.connectStartNanos = System.nanoTime();
            boolean connected = channel.connect(servers[client.index % servers.length]);
            client.selectionKey = channel.register(selector, connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT,
                    client);
            if (connected) {
                startTls(client);
            }
        }
        if (joining && ready + failed == clients.length) {
            joining = false;
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - joinStartNanos);
            reply("joined ready=" + ready + " failed=" + failed + " ms=" + millis
                    + " welcome=" + Percentiles.join(welcomeMicros, welcomed));
        }
    }

    /** The TLS handshake goes first; the hello waits in the client's queue until it is over. */
    private void startTls(SimClient client) throws IOException {
        client.tls = tls.open(client.channel, client.selectionKey, client.index);
        client.tls.start();
        InetSocketAddress local = (InetSocketAddress) client.channel.getLocalAddress();
        Hello hello = new Hello(ProtocolVersion.CURRENT, "b" + workerId + "-" + client.index, client.room,
                List.of(Endpoint.of(local)), null, tls.id(client.index));
        client.send(Codec.encode(hello));
    }

    // ---- I/O ----

    private void onKey(SelectionKey key) {
        SimClient client = (SimClient) key.attachment();
        try {
            if (!key.isValid()) {
                return;
            }
            if (key.isConnectable()) {
                client.channel.finishConnect();
                key.interestOps(SelectionKey.OP_READ);
                startTls(client);
                return;
            }
            if (key.isReadable()) {
                read(client);
            }
            if (key.isValid() && key.isWritable()) {
                client.flush();
            }
        } catch (IOException e) {
            lost(client, e.toString());
        }
    }

    private void read(SimClient client) throws IOException {
        for (int i = 0; i < READS_PER_EVENT && !client.closed; i++) {
            boolean wasReady = client.tls.isReady();
            int count = client.tls.read();
            if (!wasReady && client.tls.isReady()) {
                client.flush(); // the hello waited for the handshake
            }
            if (count < 0) {
                lost(client, "closed by the server");
                return;
            }
            if (count == 0) {
                return;
            }
            ByteBuffer plain = client.tls.plain();
            client.consume(plain.array(), plain.limit(), this::onFrame);
        }
    }

    private void lost(SimClient client, String why) {
        if (client.closed) {
            return;
        }
        boolean wasReady = client.listed;
        client.close();
        if (!wasReady) {
            failed++;
        }
        if (diagnostics++ < 5) {
            System.err.println("worker " + workerId + ": client " + client.index + " lost: " + why);
        }
    }

    private void onFrame(SimClient client, String frame) {
        String type = JsonFields.string(frame, JsonFields.TYPE);
        try {
            switch (type == null ? "" : type) {
                case "ping" -> {
                    client.pings++;
                    send(client, "{\"type\":\"pong\",\"nonce\":" + JsonFields.number(frame, JsonFields.NONCE) + "}\n");
                }
                case "welcome" -> onWelcome(client, frame);
                case "user-list" -> {
                    client.othersSeen += JsonFields.count(frame, JsonFields.ANY_KEY);
                    if (frame.contains(JsonFields.COMPLETE) && !client.listed) {
                        client.listed = true;
                        ready++;
                    }
                }
                case "user-joined" -> client.othersSeen++;
                case "user-left" -> client.othersSeen--;
                case "request" -> send(client,
                        "{\"type\":\"accept\",\"from\":\"" + JsonFields.string(frame, JsonFields.FROM) + "\"}\n");
                case "introduce" -> onIntroduce(client, frame);
                case "error" -> onError(client, frame);
                default -> countError("unexpected-" + type);
            }
        } catch (IOException e) {
            lost(client, e.toString());
        }
    }

    private static void send(SimClient client, String frame) throws IOException {
        client.send(frame.getBytes(StandardCharsets.ISO_8859_1));
    }

    private void onWelcome(SimClient client, String frame) {
        client.userKey = JsonFields.string(frame, JsonFields.KEY);
        indexByKey.put(client.userKey, client.index);
        welcomeMicros[welcomed++] = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - client.connectStartNanos);
    }

    private void onError(SimClient client, String frame) {
        String code = JsonFields.string(frame, JsonFields.CODE);
        countError(code);
        if (diagnostics++ < 5) {
            System.err.println("worker " + workerId + ": client " + client.index + " got " + frame);
        }
        String ref = JsonFields.string(frame, JsonFields.REF);
        Integer target = ref == null ? null : indexByKey.get(ref);
        if (intro != null && target != null) {
            intro.failed(client.index, target);
        }
    }

    private void countError(String code) {
        errors.merge(code, 1, Integer::sum);
    }

    private String status() {
        int alive = 0;
        int closed = 0;
        int minPings = Integer.MAX_VALUE;
        int maxPings = 0;
        long pings = 0;
        int presenceWrong = 0;
        for (SimClient client : clients) {
            if (client.closed) {
                closed++;
                continue;
            }
            if (!client.listed) {
                continue;
            }
            alive++;
            int sinceMark = client.pings - client.pingsAtMark;
            minPings = Math.min(minPings, sinceMark);
            maxPings = Math.max(maxPings, sinceMark);
            pings += sinceMark;
            int roomMembers = Math.min(roomSize, clients.length - roomStart[client.index]);
            if (client.othersSeen != roomMembers - 1) {
                presenceWrong++;
            }
        }
        return "status alive=" + alive + " closed=" + closed + " minPings=" + (alive == 0 ? 0 : minPings)
                + " maxPings=" + maxPings + " pings=" + pings + " presenceWrong=" + presenceWrong
                + " errors=" + errors.toString().replace(" ", "");
    }

    // ---- introductions ----

    private void startIntro(int perUser, int window) throws IOException {
        intro = new Intro(perUser, window);
        intro.pump();
    }

    private void onIntroduce(SimClient client, String frame) throws IOException {
        Integer peer = indexByKey.get(JsonFields.string(frame, JsonFields.PEER));
        if (intro == null || peer == null) {
            countError("introduce-unknown-peer");
            return;
        }
        boolean initiator = "initiator".equals(JsonFields.string(frame, JsonFields.ROLE));
        if (initiator) {
            intro.introduced(client.index, peer, true);
        } else {
            intro.introduced(peer, client.index, false);
        }
    }

    /**
     * Distinct pairs inside each room: client at slot s asks the room-mates at slots s+1 .. s+perUser
     * (mod room size). With perUser below half the room no pair appears twice or both ways round. The
     * order runs through every client for one offset before the next, so each user's requests are
     * spread over the whole burst (its rate limit allows a burst of 10).
     */
    private final class Intro {
        private final int[] initiators;
        private final int[] targets;
        private final int window;
        private final Map<Long, long[]> open = new HashMap<>(); // pair -> {startNanos, sidesIntroduced}
        private final long[] latencyMicros;
        private int[] histogram = new int[64];
        private int next;
        private int done;
        private int failedPairs;
        private int duplicate;
        private final long startNanos = System.nanoTime();
        private long lastNanos;

        Intro(int perUser, int window) {
            this.window = window;
            int[] from = new int[clients.length * perUser];
            int[] to = new int[from.length];
            int count = 0;
            for (int offset : offsets(perUser)) {
                for (SimClient client : clients) {
                    int start = roomStart[client.index];
                    int size = Math.min(roomSize, clients.length - start);
                    if (client.closed || offset * 2 >= size) {
                        continue;
                    }
                    int target = start + (client.index - start + offset) % size;
                    if (clients[target].closed) {
                        continue;
                    }
                    from[count] = client.index;
                    to[count] = target;
                    count++;
                }
            }
            this.initiators = java.util.Arrays.copyOf(from, count);
            this.targets = java.util.Arrays.copyOf(to, count);
            this.latencyMicros = new long[count];
        }

        /**
         * The room-mates each client asks, as slot offsets: 1..perUser on one server; on n nodes the
         * first perUser that are not multiples of n, so that each pair's users are on different nodes.
         */
        private int[] offsets(int perUser) {
            int[] offsets = new int[perUser];
            int offset = 0;
            for (int i = 0; i < perUser; i++) {
                do {
                    offset++;
                } while (servers.length > 1 && offset % servers.length == 0);
                offsets[i] = offset;
            }
            return offsets;
        }

        void pump() throws IOException {
            while (open.size() < window && next < initiators.length) {
                int from = initiators[next];
                int to = targets[next];
                next++;
                open.put(pairKey(from, to), new long[] {System.nanoTime(), 0});
                send(clients[from], "{\"type\":\"connect\",\"to\":\"" + clients[to].userKey + "\"}\n");
            }
            if (open.isEmpty() && next == initiators.length) {
                finish();
            }
        }

        void introduced(int initiator, int responder, boolean initiatorSide) throws IOException {
            long[] pair = open.get(pairKey(initiator, responder));
            if (pair == null) {
                duplicate++;
                return;
            }
            int bit = initiatorSide ? 1 : 2;
            if ((pair[1] & bit) != 0) {
                duplicate++;
            }
            pair[1] |= bit;
            if (pair[1] != 3) {
                return;
            }
            open.remove(pairKey(initiator, responder));
            long now = System.nanoTime();
            latencyMicros[done++] = TimeUnit.NANOSECONDS.toMicros(now - pair[0]);
            lastNanos = now;
            int slot = (int) ((now - startNanos) / HISTOGRAM_SLOT_NANOS);
            if (slot >= histogram.length) {
                histogram = java.util.Arrays.copyOf(histogram, Math.max(slot + 1, histogram.length * 2));
            }
            histogram[slot]++;
            pump();
        }

        void failed(int initiator, int responder) {
            if (open.remove(pairKey(initiator, responder)) != null) {
                failedPairs++;
                try {
                    pump();
                } catch (IOException e) {
                    lost(clients[initiator], e.toString());
                }
            }
        }

        private void finish() {
            if (done == 0) {
                lastNanos = startNanos;
            }
            int slots = (int) ((lastNanos - startNanos) / HISTOGRAM_SLOT_NANOS) + 1;
            StringBuilder hist = new StringBuilder();
            for (int i = 0; i < slots && i < histogram.length; i++) {
                hist.append(i == 0 ? "" : ",").append(histogram[i]);
            }
            reply("intro done=" + done + " failed=" + failedPairs + " duplicate=" + duplicate
                    + " startNs=" + startNanos + " endNs=" + lastNanos
                    + " slotMs=" + TimeUnit.NANOSECONDS.toMillis(HISTOGRAM_SLOT_NANOS)
                    + " hist=" + hist + " latency=" + Percentiles.join(latencyMicros, done));
            intro = null;
        }

        private long pairKey(int from, int to) {
            return ((long) from << 32) | to;
        }
    }
}
