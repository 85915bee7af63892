package punchline.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import punchline.common.CertifiedKey;
import punchline.protocol.ClientMessage.Hello;
import punchline.protocol.Codec;
import punchline.protocol.Endpoint;
import punchline.protocol.Message.Bye;
import punchline.protocol.ProtocolVersion;

/**
 * Fresh clients joining one at a time while the load is connected, timed like a person would feel it:
 * from the start of the TCP connect to the welcome, and to the end of the room's user list. Each joins
 * an existing room (so it costs a room-sized list and broadcast), then says bye and leaves. On a
 * cluster the joins go to each node in turn; the user list comes once the join is back from Redis.
 */
final class FreshJoins {
    private static final int TIMEOUT_MILLIS = 10_000;

    record Result(long[] welcomeMicros, long[] listedMicros, int failures) {
    }

    private FreshJoins() {
    }

    /**
     * Times {@code joins} joins, one every {@code pauseMillis}, after {@code warmUp} untimed ones that load
     * this measuring JVM's own classes (Gson, sockets); the server is long warm by then.
     */
    static Result run(List<InetSocketAddress> servers, InetAddress source, List<String> rooms, int warmUp, int joins,
                      long pauseMillis) throws InterruptedException {
        for (int j = 0; j < warmUp; j++) {
            try {
                joinOnce(servers.get(j % servers.size()), source, rooms.get(j % rooms.size()), "warm-up-" + j);
            } catch (IOException e) {
                System.err.println("warm-up join " + j + " failed: " + e);
            }
        }
        long[] welcome = new long[joins];
        long[] listed = new long[joins];
        int ok = 0;
        int failures = 0;
        for (int j = 0; j < joins; j++) {
            try {
                long[] times = joinOnce(servers.get(j % servers.size()), source, rooms.get(j % rooms.size()),
                        "fresh-" + j);
                welcome[ok] = times[0];
                listed[ok] = times[1];
                ok++;
            } catch (IOException e) {
                failures++;
                if (failures <= 3) {
                    System.err.println("fresh join " + j + " failed: " + e);
                }
            }
            Thread.sleep(pauseMillis);
        }
        return new Result(java.util.Arrays.copyOf(welcome, ok), java.util.Arrays.copyOf(listed, ok), failures);
    }

    /** A client key, as every client has one (a fresh one each would time key generation, not the server). */
    private static final CertifiedKey KEY = CertifiedKey.generate("bench fresh join");
    private static final SSLContext TLS = clientTls();

    private static SSLContext clientTls() {
        try {
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(KEY.keyManagers(), new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
                }

                @Override
                public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                    return new java.security.cert.X509Certificate[0];
                }
            }}, null);
            context.getClientSessionContext().setSessionCacheSize(1); // every join a full handshake, as a newcomer's
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Timed from the TCP connect through the TLS handshake to the welcome, as a user feels it. */
    private static long[] joinOnce(InetSocketAddress server, InetAddress source, String room, String name)
            throws IOException {
        try (Socket tcp = new Socket()) {
            tcp.setTcpNoDelay(true);
            tcp.setSoTimeout(TIMEOUT_MILLIS);
            tcp.bind(new InetSocketAddress(source, 0));
            byte[] hello = Codec.encode(new Hello(ProtocolVersion.CURRENT, name, room,
                    List.of(Endpoint.of((InetSocketAddress) tcp.getLocalSocketAddress())), null, KEY.id()));
            long start = System.nanoTime();
            tcp.connect(server, TIMEOUT_MILLIS);
            SSLSocket socket = (SSLSocket) TLS.getSocketFactory().createSocket(tcp, server.getHostString(),
                    server.getPort(), true);
            socket.setEnabledProtocols(new String[] {"TLSv1.3"});
            OutputStream out = socket.getOutputStream();
            out.write(hello);
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            long welcomed = -1;
            String line;
            while ((line = in.readLine()) != null) {
                String type = JsonFields.string(line, JsonFields.TYPE);
                if ("welcome".equals(type)) {
                    welcomed = System.nanoTime();
                } else if ("user-list".equals(type) && line.contains(JsonFields.COMPLETE)) {
                    long listed = System.nanoTime();
                    out.write(Codec.encode(new Bye("benchmark join done")));
                    out.flush();
                    while (in.readLine() != null) {
                        // the server closes after bye; wait for it so we never leave on a reset
                    }
                    if (welcomed < 0) {
                        throw new IOException("user list before welcome");
                    }
                    return new long[] {TimeUnit.NANOSECONDS.toMicros(welcomed - start),
                            TimeUnit.NANOSECONDS.toMicros(listed - start)};
                } else if ("error".equals(type)) {
                    throw new IOException("server said " + line);
                }
            }
            throw new IOException("connection closed before the user list completed");
        }
    }
}
