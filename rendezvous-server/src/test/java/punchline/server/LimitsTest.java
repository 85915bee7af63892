package punchline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import punchline.protocol.ErrorCode;
import punchline.protocol.Limits;
import punchline.protocol.Message.Pong;
import punchline.protocol.ServerMessage.UserLeft;

/** The server's limits on connections, rooms and buffered input hold, and say why when they refuse. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LimitsTest {
    @RegisterExtension
    final Loopback loopback = new Loopback();

    /**
     * A refusal comes at once, in plain text before any TLS: a server that cannot take a connection spends
     * no handshake on it (the client reads it as a plain answer to its TLS hello; see ServerLink).
     */
    @Test
    void aConnectionBeyondMaxClientsIsToldTheServerIsFull() {
        loopback.start(Loopback.options().maxClients(2));
        RawClient bystander = loopback.join("Bystander");
        RawClient quiet = loopback.connect(); // not registered, yet it holds a connection

        RawClient third = RawClient.connectPlain(loopback.server().localAddress());
        third.expectError(ErrorCode.SERVER_FULL);
        third.expectClosed();

        bystander.sync();
        quiet.sync();
    }

    @Test
    void oneAddressCannotTakeEverySlot() {
        loopback.start(Loopback.options().maxPerAddress(2));
        RawClient ann = loopback.join("Ann");
        RawClient quiet = loopback.connect();

        RawClient third = RawClient.connectPlain(loopback.server().localAddress());
        third.expectError(ErrorCode.TOO_MANY_CONNECTIONS);
        third.expectClosed();
        ann.sync();
        quiet.sync();

        quiet.close(); // a slot frees as soon as one of them goes
        loopback.awaitOnServer("the closed connection is counted off", () -> loopback.server().connectionCount() == 1);
        loopback.join("Bob").sync();
    }

    @Test
    void aHelloToAFullRoomIsRoomFull() {
        loopback.start(Loopback.options().maxRoomSize(2));
        List<RawClient> small = loopback.joinAll("small", "Ann", "Bob");

        RawClient cid = loopback.connect();
        cid.send(cid.hello("Cid", "small"));
        cid.expectError(ErrorCode.ROOM_FULL);
        cid.expectClosed();

        small.forEach(RawClient::sync); // Cid never joined, so nobody saw Cid come or go
        RawClient dee = loopback.join("Dee", "other");
        assertEquals(List.of(), dee.initialUsers(), "the limit is per room");
    }

    /**
     * A user who reads nothing fills the kernel's buffers, then the server's bounded queue; then it is
     * dropped rather than buffered without bound, and its room is told it left.
     */
    @Test
    void aUserWhoDoesNotReadIsDroppedInsteadOfBufferedWithoutBound() {
        RendezvousServer server = loopback.start(Loopback.options().maxQueuedBytes(64 * 1024));
        List<RawClient> users = loopback.joinAll("lobby", "Bystander", "Sleeper");
        RawClient bystander = users.get(0);
        String sleeper = users.get(1).key();

        String text = "z".repeat(Limits.MAX_NOTICE_CHARS);
        int told = 0;
        while (server.tell(sleeper, text)) {
            told++;
            assertTrue(told < 100_000, "still queued after " + told + " notices of 1 kB");
        }
        assertEquals(new UserLeft(sleeper), bystander.expect(UserLeft.class));
        bystander.sync();
    }

    /**
     * Fifty users each hold a frame one byte short of the limit, which is the most a connection may
     * make the server buffer. The server still serves others, and completes each held frame intact.
     */
    @Test
    void nearLimitPartialFramesAreHeldWithinBoundsWhileOthersAreServed() {
        RawClient bystander = loopback.join("Bystander");
        List<RawClient> holders = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            RawClient holder = loopback.join("Holder " + i, "room " + i);
            String start = "{\"type\":\"ping\",\"nonce\":" + i;
            // JSON allows any amount of blank space: the frame stays valid at any length
            holder.sendRaw(start + " ".repeat(Limits.MAX_CLIENT_FRAME_BYTES - 1 - start.length()));
            holders.add(holder);
        }

        bystander.sync();
        loopback.join("Newcomer").sync();
        assertEquals(52, loopback.server().users().size());

        for (int i = 0; i < holders.size(); i++) {
            RawClient holder = holders.get(i);
            holder.sendRaw("}\n"); // now exactly MAX_CLIENT_FRAME_BYTES long
            assertEquals(i, holder.expect(Pong.class).nonce());
        }
    }
}
