package punchline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import punchline.protocol.ErrorCode;
import punchline.protocol.Message.Bye;
import punchline.protocol.ServerMessage.UserJoined;
import punchline.protocol.ServerMessage.UserLeft;

/**
 * What the operator reads in the log when clients misbehave, or merely leave (issue 12, item 2): a flood
 * of refused connections costs a line and a count, not a line each; an ordinary goodbye is not reported
 * as a client that "does not read its messages".
 */
@Tag("hostile")
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LogFloodTest {
    @RegisterExtension
    final Loopback loopback = new Loopback();

    @Test
    void refusedConnectionsAreLoggedOnceWithACount() {
        loopback.start(Loopback.options().maxPerAddress(2));
        try (LogRecords log = new LogRecords()) {
            loopback.join("Ann");
            loopback.connect();
            for (int i = 0; i < 500; i++) {
                RawClient refused = RawClient.connectPlain(loopback.server().localAddress()); // refused in the clear
                refused.expectError(ErrorCode.TOO_MANY_CONNECTIONS);
                refused.close();
            }
            loopback.joinFrom("127.0.0.2", "Bob").sync(); // another address is served meanwhile
            assertTrue(log.count("refused") <= 1, "lines for 500 refusals: " + log.count("refused"));
        }
    }

    @Test
    void anOrdinaryGoodbyeIsNotASlowConsumer() {
        try (LogRecords log = new LogRecords()) {
            RawClient bystander = loopback.join("Bystander");
            for (int i = 0; i < 20; i++) {
                RawClient hasty = loopback.connect(); // says hello and hangs up at once
                hasty.send(hasty.hello("Hasty " + i, "lobby"));
                hasty.close();
                RawClient polite = loopback.join("Polite " + i);
                polite.send(new Bye("closed Punchline"));
                polite.close();
            }
            List<Object> seen = new ArrayList<>();
            while (seen.size() < 20 * 2 * 2) { // each of the 40 came and went
                Object message = bystander.expectAny();
                if (message instanceof UserJoined || message instanceof UserLeft) {
                    seen.add(message);
                }
            }
            bystander.sync();
            assertEquals(0, log.count("does not read"), log.messages().toString());
        }
    }
}
