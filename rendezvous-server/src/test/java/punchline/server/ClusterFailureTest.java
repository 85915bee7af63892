package punchline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import punchline.protocol.ClientMessage.Accept;
import punchline.protocol.ClientMessage.Connect;
import punchline.protocol.ServerMessage.Introduce;
import punchline.protocol.ServerMessage.Request;
import punchline.protocol.ServerMessage.UserInfo;
import punchline.protocol.ServerMessage.UserJoined;
import punchline.protocol.ServerMessage.UserLeft;

/**
 * What users see when a node dies, when Redis goes away and comes back, and what stays in Redis when
 * nodes stop: a fresh cluster of real processes per test (nodes count as dead after 2 s).
 */
class ClusterFailureTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private TestCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void whenANodeIsKilledTheOthersSeeItsUsersLeaveInOrderAndThemRejoinElsewhere() {
        cluster = new TestCluster(3);
        RawClient u1 = cluster.join(1, "one", "k");
        RawClient u2 = cluster.join(2, "two", "k");
        RawClient u3 = cluster.join(3, "three", "k");
        RawClient w3 = cluster.join(3, "three-bis", "k");
        for (RawClient joined : List.of(u2, u3, w3)) {
            TestCluster.await(u1, UserJoined.class, j -> j.user().key().equals(joined.key()), WAIT);
        }
        for (RawClient joined : List.of(u3, w3)) {
            TestCluster.await(u2, UserJoined.class, j -> j.user().key().equals(joined.key()), WAIT);
        }

        cluster.node(3).kill();
        List<List<String>> seen = new ArrayList<>();
        for (RawClient watcher : List.of(u1, u2)) {
            seen.add(List.of(TestCluster.await(watcher, UserLeft.class, l -> true, WAIT).key(),
                    TestCluster.await(watcher, UserLeft.class, l -> true, WAIT).key()));
        }
        assertEquals(Set.of(u3.key(), w3.key()), new HashSet<>(seen.get(0)), "both users of the dead node left");
        assertEquals(seen.get(0), seen.get(1), "in the same order on both nodes");
        RedisCommands<String, String> redis = cluster.redis.commands();
        assertEquals(List.of(), redis.keys("punchline:node:n3:*"), "nothing of the dead node stays in Redis");
        assertFalse(redis.hexists("punchline:nodes", "n3"));

        // The dead node's user comes back through another node: a new key, seen by everyone.
        RawClient back = cluster.join(1, "three", "k");
        assertEquals(Set.of(u1.info(), u2.info()), new HashSet<>(back.initialUsers()));
        assertEquals(new UserInfo(back.key(), "three", back.id()), // its verified ID too, across nodes
                TestCluster.await(u2, UserJoined.class, j -> true, WAIT).user());
        assertEquals(back.key(), TestCluster.await(u1, UserJoined.class, j -> true, WAIT).user().key());
    }

    @Test
    void whenRedisIsRestartedNodesKeepServingTheirUsersThenCatchUp() {
        cluster = new TestCluster(2);
        RawClient ann = cluster.join(1, "Ann", "r");
        RawClient bob = cluster.join(2, "Bob", "r");
        TestCluster.await(ann, UserJoined.class, j -> j.user().key().equals(bob.key()), WAIT);

        cluster.redis.kill();
        for (NodeProcess node : cluster.nodes) {
            node.log().await("is unreachable", WAIT.toSeconds());
        }
        // Node 1 alone: a newcomer sees who was there, is seen, and gets introduced.
        RawClient cid = cluster.join(1, "Cid", "r");
        assertEquals(Set.of(ann.info(), bob.info()), new HashSet<>(cid.initialUsers()));
        assertEquals(cid.key(), TestCluster.await(ann, UserJoined.class, j -> true, WAIT).user().key());
        ann.send(new Connect(cid.key()));
        TestCluster.await(cid, Request.class, r -> r.from().equals(ann.key()), WAIT);
        cid.send(new Accept(ann.key()));
        assertEquals(cid.key(), TestCluster.await(ann, Introduce.class, i -> true, WAIT).peer());
        assertEquals(ann.key(), TestCluster.await(cid, Introduce.class, i -> true, WAIT).peer());

        cluster.redis.restart(); // on the same port, empty
        for (NodeProcess node : cluster.nodes) {
            node.log().await("caught up with the cluster", WAIT.toSeconds());
        }
        // Bob, on node 2, learns of the user who came while Redis was away; a newcomer there sees all.
        assertEquals(cid.key(), TestCluster.await(bob, UserJoined.class, j -> j.user().key().equals(cid.key()),
                WAIT).user().key());
        RawClient dan = cluster.join(2, "Dan", "r");
        assertEquals(Set.of(ann.info(), bob.info(), cid.info()), new HashSet<>(dan.initialUsers()));
        assertEquals(dan.key(), TestCluster.await(cid, UserJoined.class, j -> true, WAIT).user().key());
        for (NodeProcess node : cluster.nodes) {
            assertEquals(1, node.log().lines().stream().filter(l -> l.contains("is unreachable")).count(),
                    "the outage is logged once, not per event: " + node.log().lines());
        }
    }

    @Test
    void nothingStaysInRedisWithoutAnExpiryAndAStoppedNodesUsersLeave() {
        cluster = new TestCluster(2);
        RawClient ann = cluster.join(1, "Ann", "s");
        RawClient bob = cluster.join(2, "Bob", "s");
        TestCluster.await(ann, UserJoined.class, j -> j.user().key().equals(bob.key()), WAIT);
        RedisCommands<String, String> redis = cluster.redis.commands();
        assertTrue(redis.exists("punchline:node:n2:users") == 1);

        cluster.node(2).stop();
        assertEquals(bob.key(), TestCluster.await(ann, UserLeft.class, l -> true, WAIT).key(),
                "a node that stops takes its users out");
        assertEquals(List.of(), redis.keys("punchline:node:n2:*"));
        cluster.node(1).stop();
        List<String> left = redis.keys("*");
        assertFalse(left.contains("punchline:node:n1:users"));
        for (String key : left) {
            long ttl = redis.pttl(key);
            assertTrue(ttl > 0 && ttl <= 12_000, key + " expires within the cluster's TTL, not never: " + ttl);
        }
    }
}
