package punchline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import punchline.protocol.ErrorCode;
import punchline.protocol.Message.ErrorMessage;
import punchline.protocol.Message.Ping;
import punchline.protocol.Message.Pong;
import punchline.protocol.ServerMessage;
import punchline.protocol.ServerMessage.UserJoined;
import punchline.protocol.ServerMessage.UserLeft;

/** Connections that never say hello or go silent are dropped; heartbeats keep the others alive. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TimeoutTest {
    /** Idle timeout 10/3 of it, 1.7 s: a client answering from the test thread survives a pause of a second. */
    private static final Duration HEARTBEAT = Duration.ofMillis(500);

    @RegisterExtension
    final Loopback loopback = new Loopback();

    @Test
    void aConnectionThatNeverSaysHelloIsDropped() {
        // The hello timeout runs from accept, through the TLS handshake: 2 s leaves the handshake room on a
        // loaded machine (with 0.5 s a slow handshake was cut off before an error could be sent in TLS).
        loopback.start(Loopback.options().helloTimeout(Duration.ofSeconds(2)));
        RawClient bystander = loopback.join("Bystander");
        RawClient silent = loopback.connect();
        RawClient halfway = loopback.connect();
        halfway.sendRaw("{\"type\":\"hello\",\"version\":1,"); // and nothing more

        silent.expectError(ErrorCode.HELLO_TIMEOUT);
        silent.expectClosed();
        halfway.expectError(ErrorCode.HELLO_TIMEOUT);
        halfway.expectClosed();
        bystander.sync();
    }

    /**
     * A user who stops answering is dropped and its room is told; a user who answers every ping in the
     * meantime stays, though it has been there longer than the idle timeout.
     */
    @Test
    void aUserThatStopsAnsweringIsDroppedAndOneThatAnswersIsNot() {
        loopback.start(Loopback.options().heartbeatInterval(HEARTBEAT));
        RawClient silent = loopback.join("Silent");
        RawClient alive = loopback.join("Alive");
        assertEquals(List.of(silent.info()), alive.initialUsers());

        ServerMessage message;
        while ((message = alive.expectAny()) instanceof Ping ping) {
            alive.send(new Pong(ping.nonce()));
        }
        assertEquals(new UserLeft(silent.key()), message);
        UserJoined aliveJoined = new UserJoined(alive.info());
        while ((message = silent.expectAny()) instanceof Ping || aliveJoined.equals(message)) {
            // a silent client does not answer
        }
        assertEquals(ErrorCode.IDLE_TIMEOUT, assertInstanceOf(ErrorMessage.class, message).code());
        silent.expectClosed();
        alive.syncThroughHeartbeats();
    }

    /**
     * The server pings every heartbeat interval, whatever its other timeouts: here the hello timeout is
     * the default ten seconds, far longer than the idle timeout.
     */
    @Test
    void answeringTheServersPingsKeepsAClientAliveBeyondTheIdleTimeout() {
        ServerOptions options = loopback.start(Loopback.options()
                .helloTimeout(ServerOptions.defaults().helloTimeout())
                .heartbeatInterval(HEARTBEAT)).options();
        RawClient client = loopback.join("Client");

        long until = System.nanoTime() + options.idleTimeout().multipliedBy(3).toNanos();
        int pings = 0;
        while (System.nanoTime() - until < 0) {
            ServerMessage message = client.expectAny();
            if (!(message instanceof Ping ping)) {
                throw new AssertionError("after " + pings + " pings: " + message);
            }
            client.send(new Pong(ping.nonce()));
            pings++;
        }
        assertTrue(pings >= 3, pings + " pings in three idle timeouts");
        client.syncThroughHeartbeats();
    }
}
