package punchline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** --metrics: the server's counts in Prometheus' text format, as a scraper reads them. */
class MetricsTest {
    @RegisterExtension
    final Loopback loopback = new Loopback();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theEndpointServesTheServersCountsOnlyWhenAskedTo() throws Exception {
        RendezvousServer server = loopback.start(Loopback.options()
                .metrics(new InetSocketAddress(Loopback.LOCALHOST, 0)));
        loopback.join("Ann");
        loopback.join("Bob");
        RawClient cid = loopback.join("Cid", "chat");
        RawClient dee = loopback.join("Dee", "chat");
        cid.expect(punchline.protocol.ServerMessage.UserJoined.class);
        loopback.introduce(cid, dee);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String body;
        do { // the counts are those of the latest sweep, at most 100 ms old
            body = scrape(server.metricsPort());
        } while (!body.contains("punchline_users 4.0") && System.nanoTime() - deadline < 0);
        assertTrue(body.contains("punchline_users 4.0"), body);
        assertTrue(body.contains("punchline_rooms 2.0"), body);
        assertTrue(body.contains("punchline_introductions_total 1.0"), body);
        assertTrue(body.contains("punchline_relays 0.0"), body);
        assertTrue(body.contains("# HELP punchline_connections"), body);
        assertTrue(!body.contains("punchline_cluster"), "a standalone server has no cluster figures");

        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + server.metricsPort() + "/metrics")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
    }

    @Test
    void offByDefault() {
        assertEquals(-1, loopback.server().metricsPort());
    }

    private String scrape(int port) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return response.body();
    }
}
