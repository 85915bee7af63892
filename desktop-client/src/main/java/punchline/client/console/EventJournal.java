package punchline.client.console;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.LongSupplier;
import punchline.client.net.ClientEvent;
import punchline.client.net.ClientEventListener;
import punchline.protocol.Codec;
import punchline.protocol.Endpoint;
import punchline.protocol.ServerMessage.UserInfo;

/**
 * The {@code --events FILE} journal: one JSON object per line and event, each with {@code ts} (epoch
 * milliseconds) and {@code event}. Scripts and tests read it, so the names here are a contract:
 * extend, never rename.
 */
public final class EventJournal implements ClientEventListener, Closeable {
    private static final System.Logger LOG = System.getLogger(EventJournal.class.getName());

    private final BufferedWriter writer;
    /** Epoch milliseconds for {@code ts}; tests fix it to pin whole lines. */
    private final LongSupplier clock;
    private boolean failed;

    public EventJournal(Path file) throws IOException {
        this(file, System::currentTimeMillis);
    }

    EventJournal(Path file, LongSupplier clock) throws IOException {
        this.clock = clock;
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    @Override
    public synchronized void onEvent(ClientEvent event) {
        write(toJson(event, clock.getAsLong()));
    }

    /** Writes a line for an event the console itself produces (for example "exit"). */
    synchronized void record(String event) {
        write(line(event, clock.getAsLong()));
    }

    private void write(JsonObject line) {
        if (failed) {
            return;
        }
        try {
            writer.write(Codec.gson().toJson(line));
            writer.newLine();
            writer.flush(); // readers tail the file
        } catch (IOException e) {
            failed = true;
            LOG.log(Level.ERROR, "cannot write the events file; further events are not recorded: {0}",
                    e.getMessage());
        }
    }

    @Override
    public synchronized void close() throws IOException {
        writer.close();
    }

    private static JsonObject line(String event, long ts) {
        JsonObject json = new JsonObject();
        json.addProperty("ts", ts);
        json.addProperty("event", event);
        return json;
    }

    /** The JSON form of each event; one place so the contract is easy to review. */
    public static JsonObject toJson(ClientEvent event) {
        return toJson(event, System.currentTimeMillis());
    }

    private static JsonObject toJson(ClientEvent event, long ts) {
        JsonForm form = new JsonForm(ts);
        event.dispatchTo(form);
        return form.json;
    }

    /** One method per event, so an event without a journal form does not compile. */
    private static final class JsonForm implements ClientEvent.Handler {
        private final long ts;
        private JsonObject json;

        JsonForm(long ts) {
            this.ts = ts;
        }

        private JsonObject line(String event) {
            return EventJournal.line(event, ts);
        }

        @Override
        public void onRegistered(ClientEvent.Registered e) {
            json = line(e.rejoined() ? "server-rejoined" : "welcome");
            json.addProperty("key", e.key());
            json.addProperty("public", e.publicEndpoint().toString());
            json.addProperty("room", e.room());
            optional(json, "id", e.id());
        }

        @Override
        public void onServerUnreachable(ClientEvent.ServerUnreachable e) {
            json = line("server-unreachable");
            json.addProperty("reason", e.reason());
            json.addProperty("retryInMs", e.retryIn().toMillis());
        }

        @Override
        public void onServerLost(ClientEvent.ServerLost e) {
            json = line("server-lost");
            json.addProperty("reason", e.reason());
        }

        @Override
        public void onUsers(ClientEvent.Users e) {
            json = line("users");
            json.add("users", users(e.users()));
        }

        @Override
        public void onUserJoined(ClientEvent.UserJoined e) {
            json = line("user-joined");
            json.addProperty("key", e.user().key());
            json.addProperty("name", e.user().name());
            optional(json, "id", e.user().id());
        }

        @Override
        public void onUserLeft(ClientEvent.UserLeft e) {
            json = line("user-left");
            json.addProperty("key", e.key());
        }

        @Override
        public void onRequestSent(ClientEvent.RequestSent e) {
            json = line("request-sent");
            json.addProperty("to", e.to());
        }

        @Override
        public void onRequestReceived(ClientEvent.RequestReceived e) {
            json = line("request");
            json.addProperty("from", e.from());
            json.addProperty("name", e.name());
            if (e.id() != null) {
                json.addProperty("id", e.id());
                json.addProperty("known", e.known());
                optional(json, "nameOf", e.nameOf());
            }
        }

        @Override
        public void onRequestCancelled(ClientEvent.RequestCancelled e) {
            json = line("request-cancelled");
            json.addProperty("from", e.from());
            json.addProperty("reason", e.reason().name().toLowerCase().replace('_', '-'));
        }

        @Override
        public void onRequestEnded(ClientEvent.RequestEnded e) {
            json = line("request-ended");
            json.addProperty("peer", e.to());
            json.addProperty("reason", e.reason().name().toLowerCase().replace('_', '-'));
        }

        @Override
        public void onIntroduced(ClientEvent.Introduced e) {
            json = line("introduced");
            json.addProperty("peer", e.peer());
            json.addProperty("name", e.name());
            json.addProperty("role", e.role().name().toLowerCase());
            json.addProperty("public", e.peerPublic().toString());
            json.add("private", endpoints(e.peerPrivate()));
            json.addProperty("sameNat", e.sameNat());
            json.addProperty("nat", e.nat().name().toLowerCase());
            if (e.fingerprint() != null) {
                json.addProperty("fingerprint", e.fingerprint());
            }
            optional(json, "id", e.id());
        }

        @Override
        public void onNatDetected(ClientEvent.NatDetected e) {
            json = line("nat");
            json.addProperty("type", e.type().name().toLowerCase());
        }

        @Override
        public void onRelaying(ClientEvent.Relaying e) {
            json = line("relaying");
            json.addProperty("peer", e.peer());
            json.addProperty("reason", e.reason());
        }

        @Override
        public void onFingerprintChanged(ClientEvent.FingerprintChanged e) {
            json = line("fingerprint-changed");
            json.addProperty("peer", e.peer());
            json.addProperty("name", e.name());
            json.addProperty("previous", e.previous());
            json.addProperty("current", e.current());
            optional(json, "id", e.id());
            optional(json, "knownId", e.knownId());
            optional(json, "match", e.match());
        }

        @Override
        public void onFingerprintTrusted(ClientEvent.FingerprintTrusted e) {
            json = line("fingerprint-trusted");
            json.addProperty("peer", e.peer());
            json.addProperty("name", e.name());
            json.addProperty("fingerprint", e.fingerprint());
            optional(json, "id", e.id());
        }

        @Override
        public void onAttempt(ClientEvent.Attempt e) {
            json = line("attempt");
            json.addProperty("peer", e.peer());
            json.addProperty("endpoint", e.endpoint().toString());
        }

        @Override
        public void onConnected(ClientEvent.Connected e) {
            json = line("connected");
            json.addProperty("peer", e.peer());
            json.addProperty("name", e.name());
            json.addProperty("route", e.route().wireName());
            json.addProperty("remote", e.remote().toString());
            json.addProperty("elapsedMs", e.elapsed().toMillis());
            optional(json, "id", e.id());
        }

        @Override
        public void onUpgraded(ClientEvent.Upgraded e) {
            json = line("upgraded");
            json.addProperty("peer", e.peer());
            json.addProperty("route", ClientEvent.Route.DIRECT.wireName());
            json.addProperty("remote", e.remote().toString());
        }

        @Override
        public void onFailed(ClientEvent.Failed e) {
            json = line("failed");
            json.addProperty("peer", e.peer());
            json.addProperty("reason", e.reason());
            json.addProperty("kind", e.kind().name().toLowerCase().replace('_', '-'));
            json.addProperty("attempts", e.attempts());
        }

        @Override
        public void onMessageSent(ClientEvent.MessageSent e) {
            json = line("message-sent");
            json.addProperty("peer", e.peer());
            json.addProperty("id", e.id());
            json.addProperty("text", e.text());
        }

        @Override
        public void onMessageReceived(ClientEvent.MessageReceived e) {
            json = line("message");
            json.addProperty("from", e.peer());
            json.addProperty("id", e.id());
            json.addProperty("text", e.text());
        }

        @Override
        public void onMessageDelivered(ClientEvent.MessageDelivered e) {
            json = line("delivered");
            json.addProperty("peer", e.peer());
            json.addProperty("id", e.id());
        }

        @Override
        public void onMessageFailed(ClientEvent.MessageFailed e) {
            json = line("message-failed");
            json.addProperty("peer", e.peer());
            json.addProperty("id", e.id());
            json.addProperty("reason", e.reason());
        }

        @Override
        public void onPeerLeft(ClientEvent.PeerLeft e) {
            json = line("peer-left");
            json.addProperty("peer", e.peer());
            json.addProperty("reason", e.reason());
        }

        @Override
        public void onNotice(ClientEvent.Notice e) {
            json = line("notice");
            json.addProperty("text", e.text());
            json.addProperty("broadcast", e.broadcast());
        }

        @Override
        public void onServerError(ClientEvent.ServerError e) {
            json = line("error");
            json.addProperty("code", e.code().name());
            json.addProperty("message", e.message());
            if (e.ref() != null) {
                json.addProperty("ref", e.ref());
            }
        }

        @Override
        public void onCommandRejected(ClientEvent.CommandRejected e) {
            json = line("command-rejected");
            json.addProperty("message", e.message());
            if (e.ref() != null) {
                json.addProperty("ref", e.ref());
            }
        }

        @Override
        public void onServerPinned(ClientEvent.ServerPinned e) {
            json = line("server-pinned");
            json.addProperty("server", e.server());
            json.addProperty("fingerprint", e.fingerprint());
            json.addProperty("how", e.how().name().toLowerCase().replace('_', '-'));
        }

        @Override
        public void onServerCertificateChanged(ClientEvent.ServerCertificateChanged e) {
            json = line("server-certificate-changed");
            json.addProperty("server", e.server());
            json.addProperty("pinned", e.pinned());
            json.addProperty("presented", e.presented());
        }

        @Override
        public void onStoreProblem(ClientEvent.StoreProblem e) {
            json = line("store-problem");
            json.addProperty("kind", e.kind());
            json.addProperty("message", e.message());
        }

        @Override
        public void onContactSaved(ClientEvent.ContactSaved e) {
            json = line("contact-saved");
            json.addProperty("id", e.contact().id());
            json.addProperty("name", e.contact().name());
            optional(json, "nickname", e.contact().nickname());
            json.addProperty("trust", e.contact().trust().name().toLowerCase());
            json.addProperty("added", e.added());
        }

        @Override
        public void onContactForgotten(ClientEvent.ContactForgotten e) {
            json = line("contact-forgotten");
            json.addProperty("id", e.id());
        }
    }

    /** Fields added after the contract was first pinned appear only when there is a value. */
    private static void optional(JsonObject json, String field, String value) {
        if (value != null) {
            json.addProperty(field, value);
        }
    }

    private static JsonArray users(List<UserInfo> users) {
        JsonArray array = new JsonArray();
        for (UserInfo user : users) {
            JsonObject entry = new JsonObject();
            entry.addProperty("key", user.key());
            entry.addProperty("name", user.name());
            optional(entry, "id", user.id());
            array.add(entry);
        }
        return array;
    }

    private static JsonArray endpoints(List<Endpoint> endpoints) {
        JsonArray array = new JsonArray();
        endpoints.forEach(endpoint -> array.add(endpoint.toString()));
        return array;
    }
}
