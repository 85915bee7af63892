package punchline.server;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import punchline.protocol.ClientMessage.Hello;
import punchline.protocol.Codec;
import punchline.protocol.Message.Ping;
import punchline.protocol.Message.Pong;
import punchline.protocol.ProtocolVersion;
import punchline.protocol.ServerMessage;

/**
 * A real redis-server and cluster nodes in processes of their own, on loopback, and the raw clients of
 * a test; {@link #close} stops them all.
 */
final class TestCluster implements AutoCloseable {
    final RedisServer redis;
    final List<NodeProcess> nodes = new ArrayList<>();
    private final List<RawClient> clients = new ArrayList<>();

    TestCluster(int nodeCount) {
        redis = RedisServer.start();
        try {
            // Started together: the JVMs warm up in parallel.
            List<Thread> starters = new ArrayList<>();
            NodeProcess[] started = new NodeProcess[nodeCount];
            RuntimeException[] failures = new RuntimeException[nodeCount];
            for (int i = 0; i < nodeCount; i++) {
                int index = i;
                Thread starter = new Thread(() -> {
                    try {
                        started[index] = NodeProcess.node(redis.uri(), "n" + (index + 1));
                    } catch (RuntimeException | AssertionError e) {
                        failures[index] = new RuntimeException(e);
                    }
                }, "test-start-n" + (i + 1));
                starter.start();
                starters.add(starter);
            }
            for (Thread starter : starters) {
                starter.join();
            }
            IntStream.range(0, nodeCount).filter(i -> started[i] != null).forEach(i -> nodes.add(started[i]));
            for (RuntimeException failure : failures) {
                if (failure != null) {
                    throw failure;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    NodeProcess node(int number) {
        return nodes.get(number - 1);
    }

    /** A registered user of {@code room} on node {@code number}. */
    RawClient join(int number, String name, String room) {
        return join(node(number), name, room);
    }

    RawClient join(NodeProcess node, String name, String room) {
        RawClient client = connect(node);
        return client.registerInCluster(client.hello(name, room));
    }

    RawClient connect(NodeProcess node) {
        RawClient client = RawClient.connect(node.address());
        synchronized (clients) {
            clients.add(client);
        }
        return client;
    }

    /**
     * The next message {@code client} gets that {@code wanted} accepts, within {@code timeout}; pings
     * are answered and other messages fail the test.
     */
    static <T extends ServerMessage> T await(RawClient client, Class<T> type, Predicate<T> wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            ServerMessage message = client.expectAny();
            if (message instanceof Ping ping) {
                client.send(new Pong(ping.nonce()));
            } else if (type.isInstance(message) && wanted.test(type.cast(message))) {
                return type.cast(message);
            } else {
                fail("expected a " + Codec.typeOf(type) + " but got " + Codec.toJson(message));
            }
        }
        return fail("no " + Codec.typeOf(type) + " within " + timeout);
    }

    @Override
    public void close() {
        synchronized (clients) {
            clients.forEach(RawClient::close);
        }
        nodes.forEach(NodeProcess::close);
        redis.close();
    }
}
