package punchline.protocol;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.annotations.SerializedName;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one codec of the protocol: a message is one JSON object with a {@code type} field, written on one
 * line. All JSON in Punchline goes through the single {@link Gson} instance here.
 */
public final class Codec {

    private static final Map<String, Class<? extends Message>> CLASS_BY_TYPE = new HashMap<>();
    private static final Map<Class<? extends Message>, String> TYPE_BY_CLASS = new HashMap<>();
    /** Primitive fields each message must carry (Gson would quietly make a missing one 0 or false). */
    private static final Map<Class<? extends Message>, List<String>> REQUIRED_PRIMITIVES = new HashMap<>();

    static {
        register("hello", ClientMessage.Hello.class);
        register("connect", ClientMessage.Connect.class);
        register("cancel", ClientMessage.Cancel.class);
        register("accept", ClientMessage.Accept.class);
        register("reject", ClientMessage.Reject.class);
        register("welcome", ServerMessage.Welcome.class);
        register("user-list", ServerMessage.UserList.class);
        register("user-joined", ServerMessage.UserJoined.class);
        register("user-left", ServerMessage.UserLeft.class);
        register("request", ServerMessage.Request.class);
        register("cancelled", ServerMessage.Cancelled.class);
        register("rejected", ServerMessage.Rejected.class);
        register("introduce", ServerMessage.Introduce.class);
        register("notice", ServerMessage.Notice.class);
        register("probe-result", ServerMessage.ProbeResult.class);
        register("relay-ready", ServerMessage.RelayReady.class);
        register("nat-report", ClientMessage.NatReport.class);
        register("relay", ClientMessage.RelayJoin.class);
        register("peer-hello", PeerMessage.PeerHello.class);
        register("peer-proof", PeerMessage.PeerProof.class);
        register("chosen", PeerMessage.Chosen.class);
        register("chat", PeerMessage.Chat.class);
        register("ack", PeerMessage.Ack.class);
        register("upgrade", PeerMessage.Upgrade.class);
        register("switch", PeerMessage.Switch.class);
        register("ping", Message.Ping.class);
        register("pong", Message.Pong.class);
        register("bye", Message.Bye.class);
        register("error", Message.ErrorMessage.class);
    }

    private static final Gson GSON = new GsonBuilder()
            .disableHtmlEscaping()
            .registerTypeAdapter(Endpoint.class, new EndpointAdapter().nullSafe())
            .registerTypeAdapter(String.class, new StrictStringAdapter().nullSafe())
            .registerTypeAdapter(int.class, new StrictIntAdapter())
            .registerTypeAdapter(Integer.class, new StrictIntAdapter().nullSafe())
            .registerTypeAdapter(long.class, new StrictLongAdapter())
            .registerTypeAdapter(Long.class, new StrictLongAdapter().nullSafe())
            .registerTypeAdapter(boolean.class, new StrictBooleanAdapter())
            .registerTypeAdapter(Boolean.class, new StrictBooleanAdapter().nullSafe())
            .create();


    private Codec() {
    }

    private static void register(String type, Class<? extends Message> messageClass) {
        CLASS_BY_TYPE.put(type, messageClass);
        TYPE_BY_CLASS.put(messageClass, type);
        List<String> required = new ArrayList<>();
        for (RecordComponent component : messageClass.getRecordComponents()) {
            if (component.getType().isPrimitive() && !component.isAnnotationPresent(OptionalField.class)) {
                SerializedName renamed = component.getAnnotation(SerializedName.class);
                required.add(renamed != null ? renamed.value() : component.getName());
            }
        }
        REQUIRED_PRIMITIVES.put(messageClass, List.copyOf(required));
    }

    /** The single Gson instance of the application (also used for settings and event logs). */
    public static Gson gson() {
        return GSON;
    }

    /** The wire name of a message class. */
    public static String typeOf(Class<? extends Message> messageClass) {
        String type = TYPE_BY_CLASS.get(messageClass);
        if (type == null) {
            throw new IllegalArgumentException("not a registered message: " + messageClass.getName());
        }
        return type;
    }

    /** The message as a single line of JSON, without the newline. */
    public static String toJson(Message message) {
        JsonObject body = GSON.toJsonTree(message).getAsJsonObject();
        JsonObject framed = new JsonObject();
        framed.addProperty("type", typeOf(message.getClass()));
        body.entrySet().forEach(entry -> framed.add(entry.getKey(), entry.getValue()));
        return GSON.toJson(framed);
    }

    /** The message as a frame: UTF-8 JSON plus the newline. */
    public static byte[] encode(Message message) {
        byte[] frame = (toJson(message) + "\n").getBytes(StandardCharsets.UTF_8);
        if (frame.length - 1 > Limits.MAX_FRAME_BYTES) {
            throw new IllegalArgumentException("message exceeds the frame limit: " + typeOf(message.getClass()));
        }
        return frame;
    }

    /** Decodes any message. */
    public static Message decode(String frame) throws ProtocolException {
        return decode(frame, Message.class);
    }

    /**
     * Decodes a frame that must belong to {@code family} (for example {@link ClientMessage} on the
     * server); a valid message of another family is {@link ErrorCode#UNEXPECTED_MESSAGE}.
     */
    public static <T extends Message> T decode(String frame, Class<T> family) throws ProtocolException {
        JsonObject object = parseObject(frame);
        JsonElement typeElement = object.get("type");
        if (typeElement == null || !typeElement.isJsonPrimitive() || !typeElement.getAsJsonPrimitive().isString()) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "message has no string field 'type'");
        }
        String type = typeElement.getAsString();
        Class<? extends Message> messageClass = CLASS_BY_TYPE.get(type);
        if (messageClass == null) {
            throw new ProtocolException(ErrorCode.UNKNOWN_TYPE,
                    "unknown message type '" + Checks.truncate(type, 40) + "'");
        }
        if (!family.isAssignableFrom(messageClass)) {
            throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE,
                    "message '" + type + "' is not expected here");
        }
        for (String field : REQUIRED_PRIMITIVES.get(messageClass)) {
            if (!object.has(field)) {
                throw new ProtocolException(ErrorCode.INVALID_MESSAGE,
                        "invalid '" + type + "': missing field '" + field + "'");
            }
        }
        try {
            return family.cast(GSON.fromJson(object, messageClass));
        } catch (JsonParseException | IllegalStateException | NumberFormatException e) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE,
                    "invalid '" + type + "': " + describe(e), e);
        } catch (RuntimeException e) {
            // Gson wraps exceptions thrown by a record's validating constructor.
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE,
                    "invalid '" + type + "': " + cause.getMessage(), e);
        }
    }

    private static JsonObject parseObject(String frame) throws ProtocolException {
        JsonReader reader = new JsonReader(new StringReader(frame));
        reader.setStrictness(Strictness.STRICT);
        JsonElement element;
        try {
            element = readStrictly(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new ProtocolException(ErrorCode.INVALID_JSON, "trailing data after the JSON object");
            }
        } catch (IOException | RuntimeException e) {
            throw new ProtocolException(ErrorCode.INVALID_JSON, "invalid JSON: " + describe(e), e);
        }
        if (element == null || !element.isJsonObject()) {
            throw new ProtocolException(ErrorCode.INVALID_JSON, "a message must be a JSON object");
        }
        return element.getAsJsonObject();
    }

    /**
     * Reads a JSON value like Gson's tree adapter, but refuses duplicate keys (which would otherwise
     * let the last one win unseen). Depth is bounded by the reader's nesting limit.
     */
    private static JsonElement readStrictly(JsonReader in) throws IOException {
        switch (in.peek()) {
            case BEGIN_OBJECT -> {
                JsonObject object = new JsonObject();
                in.beginObject();
                while (in.hasNext()) {
                    String name = in.nextName();
                    if (object.has(name)) {
                        throw new JsonParseException("duplicate key '" + Checks.truncate(name, 40) + "'");
                    }
                    object.add(name, readStrictly(in));
                }
                in.endObject();
                return object;
            }
            case BEGIN_ARRAY -> {
                JsonArray array = new JsonArray();
                in.beginArray();
                while (in.hasNext()) {
                    array.add(readStrictly(in));
                }
                in.endArray();
                return array;
            }
            case STRING -> {
                return new JsonPrimitive(in.nextString());
            }
            case NUMBER -> {
                return new JsonPrimitive(new BigDecimal(in.nextString()));
            }
            case BOOLEAN -> {
                return new JsonPrimitive(in.nextBoolean());
            }
            case NULL -> {
                in.nextNull();
                return JsonNull.INSTANCE;
            }
            default -> throw new JsonParseException("unexpected " + in.peek() + " at " + in.getPath());
        }
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return Checks.truncate(text, 200);
    }

    private static final class EndpointAdapter extends TypeAdapter<Endpoint> {
        @Override
        public void write(JsonWriter out, Endpoint value) throws IOException {
            out.value(value.toString());
        }

        @Override
        public Endpoint read(JsonReader in) throws IOException {
            expect(in, JsonToken.STRING, "an \"IP:PORT\" string");
            return Endpoint.parse(in.nextString());
        }
    }

    /** Gson would turn 123 into "123"; the protocol wants the type it documents. */
    private static final class StrictStringAdapter extends TypeAdapter<String> {
        @Override
        public void write(JsonWriter out, String value) throws IOException {
            out.value(value);
        }

        @Override
        public String read(JsonReader in) throws IOException {
            expect(in, JsonToken.STRING, "a string");
            return in.nextString();
        }
    }

    private static final class StrictIntAdapter extends TypeAdapter<Integer> {
        @Override
        public void write(JsonWriter out, Integer value) throws IOException {
            out.value(value);
        }

        @Override
        public Integer read(JsonReader in) throws IOException {
            expect(in, JsonToken.NUMBER, "a number");
            return Integer.parseInt(in.nextString()); // no silent truncation of 1.5 or 1e10
        }
    }

    private static final class StrictLongAdapter extends TypeAdapter<Long> {
        @Override
        public void write(JsonWriter out, Long value) throws IOException {
            out.value(value);
        }

        @Override
        public Long read(JsonReader in) throws IOException {
            expect(in, JsonToken.NUMBER, "a number");
            return Long.parseLong(in.nextString()); // no silent truncation of 1.5 or 1e30
        }
    }

    /** Gson would take "true" (a string) for true; the protocol wants the type it documents. */
    private static final class StrictBooleanAdapter extends TypeAdapter<Boolean> {
        @Override
        public void write(JsonWriter out, Boolean value) throws IOException {
            out.value(value);
        }

        @Override
        public Boolean read(JsonReader in) throws IOException {
            expect(in, JsonToken.BOOLEAN, "true or false");
            return in.nextBoolean();
        }
    }

    private static void expect(JsonReader in, JsonToken token, String what) throws IOException {
        JsonToken actual = in.peek();
        if (actual != token) {
            throw new JsonParseException("expected " + what + " but found " + actual.name().toLowerCase()
                    + " at " + in.getPath());
        }
    }
}
