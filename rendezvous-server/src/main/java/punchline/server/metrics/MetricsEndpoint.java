package punchline.server.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The server's counts for Prometheus (or anything that reads its text format) at
 * {@code http://ADDRESS:PORT/metrics}, through Micrometer, on one thread of its own. It reads only the
 * {@link ServerStats} the I/O thread publishes, never server state. Off unless {@code --metrics} is given.
 */
public final class MetricsEndpoint implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(MetricsEndpoint.class.getName());

    private final HttpServer http;
    private final PrometheusMeterRegistry registry;
    /** Micrometer holds what it measures weakly: this keeps the source alive as long as the endpoint. */
    private final Supplier<ServerStats> stats;

    private MetricsEndpoint(HttpServer http, PrometheusMeterRegistry registry, Supplier<ServerStats> stats) {
        this.http = http;
        this.registry = registry;
        this.stats = stats;
    }

    /** Binds {@code address} and serves the counts {@code stats} gives at each scrape. */
    public static MetricsEndpoint start(InetSocketAddress address, Supplier<ServerStats> stats) throws IOException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        gauge(registry, stats, "punchline.users", "registered users on this server", ServerStats::users);
        gauge(registry, stats, "punchline.rooms", "rooms with a user of this server", ServerStats::rooms);
        gauge(registry, stats, "punchline.connections", "open connections", ServerStats::connections);
        gauge(registry, stats, "punchline.relays", "relays carrying chats", ServerStats::relays);
        FunctionCounter.builder("punchline.introductions", stats, s -> s.get().introductions())
                .description("introductions made by this server").register(registry);
        if (stats.get().clustered()) {
            gauge(registry, stats, "punchline.cluster.redis.connected", "1 when the cluster's Redis answers",
                    s -> s.redisConnected() ? 1 : 0);
            gauge(registry, stats, "punchline.cluster.redis.rtt.seconds", "round trip to Redis",
                    s -> s.redisRttMillis() / 1000);
            gauge(registry, stats, "punchline.cluster.presence.lag.seconds",
                    "time from publishing a join to reading it back from the presence stream",
                    s -> s.presenceLagMillis() / 1000);
            gauge(registry, stats, "punchline.cluster.nodes", "live nodes", ServerStats::nodes);
            gauge(registry, stats, "punchline.cluster.remote.users", "users on other nodes", ServerStats::remoteUsers);
            FunctionCounter.builder("punchline.cluster.applied.without.redis", stats,
                    s -> s.get().appliedWithoutRedis())
                    .description("presence changes applied alone while Redis was away").register(registry);
        }
        HttpServer http = HttpServer.create(address, 16);
        http.createContext("/metrics", exchange -> serve(exchange, registry));
        http.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "punchline-metrics");
            thread.setDaemon(true);
            return thread;
        }));
        http.start();
        LOG.log(Level.INFO, "metrics for Prometheus at http://{0}:{1}/metrics",
                http.getAddress().getAddress().getHostAddress(), Integer.toString(http.getAddress().getPort()));
        return new MetricsEndpoint(http, registry, stats);
    }

    private static void gauge(PrometheusMeterRegistry registry, Supplier<ServerStats> stats, String name,
                              String description, ToDoubleFunction<ServerStats> value) {
        Gauge.builder(name, stats, s -> value.applyAsDouble(s.get())).description(description).strongReference(true)
                .register(registry);
    }

    private static void serve(HttpExchange exchange, PrometheusMeterRegistry registry) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** The port as bound. */
    public int port() {
        return http.getAddress().getPort();
    }

    @Override
    public void close() {
        http.stop(0);
        ((java.util.concurrent.ExecutorService) http.getExecutor()).shutdownNow();
        registry.close();
    }
}
