package punchline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import punchline.protocol.ErrorCode;
import punchline.protocol.ServerMessage.Introduce;

/**
 * One person cannot take every relay slot with pairs of their own users (issue 12, item 4): relays are
 * limited per address and per user as well as in all.
 */
@Tag("hostile")
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RelaySharesTest {
    @RegisterExtension
    final Loopback loopback = new Loopback();

    @Test
    void oneAddressCannotTakeEveryRelay() {
        RendezvousServer server = loopback.start(Loopback.options()
                .relay(RelayOptions.defaults().withMaxRelays(2).withShares(1, 4)));
        loopback.openRelay(); // the attacker's first pair of users, from 127.0.0.1
        List<RawClient> second = loopback.joinAll("attack", "Cid", "Dee");
        String token = loopback.introduce(second.get(0), second.get(1)).token();
        RawClient waiting = loopback.joinRelay(token, second.get(0).key());
        loopback.awaitOnServer("the first side waits", () -> server.relays().waitingCount() == 1);
        loopback.joinRelay(token, second.get(1).key()).expectError(ErrorCode.RELAY_FULL);
        waiting.expectError(ErrorCode.RELAY_FULL);

        // Two people elsewhere still get the second slot.
        RawClient eve = loopback.joinFrom("127.0.0.2", "Eve", "elsewhere");
        RawClient fay = loopback.joinFrom("127.0.0.3", "Fay", "elsewhere");
        eve.expect(punchline.protocol.ServerMessage.UserJoined.class);
        Introduce intro = loopback.introduce(eve, fay).toRequester();
        RawClient eveRelay = loopback.joinRelayFrom("127.0.0.2", intro.token(), eve.key());
        RawClient fayRelay = loopback.joinRelayFrom("127.0.0.3", intro.token(), fay.key());
        eveRelay.expectRelayReady();
        fayRelay.expectRelayReady();
        assertEquals(2, server.relayCount());
    }

    @Test
    void oneUserCannotTakeEveryRelay() {
        RendezvousServer server = loopback.start(Loopback.options()
                .relay(RelayOptions.defaults().withShares(10, 1)));
        List<RawClient> users = loopback.joinAll("lobby", "Ann", "Bob", "Cid");
        RawClient ann = users.get(0);
        String withBob = loopback.introduce(ann, users.get(1)).token();
        String withCid = loopback.introduce(ann, users.get(2)).token();
        loopback.openRelay(withBob, ann, users.get(1));

        RawClient waiting = loopback.joinRelay(withCid, ann.key());
        loopback.awaitOnServer("Ann's second relay waits", () -> server.relays().waitingCount() == 1);
        loopback.joinRelay(withCid, users.get(2).key()).expectError(ErrorCode.RELAY_FULL);
        waiting.expectError(ErrorCode.RELAY_FULL);
        assertEquals(1, server.relayCount());
    }
}
