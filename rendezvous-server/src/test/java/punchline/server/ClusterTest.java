package punchline.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import punchline.protocol.ClientMessage.Accept;
import punchline.protocol.ClientMessage.Cancel;
import punchline.protocol.ClientMessage.Connect;
import punchline.protocol.ClientMessage.Reject;
import punchline.protocol.ClientMessage.RelayJoin;
import punchline.protocol.Endpoint;
import punchline.protocol.ErrorCode;
import punchline.protocol.Message.Bye;
import punchline.protocol.ServerMessage;
import punchline.protocol.ServerMessage.Cancelled;
import punchline.protocol.ServerMessage.EndReason;
import punchline.protocol.ServerMessage.Introduce;
import punchline.protocol.ServerMessage.Rejected;
import punchline.protocol.ServerMessage.Request;
import punchline.protocol.ServerMessage.Role;
import punchline.protocol.ServerMessage.UserInfo;
import punchline.protocol.ServerMessage.UserJoined;
import punchline.protocol.ServerMessage.UserLeft;

/**
 * Three real node processes and a real redis-server on loopback: presence and requests across nodes,
 * as users see them. Each test uses rooms of its own on the one cluster.
 */
class ClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static TestCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = new TestCluster(3);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** One presence event as a user saw it: "+KEY" joined, "-KEY" left. */
    private static String seen(ServerMessage message) {
        if (message instanceof UserJoined joined) {
            return "+" + joined.user().key();
        }
        return "-" + ((UserLeft) message).key();
    }

    @Test
    void everyUserOnEveryNodeSeesTheSameJoinsAndLeavesInTheSameOrderWithTheSameKeys() throws Exception {
        String room = "order";
        RawClient o1 = cluster.join(1, "watcher1", room);
        RawClient o2 = cluster.join(2, "watcher2", room);
        RawClient o3 = cluster.join(3, "watcher3", room);
        TestCluster.await(o1, UserJoined.class, j -> j.user().key().equals(o2.key()), WAIT);
        TestCluster.await(o1, UserJoined.class, j -> j.user().key().equals(o3.key()), WAIT);
        TestCluster.await(o2, UserJoined.class, j -> j.user().key().equals(o3.key()), WAIT);
        assertEquals(List.of(o1.info(), o2.info()), o3.initialUsers(), "the third watcher's user list");

        // Nine users join at once, three per node, from threads of their own; then three leave at once.
        ConcurrentLinkedQueue<RawClient> joined = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<Void>> joins = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            int node = i % 3 + 1;
            String name = "user" + i;
            joins.add(CompletableFuture.runAsync(() -> joined.add(cluster.join(node, name, room))));
        }
        CompletableFuture.allOf(joins.toArray(CompletableFuture[]::new)).get();
        List<RawClient> users = new ArrayList<>(joined);
        List<CompletableFuture<Void>> leaves = new ArrayList<>();
        for (RawClient leaving : users.subList(0, 3)) {
            leaves.add(CompletableFuture.runAsync(() -> leaving.send(new Bye("test"))));
        }
        CompletableFuture.allOf(leaves.toArray(CompletableFuture[]::new)).get();

        List<List<String>> sequences = new ArrayList<>();
        for (RawClient watcher : List.of(o1, o2, o3)) {
            List<String> sequence = new ArrayList<>();
            while (sequence.size() < 12) {
                sequence.add(seen(TestCluster.await(watcher, ServerMessage.class,
                        m -> m instanceof UserJoined || m instanceof UserLeft, WAIT)));
            }
            sequences.add(sequence);
        }
        assertEquals(sequences.get(0), sequences.get(1), "watchers on nodes 1 and 2 saw the same sequence");
        assertEquals(sequences.get(0), sequences.get(2), "watchers on nodes 1 and 3 saw the same sequence");

        Set<String> keys = new HashSet<>(List.of(o1.key(), o2.key(), o3.key()));
        for (RawClient user : users) {
            assertTrue(keys.add(user.key()), "keys are unique across the cluster: " + user.key());
            assertTrue(sequences.get(0).contains("+" + user.key()), "everyone saw " + user.key() + " join");
        }
        for (RawClient left : users.subList(0, 3)) {
            assertTrue(sequences.get(0).indexOf("-" + left.key()) > sequences.get(0).indexOf("+" + left.key()),
                    "a leave comes after its join");
        }

        // Newcomers on each node get the same list, in the same order: the room as the stream built it.
        List<List<UserInfo>> lists = new ArrayList<>();
        for (int node = 1; node <= 3; node++) {
            lists.add(cluster.join(node, "late" + node, "order").initialUsers().subList(0, 9));
        }
        assertEquals(lists.get(0), lists.get(1));
        assertEquals(lists.get(0), lists.get(2));
    }

    /**
     * A client pins the server's certificate under the addresses it was given and moves between nodes:
     * every node must show that one certificate, or the client would refuse the node it moved to.
     */
    @Test
    void everyNodeShowsTheOneServerIdentityClientsPin() {
        java.util.Set<String> shown = new java.util.HashSet<>();
        for (NodeProcess node : cluster.nodes) {
            shown.add(cluster.connect(node).serverFingerprint());
        }
        assertEquals(1, shown.size(), "one certificate across " + cluster.nodes.size() + " nodes: " + shown);
    }

    @Test
    void connectAndAcceptAcrossNodesIntroduceBothAndTheAcceptersNodeRelays() {
        RawClient ann = cluster.join(1, "Ann", "meet");
        RawClient bob = cluster.join(2, "Bob", "meet");
        TestCluster.await(ann, UserJoined.class, j -> j.user().key().equals(bob.key()), WAIT);

        ann.send(new Connect(bob.key()));
        Request request = TestCluster.await(bob, Request.class, r -> true, WAIT);
        assertEquals(new Request(ann.key(), "Ann", ann.id()), request, "the verified ID crosses nodes");
        bob.send(new Accept(ann.key()));
        Introduce toAnn = TestCluster.await(ann, Introduce.class, i -> true, WAIT);
        assertEquals(bob.id(), toAnn.peerId(), "a client acts only on an introduction naming the peer's ID");
        Introduce toBob = TestCluster.await(bob, Introduce.class, i -> true, WAIT);

        assertEquals(bob.key(), toAnn.peer());
        assertEquals("Bob", toAnn.peerName());
        assertEquals(Role.INITIATOR, toAnn.role());
        assertEquals(ann.key(), toBob.peer());
        assertEquals(Role.RESPONDER, toBob.role());
        assertEquals(toAnn.token(), toBob.token(), "one introduction, one token");
        assertEquals(bob.localEndpoint(), toAnn.peerPublic(), "Ann learns where Bob's node saw him");
        assertEquals(ann.localEndpoint(), toBob.peerPublic());
        assertEquals(Endpoint.of(cluster.node(2).address()), toAnn.relay(), "Ann relays at Bob's node");
        assertNull(toBob.relay(), "Bob relays at his own node");

        // The relay at the accepter's node splices the two.
        RawClient annRelay = cluster.connect(cluster.node(2));
        RawClient bobRelay = cluster.connect(cluster.node(2));
        annRelay.send(new RelayJoin(toAnn.token(), ann.key()));
        bobRelay.send(new RelayJoin(toBob.token(), bob.key()));
        annRelay.expectRelayReady();
        bobRelay.expectRelayReady();
        annRelay.sendRaw("ciphertext from Ann");
        assertArrayEquals("ciphertext from Ann".getBytes(StandardCharsets.UTF_8), bobRelay.readRaw(19));

        // A late cancel is answered as on one server.
        ann.send(new Cancel(bob.key()));
        assertEquals(ErrorCode.ALREADY_ACCEPTED, ann.expectError(ErrorCode.ALREADY_ACCEPTED).code());
    }

    @Test
    void rejectCancelAndUnknownKeysAcrossNodes() {
        RawClient carol = cluster.join(1, "Carol", "ask");
        RawClient dave = cluster.join(3, "Dave", "ask");
        TestCluster.await(carol, UserJoined.class, j -> j.user().key().equals(dave.key()), WAIT);

        carol.send(new Connect(dave.key()));
        assertEquals(carol.key(), TestCluster.await(dave, Request.class, r -> true, WAIT).from());
        dave.send(new Reject(carol.key()));
        assertEquals(new Rejected(dave.key(), EndReason.REJECTED), TestCluster.await(carol, Rejected.class, r -> true,
                WAIT));

        carol.send(new Connect(dave.key()));
        TestCluster.await(dave, Request.class, r -> true, WAIT);
        carol.send(new Cancel(dave.key()));
        assertEquals(new Cancelled(carol.key(), EndReason.CANCELLED), TestCluster.await(dave, Cancelled.class,
                c -> true, WAIT));
        dave.send(new Accept(carol.key()));
        dave.expectError(ErrorCode.NO_PENDING_REQUEST);

        RawClient elsewhere = cluster.join(2, "Eve", "another-room");
        carol.send(new Connect(elsewhere.key()));
        carol.expectError(ErrorCode.UNKNOWN_USER); // keys are per room, across nodes too
    }

    @Test
    void twoUsersAskingEachOtherAtOnceAcrossNodesGetOneIntroduction() {
        RawClient fay = cluster.join(2, "Fay", "both");
        RawClient gus = cluster.join(3, "Gus", "both");
        TestCluster.await(fay, UserJoined.class, j -> j.user().key().equals(gus.key()), WAIT);
        fay.send(new Connect(gus.key()));
        gus.send(new Connect(fay.key()));
        Introduce toFay = TestCluster.await(fay, Introduce.class, i -> true, WAIT);
        Introduce toGus = TestCluster.await(gus, Introduce.class, i -> true, WAIT);
        assertEquals(toFay.token(), toGus.token());
        assertNotEquals(toFay.role(), toGus.role());
        fay.sync(); // nothing else came: no second introduction, no stray request
        gus.sync();
    }

    @Test
    void requestsToAUserWhoLeftEndAsLeft() {
        RawClient hal = cluster.join(1, "Hal", "gone");
        RawClient ida = cluster.join(2, "Ida", "gone");
        TestCluster.await(hal, UserJoined.class, j -> j.user().key().equals(ida.key()), WAIT);
        hal.send(new Connect(ida.key()));
        TestCluster.await(ida, Request.class, r -> true, WAIT);
        ida.send(new Bye("leaving"));
        assertEquals(ida.key(), TestCluster.await(hal, UserLeft.class, l -> true, WAIT).key());
        assertEquals(new Rejected(ida.key(), EndReason.LEFT), TestCluster.await(hal, Rejected.class, r -> true, WAIT));
        assertNotNull(hal.welcome());
    }
}
