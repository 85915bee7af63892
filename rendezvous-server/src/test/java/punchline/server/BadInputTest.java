package punchline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import punchline.protocol.ClientMessage.Accept;
import punchline.protocol.ClientMessage.Connect;
import punchline.protocol.Codec;
import punchline.protocol.Endpoint;
import punchline.protocol.ErrorCode;
import punchline.protocol.Limits;
import punchline.protocol.Message;
import punchline.protocol.Message.ErrorMessage;
import punchline.protocol.Message.Ping;
import punchline.protocol.Message.Pong;
import punchline.protocol.PeerMessage.Chat;
import punchline.protocol.ServerMessage;
import punchline.protocol.ServerMessage.UserLeft;
import punchline.protocol.ServerMessage.Welcome;

/**
 * Whatever a connection sends, it gets a typed error and is closed, and the server goes on serving a
 * well-behaved client connected at the same time.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BadInputTest {
    @RegisterExtension
    final Loopback loopback = new Loopback();

    static Stream<Arguments> beforeHello() {
        return Stream.of(
                bad("binary garbage", bytes(0x00, 0x01, 0x02, 0x7f, '\n'), ErrorCode.INVALID_JSON),
                bad("a TLS client hello", bytes(0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, '\n'),
                        ErrorCode.INVALID_UTF8),
                bad("an HTTP request", "GET / HTTP/1.1\r\nHost: punchline\r\n\r\n", ErrorCode.INVALID_JSON),
                bad("truncated JSON", "{\"type\":\"hello\",\n", ErrorCode.INVALID_JSON),
                bad("lenient JSON", "{type:'ping',nonce:1}\n", ErrorCode.INVALID_JSON),
                bad("trailing data", "{\"type\":\"ping\",\"nonce\":1} {}\n", ErrorCode.INVALID_JSON),
                bad("a JSON array", "[\"ping\",1]\n", ErrorCode.INVALID_JSON),
                bad("deeply nested arrays", "[".repeat(4_000) + "]".repeat(4_000) + "\n", ErrorCode.INVALID_JSON),
                bad("deeply nested objects in a ping",
                        "{\"type\":\"ping\",\"nonce\":1,\"pad\":" + "{\"a\":".repeat(1_000) + "1" + "}".repeat(1_000)
                                + "}\n", ErrorCode.INVALID_JSON),
                bad("invalid UTF-8", bytes('{', 0xc3, 0x28, '}', '\n'), ErrorCode.INVALID_UTF8),
                bad("an overlong UTF-8 encoding", bytes('"', 0xc0, 0xaf, '"', '\n'), ErrorCode.INVALID_UTF8),
                bad("an encoded surrogate", bytes('"', 0xed, 0xa0, 0x80, '"', '\n'), ErrorCode.INVALID_UTF8),
                bad("an unknown type", "{\"type\":\"teleport\",\"to\":\"mars\"}\n", ErrorCode.UNKNOWN_TYPE),
                bad("no type", "{\"nonce\":1}\n", ErrorCode.INVALID_MESSAGE),
                bad("a number as type", "{\"type\":7}\n", ErrorCode.INVALID_MESSAGE),
                bad("a string as version", hello("\"1\"", "\"Ann\"", "[]"), ErrorCode.INVALID_MESSAGE),
                bad("a fraction as version", hello("1.5", "\"Ann\"", "[]"), ErrorCode.INVALID_MESSAGE),
                bad("a number as name", hello("1", "42", "[]"), ErrorCode.INVALID_MESSAGE),
                bad("a blank name", hello("1", "\"   \"", "[]"), ErrorCode.INVALID_MESSAGE),
                bad("a control character in the name", hello("1", "\"A\\u0007nn\"", "[]"), ErrorCode.INVALID_MESSAGE),
                bad("a string as endpoint list", hello("1", "\"Ann\"", "\"10.0.0.1:5000\""), ErrorCode.INVALID_MESSAGE),
                bad("a host name as endpoint", hello("1", "\"Ann\"", "[\"example.com:80\"]"), ErrorCode.INVALID_MESSAGE),
                bad("too many endpoints", hello("1", "\"Ann\"", nineEndpoints()), ErrorCode.INVALID_MESSAGE),
                bad("a string as nonce", "{\"type\":\"ping\",\"nonce\":\"one\"}\n", ErrorCode.INVALID_MESSAGE),
                bad("a nonce beyond a long", "{\"type\":\"ping\",\"nonce\":" + "9".repeat(30) + "}\n",
                        ErrorCode.INVALID_MESSAGE),
                bad("a null nonce", "{\"type\":\"ping\",\"nonce\":null}\n", ErrorCode.INVALID_MESSAGE),
                bad("a null endpoint", hello("1", "\"Ann\"", "[null]"), ErrorCode.INVALID_MESSAGE),
                bad("connect before hello", new Connect("abcdef"), ErrorCode.UNEXPECTED_MESSAGE),
                bad("accept before hello", new Accept("abcdef"), ErrorCode.UNEXPECTED_MESSAGE),
                bad("a server message", new Welcome("abcdef", new Endpoint("127.0.0.1", 9), "lobby", 15, 1),
                        ErrorCode.UNEXPECTED_MESSAGE),
                bad("an error from the client", new ErrorMessage(ErrorCode.INTERNAL, "oops", null),
                        ErrorCode.UNEXPECTED_MESSAGE),
                bad("a peer message", new Chat(1, "hi", 0), ErrorCode.UNEXPECTED_MESSAGE),
                bad("an unsupported version", hello("2", "\"Ann\"", "[]"), ErrorCode.UNSUPPORTED_VERSION),
                bad("a frame one byte over the limit",
                        "x".repeat(Limits.MAX_CLIENT_FRAME_BYTES + 1), ErrorCode.FRAME_TOO_LARGE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("beforeHello")
    void badInputBeforeHelloIsAnErrorAndAClose(String what, byte[] input, ErrorCode code) {
        RawClient bystander = loopback.join("Bystander");
        RawClient bad = loopback.connect();

        bad.sendRaw(input);
        bad.expectError(code);
        bad.expectClosed();
        bystander.sync();
    }

    static Stream<Arguments> afterHello() {
        return Stream.of(
                bad("a second hello", hello("1", "\"Ann again\"", "[]"), ErrorCode.UNEXPECTED_MESSAGE),
                bad("binary garbage", bytes(0xff, 0xfe, 0x00, '\n'), ErrorCode.INVALID_UTF8),
                bad("truncated JSON", "{\"type\":\"connect\",\"to\":\n", ErrorCode.INVALID_JSON),
                bad("an unknown type", "{\"type\":\"chat-to\",\"to\":\"abcdef\"}\n", ErrorCode.UNKNOWN_TYPE),
                bad("a number as key", "{\"type\":\"connect\",\"to\":123456}\n", ErrorCode.INVALID_MESSAGE),
                bad("a key outside the alphabet", "{\"type\":\"accept\",\"from\":\"lolo1u\"}\n",
                        ErrorCode.INVALID_MESSAGE),
                bad("a peer message", new Chat(1, "hi", 0), ErrorCode.UNEXPECTED_MESSAGE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("afterHello")
    void badInputFromAUserIsAnErrorACloseAndALeave(String what, byte[] input, ErrorCode code) {
        List<RawClient> users = loopback.joinAll("lobby", "Bystander", "Ann");
        RawClient bystander = users.get(0);
        RawClient bad = users.get(1);

        bad.sendRaw(input);
        bad.expectError(code);
        bad.expectClosed();
        assertEquals(new UserLeft(bad.key()), bystander.expect(UserLeft.class));
        bystander.sync();
    }

    /**
     * 16 MB without a newline: a server that buffered until the end of the line would never answer.
     * The error must come once the frame limit is passed, while the client is still sending.
     */
    @Test
    void aSixteenMegabyteLineIsRefusedWithoutBufferingIt() throws Exception {
        RawClient bystander = loopback.join("Bystander");
        RawClient bad = loopback.connect();
        CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 'a');
            try {
                for (int i = 0; i < 256; i++) {
                    bad.sendRaw(chunk);
                }
            } catch (UncheckedIOException closed) {
                // the server gave up on us, as it should
            }
        });

        bad.expectError(ErrorCode.FRAME_TOO_LARGE);
        bad.expectClosed();
        bystander.sync();
        bad.close();
        writing.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aFloodOfPingsBeyondTheFrameBudgetIsFlooding() {
        int burst = 20;
        loopback.start(Loopback.options().frameRate(1, burst));
        List<RawClient> users = loopback.joinAll("lobby", "Bystander", "Flooder");
        RawClient bystander = users.get(0);
        RawClient flooder = users.get(1);

        ByteArrayOutputStream flood = new ByteArrayOutputStream();
        for (int i = 0; i < 100; i++) {
            flood.writeBytes(Codec.encode(new Ping(i)));
        }
        flooder.sendRaw(flood.toByteArray()); // one write: no time for the budget to refill
        int pongs = 0;
        ServerMessage message;
        while ((message = flooder.expectAny()) instanceof Pong pong) {
            assertEquals(pongs, pong.nonce(), "pongs answer the pings in order");
            pongs++;
        }
        assertEquals(ErrorCode.FLOODING, assertInstanceOf(ErrorMessage.class, message).code());
        assertTrue(pongs <= burst, pongs + " pings answered beyond a burst of " + burst);
        flooder.expectClosed();
        assertEquals(new UserLeft(flooder.key()), bystander.expect(UserLeft.class));
        bystander.sync();
    }

    private static Arguments bad(String what, Object input, ErrorCode code) {
        byte[] bytes;
        if (input instanceof Message message) {
            bytes = Codec.encode(message);
        } else if (input instanceof String text) {
            bytes = text.getBytes(StandardCharsets.UTF_8);
        } else {
            bytes = (byte[]) input;
        }
        return Arguments.of(what, bytes, code);
    }

    private static String hello(String version, String name, String endpoints) {
        return "{\"type\":\"hello\",\"version\":" + version + ",\"name\":" + name + ",\"privateEndpoints\":"
                + endpoints + "}\n";
    }

    private static String nineEndpoints() {
        StringBuilder list = new StringBuilder("[");
        for (int i = 1; i <= Limits.MAX_PRIVATE_ENDPOINTS + 1; i++) {
            list.append(i == 1 ? "" : ",").append("\"10.0.0.").append(i).append(":5000\"");
        }
        return list.append(']').toString();
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
