package punchline.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CodecTest {

    static List<Message> samples() {
        return SampleMessages.all();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everyMessageRoundTrips(Message message) throws Exception {
        byte[] frame = Codec.encode(message);
        assertEquals('\n', frame[frame.length - 1], "frames end with a newline");
        String json = new String(frame, 0, frame.length - 1, StandardCharsets.UTF_8);
        assertTrue(json.indexOf('\n') < 0, "one frame is one line: " + json);
        assertTrue(json.startsWith("{\"type\":\"" + Codec.typeOf(message.getClass()) + "\""), json);
        assertEquals(message, Codec.decode(json));
    }

    @Test
    void anIntroductionRetimedForAnUpgradeKeepsItsRelay() throws ProtocolException {
        Endpoint node = new Endpoint("198.51.100.2", 3333);
        ServerMessage.Introduce intro = new ServerMessage.Introduce("ab12cd", "Ann", new Endpoint("203.0.113.9", 40001),
                java.util.List.of(), "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", ServerMessage.Role.INITIATOR, 10, false,
                null, NatType.EASY, null, node);
        assertEquals(node, intro.withStartInMillis(500).relay());
        ServerMessage.Introduce local = new ServerMessage.Introduce("ab12cd", "Ann", new Endpoint("203.0.113.9", 40001),
                java.util.List.of(), intro.token(), ServerMessage.Role.INITIATOR, 10, false, null, NatType.EASY);
        String json = Codec.toJson(local);
        assertEquals(false, json.contains("relay"), "a lone server's introduction has no relay field: " + json);
        assertEquals(null, ((ServerMessage.Introduce) Codec.decode(json, ServerMessage.class)).relay());
    }

    @Test
    void samplesCoverEveryPermittedMessage() {
        Set<Class<?>> permitted = new HashSet<>();
        collectRecords(Message.class, permitted);
        Set<Class<?>> sampled = new HashSet<>();
        samples().forEach(m -> sampled.add(m.getClass()));
        assertEquals(permitted, sampled);
        permitted.forEach(c -> Codec.typeOf(c.asSubclass(Message.class)));
    }

    private static void collectRecords(Class<?> type, Set<Class<?>> into) {
        if (type.isRecord()) {
            into.add(type);
            return;
        }
        for (Class<?> sub : type.getPermittedSubclasses()) {
            collectRecords(sub, into);
        }
    }

    @Test
    void wireFormatIsDocumentedShape() throws Exception {
        String welcome = Codec.toJson(new ServerMessage.Welcome("ab12cd", Endpoint.parse("203.0.113.7:4000"),
                "lobby", 15, 1));
        assertEquals("{\"type\":\"welcome\",\"key\":\"ab12cd\",\"public\":\"203.0.113.7:4000\","
                + "\"room\":\"lobby\",\"heartbeatSeconds\":15,\"version\":1,\"relay\":false}", welcome);
        Message intro = Codec.decode("{\"type\":\"introduce\",\"peer\":\"AB12CD\",\"peerName\":\"Ann\","
                + "\"peerPublic\":\"203.0.113.9:1\",\"peerPrivate\":[],\"token\":\"" + SampleMessages.TOKEN
                + "\",\"role\":\"responder\",\"startInMillis\":0,\"sameNat\":false}");
        assertEquals("ab12cd", ((ServerMessage.Introduce) intro).peer(), "keys are case-insensitive");
        assertEquals(ServerMessage.Role.RESPONDER, ((ServerMessage.Introduce) intro).role());
    }

    @Test
    void unknownFieldsAreIgnoredForForwardCompatibility() throws Exception {
        Message m = Codec.decode("{\"type\":\"connect\",\"to\":\"ab12cd\",\"priority\":\"high\"}");
        assertEquals(new ClientMessage.Connect("ab12cd"), m);
    }

    @Test
    void defaultRoomWhenHelloOmitsIt() throws Exception {
        ClientMessage.Hello hello = Codec.decode(
                "{\"type\":\"hello\",\"version\":1,\"name\":\"Ann\",\"privateEndpoints\":[]}", ClientMessage.Hello.class);
        assertEquals("lobby", hello.room());
    }

    @Test
    void invalidJsonIsTyped() {
        assertCode(ErrorCode.INVALID_JSON, "{\"type\":\"ping\",");
        assertCode(ErrorCode.INVALID_JSON, "not json at all");
        assertCode(ErrorCode.INVALID_JSON, "{'type':'ping','nonce':1}");
        assertCode(ErrorCode.INVALID_JSON, "{\"type\":\"ping\",\"nonce\":1} {}");
        assertCode(ErrorCode.INVALID_JSON, "[1,2,3]");
        assertCode(ErrorCode.INVALID_JSON, "\"hello\"");
        assertCode(ErrorCode.INVALID_JSON, "[".repeat(10_000));
    }

    @Test
    void unknownTypeIsTyped() {
        ProtocolException e = assertCode(ErrorCode.UNKNOWN_TYPE, "{\"type\":\"teleport\",\"to\":\"ab12cd\"}");
        assertTrue(e.getMessage().contains("teleport"), e.getMessage());
        assertCode(ErrorCode.INVALID_MESSAGE, "{\"to\":\"ab12cd\"}");
        assertCode(ErrorCode.INVALID_MESSAGE, "{\"type\":7}");
    }

    @Test
    void missingFieldsAreTyped() {
        ProtocolException e = assertCode(ErrorCode.INVALID_MESSAGE, "{\"type\":\"connect\"}");
        assertTrue(e.getMessage().contains("'to'"), e.getMessage());
        assertCode(ErrorCode.INVALID_MESSAGE, "{\"type\":\"hello\",\"name\":\"Ann\",\"privateEndpoints\":[]}");
        assertCode(ErrorCode.INVALID_MESSAGE, "{\"type\":\"hello\",\"version\":1,\"privateEndpoints\":[]}");
        assertCode(ErrorCode.INVALID_MESSAGE, "{\"type\":\"chat\",\"text\":\"hi\"}");
        assertCode(ErrorCode.INVALID_MESSAGE, "{\"type\":\"introduce\",\"peer\":\"ab12cd\"}");
        assertCode(ErrorCode.INVALID_MESSAGE, "{\"type\":\"error\",\"message\":\"x\"}");
    }

    @Test
    void wrongFieldTypesAreTyped() {
        assertCode(ErrorCode.INVALID_MESSAGE, "{\"type\":\"connect\",\"to\":123456}");
        assertCode(ErrorCode.INVALID_MESSAGE, "{\"type\":\"connect\",\"to\":{\"k\":1}}");
        assertCode(ErrorCode.INVALID_MESSAGE, "{\"type\":\"ping\",\"nonce\":\"5\"}");
        assertCode(ErrorCode.INVALID_MESSAGE, "{\"type\":\"ping\",\"nonce\":1.5}");
        assertCode(ErrorCode.INVALID_MESSAGE, "{\"type\":\"hello\",\"version\":\"1\",\"name\":\"A\",\"privateEndpoints\":[]}");
        assertCode(ErrorCode.INVALID_MESSAGE, "{\"type\":\"hello\",\"version\":1,\"name\":\"A\",\"privateEndpoints\":\"x\"}");
        assertCode(ErrorCode.INVALID_MESSAGE, "{\"type\":\"hello\",\"version\":1,\"name\":\"A\",\"privateEndpoints\":[\"host.example:80\"]}");
        assertCode(ErrorCode.INVALID_MESSAGE, "{\"type\":\"chat\",\"id\":99999999999999999999999,\"text\":\"x\",\"sentAt\":1}");
    }

    @Test
    void noFieldIsQuietlyGuessed() {
        ProtocolException missing = assertCode(ErrorCode.INVALID_MESSAGE,
                "{\"type\":\"chat\",\"id\":1,\"text\":\"hi\"}");
        assertTrue(missing.getMessage().contains("missing field 'sentAt'"), missing.getMessage());
        assertCode(ErrorCode.INVALID_MESSAGE, "{\"type\":\"ping\"}");
        assertCode(ErrorCode.INVALID_MESSAGE, "{\"type\":\"user-list\",\"room\":\"lobby\",\"users\":[],"
                + "\"complete\":\"true\"}");
        ProtocolException duplicate = assertCode(ErrorCode.INVALID_JSON,
                "{\"type\":\"ack\",\"id\":1,\"id\":2}");
        assertTrue(duplicate.getMessage().contains("duplicate key 'id'"), duplicate.getMessage());
    }

    @Test
    void aFieldAddedLaterMayBeMissing() throws Exception {
        ServerMessage.Welcome older = Codec.decode("{\"type\":\"welcome\",\"key\":\"ab12cd\","
                + "\"public\":\"203.0.113.7:4000\",\"room\":\"lobby\",\"heartbeatSeconds\":15,\"version\":1}",
                ServerMessage.Welcome.class);
        assertTrue(!older.relay(), "a server that predates the relay does not relay");
    }

    @Test
    void invalidValuesAreTyped() throws ProtocolException {
        assertCode(ErrorCode.INVALID_MESSAGE, "{\"type\":\"connect\",\"to\":\"toolongkey\"}");
        assertCode(ErrorCode.INVALID_MESSAGE, "{\"type\":\"connect\",\"to\":\"ab12c!\"}");
        assertCode(ErrorCode.INVALID_MESSAGE, "{\"type\":\"hello\",\"version\":1,\"name\":\"" + "n".repeat(33)
                + "\",\"privateEndpoints\":[]}");
        assertCode(ErrorCode.INVALID_MESSAGE, "{\"type\":\"hello\",\"version\":1,\"name\":\"  \",\"privateEndpoints\":[]}");
        assertCode(ErrorCode.INVALID_MESSAGE, "{\"type\":\"hello\",\"version\":1,\"name\":\"a\\u0000b\",\"privateEndpoints\":[]}");
        assertCode(ErrorCode.INVALID_MESSAGE, "{\"type\":\"hello\",\"version\":1,\"name\":\"a\",\"privateEndpoints\":[\"1.2.3.4:0\"]}");
        assertCode(ErrorCode.INVALID_MESSAGE, "{\"type\":\"hello\",\"version\":1,\"name\":\"a\",\"privateEndpoints\":[\"1.2.3.400:80\"]}");
        assertCode(ErrorCode.INVALID_MESSAGE, "{\"type\":\"chat\",\"id\":1,\"text\":\"" + "x".repeat(4001) + "\",\"sentAt\":1}");
        // A name shows what it is; a fingerprint is ASCII hex.
        assertCode(ErrorCode.INVALID_MESSAGE, "{\"type\":\"hello\",\"version\":1,\"name\":\"Bob\\u200b\",\"privateEndpoints\":[]}");
        assertCode(ErrorCode.INVALID_MESSAGE, "{\"type\":\"user-joined\",\"user\":{\"key\":\"ab12cd\",\"name\":\"\\u202eboB\"}}");
        assertCode(ErrorCode.INVALID_MESSAGE, "{\"type\":\"hello\",\"version\":1,\"name\":\"Eve\",\"privateEndpoints\":[],"
                + "\"fingerprint\":\"" + "\\u0661".repeat(64) + "\"}");
        // Escape sequences drive terminals; tab and line ends are text.
        assertCode(ErrorCode.INVALID_MESSAGE, "{\"type\":\"chat\",\"id\":1,\"text\":\"a\\u001b[2J\",\"sentAt\":1}");
        assertCode(ErrorCode.INVALID_MESSAGE, "{\"type\":\"notice\",\"text\":\"a\\u009bb\",\"broadcast\":true}");
        assertCode(ErrorCode.INVALID_MESSAGE, "{\"type\":\"bye\",\"reason\":\"a\\u0007\"}");
        assertEquals("a\tb\r\nc", ((PeerMessage.Chat) Codec.decode(
                "{\"type\":\"chat\",\"id\":1,\"text\":\"a\\tb\\r\\nc\",\"sentAt\":1}", PeerMessage.class)).text());
        assertCode(ErrorCode.INVALID_MESSAGE, "{\"type\":\"introduce\",\"peer\":\"ab12cd\",\"peerName\":\"Ann\","
                + "\"peerPublic\":\"203.0.113.9:1\",\"peerPrivate\":[],\"token\":\"c2hvcnQ\","
                + "\"role\":\"initiator\",\"startInMillis\":0,\"sameNat\":false}");
    }

    @Test
    void familiesAreEnforced() {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> Codec.decode(Codec.toJson(new ServerMessage.UserLeft("ab12cd")), ClientMessage.class));
        assertEquals(ErrorCode.UNEXPECTED_MESSAGE, e.code());
        assertThrows(ProtocolException.class,
                () -> Codec.decode(Codec.toJson(new PeerMessage.Chosen()), ServerMessage.class));
    }

    @Test
    void protocolExceptionBecomesAnErrorMessage() {
        ProtocolException e = assertCode(ErrorCode.UNKNOWN_TYPE, "{\"type\":\"" + "x".repeat(1000) + "\"}");
        Message.ErrorMessage error = e.toErrorMessage();
        assertEquals(ErrorCode.UNKNOWN_TYPE, error.code());
        assertTrue(error.message().length() <= Limits.MAX_ERROR_MESSAGE_CHARS + 1);
        assertTrue(ErrorCode.UNKNOWN_TYPE.isFatal());
        assertTrue(!ErrorCode.UNKNOWN_USER.isFatal());
    }

    @Test
    void endpointsParseAndPrint() {
        assertEquals("203.0.113.5:3333", Endpoint.parse("203.0.113.5:3333").toString());
        assertEquals("[::1]:3333", Endpoint.parse("[::1]:3333").toString());
        assertEquals("[::1]:3333", new Endpoint("0:0:0:0:0:0:0:1", 3333).toString());
        assertEquals("[fe80::1:0:0:2]:1", Endpoint.parse("[fe80:0:0:0:1:0:0:2]:1").toString());
        assertEquals("[2001:db8::]:1", Endpoint.parse("[2001:db8:0:0:0:0:0:0]:1").toString());
        assertThrows(IllegalArgumentException.class, () -> Endpoint.parse("::1:3333"));
        assertThrows(IllegalArgumentException.class, () -> Endpoint.parse("localhost:3333"));
        assertThrows(IllegalArgumentException.class, () -> Endpoint.parse("1.2.3.4"));
        assertThrows(IllegalArgumentException.class, () -> Endpoint.parse("1.2.3.4:99999"));
    }

    @Test
    void userKeysEncodeTheWholeSpace() {
        assertEquals("000000", UserKey.encode(0));
        assertEquals("zzzzzz", UserKey.encode(UserKey.SPACE - 1));
        assertTrue(UserKey.isValid("AB12CD"));
        assertTrue(!UserKey.isValid("ab12cu"), "u is not in Crockford's alphabet");
        assertThrows(IllegalArgumentException.class, () -> UserKey.encode(UserKey.SPACE));
    }

    @Test
    void frameReaderReadsFramesFromAStream() throws Exception {
        byte[] bytes = (Codec.toJson(new Message.Ping(1)) + "\n" + Codec.toJson(new Message.Ping(2)) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        FrameReader reader = new FrameReader(new java.io.ByteArrayInputStream(bytes));
        assertEquals(new Message.Ping(1), reader.read(Message.class));
        assertEquals(new Message.Ping(2), reader.read(Message.class));
        assertEquals(null, reader.read(Message.class));
    }

    private static ProtocolException assertCode(ErrorCode expected, String frame) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> Codec.decode(frame), frame);
        assertEquals(expected, e.code(), () -> "for " + frame + ": " + e.getMessage());
        return e;
    }
}
