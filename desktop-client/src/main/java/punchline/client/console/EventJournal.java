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
        JsonObject json;
        if (event instanceof ClientEvent.Registered e) {
            json = line(e.rejoined() ? "server-rejoined" : "welcome", ts);
            json.addProperty("key", e.key());
            json.addProperty("public", e.publicEndpoint().toString());
            json.addProperty("room", e.room());
        } else if (event instanceof ClientEvent.ServerUnreachable e) {
            json = line("server-unreachable", ts);
            json.addProperty("reason", e.reason());
            json.addProperty("retryInMs", e.retryIn().toMillis());
        } else if (event instanceof ClientEvent.ServerLost e) {
            json = line("server-lost", ts);
            json.addProperty("reason", e.reason());
        } else if (event instanceof ClientEvent.Users e) {
            json = line("users", ts);
            json.add("users", users(e.users()));
        } else if (event instanceof ClientEvent.UserJoined e) {
            json = line("user-joined", ts);
            json.addProperty("key", e.user().key());
            json.addProperty("name", e.user().name());
        } else if (event instanceof ClientEvent.UserLeft e) {
            json = line("user-left", ts);
            json.addProperty("key", e.key());
        } else if (event instanceof ClientEvent.RequestSent e) {
            json = line("request-sent", ts);
            json.addProperty("to", e.to());
        } else if (event instanceof ClientEvent.RequestReceived e) {
            json = line("request", ts);
            json.addProperty("from", e.from());
            json.addProperty("name", e.name());
        } else if (event instanceof ClientEvent.RequestCancelled e) {
            json = line("request-cancelled", ts);
            json.addProperty("from", e.from());
            json.addProperty("reason", e.reason().name().toLowerCase().replace('_', '-'));
        } else if (event instanceof ClientEvent.RequestEnded e) {
            json = line("request-ended", ts);
            json.addProperty("peer", e.to());
            json.addProperty("reason", e.reason().name().toLowerCase().replace('_', '-'));
        } else if (event instanceof ClientEvent.Introduced e) {
            json = line("introduced", ts);
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
        } else if (event instanceof ClientEvent.NatDetected e) {
            json = line("nat", ts);
            json.addProperty("type", e.type().name().toLowerCase());
        } else if (event instanceof ClientEvent.Relaying e) {
            json = line("relaying", ts);
            json.addProperty("peer", e.peer());
            json.addProperty("reason", e.reason());
        } else if (event instanceof ClientEvent.FingerprintChanged e) {
            json = line("fingerprint-changed", ts);
            json.addProperty("peer", e.peer());
            json.addProperty("name", e.name());
            json.addProperty("previous", e.previous());
            json.addProperty("current", e.current());
        } else if (event instanceof ClientEvent.FingerprintTrusted e) {
            json = line("fingerprint-trusted", ts);
            json.addProperty("peer", e.peer());
            json.addProperty("name", e.name());
            json.addProperty("fingerprint", e.fingerprint());
        } else if (event instanceof ClientEvent.Attempt e) {
            json = line("attempt", ts);
            json.addProperty("peer", e.peer());
            json.addProperty("endpoint", e.endpoint().toString());
        } else if (event instanceof ClientEvent.Connected e) {
            json = line("connected", ts);
            json.addProperty("peer", e.peer());
            json.addProperty("name", e.name());
            json.addProperty("route", e.route().wireName());
            json.addProperty("remote", e.remote().toString());
            json.addProperty("elapsedMs", e.elapsed().toMillis());
        } else if (event instanceof ClientEvent.Upgraded e) {
            json = line("upgraded", ts);
            json.addProperty("peer", e.peer());
            json.addProperty("route", ClientEvent.Route.DIRECT.wireName());
            json.addProperty("remote", e.remote().toString());
        } else if (event instanceof ClientEvent.Failed e) {
            json = line("failed", ts);
            json.addProperty("peer", e.peer());
            json.addProperty("reason", e.reason());
            json.addProperty("kind", e.kind().name().toLowerCase().replace('_', '-'));
            json.addProperty("attempts", e.attempts());
        } else if (event instanceof ClientEvent.MessageSent e) {
            json = line("message-sent", ts);
            json.addProperty("peer", e.peer());
            json.addProperty("id", e.id());
            json.addProperty("text", e.text());
        } else if (event instanceof ClientEvent.MessageReceived e) {
            json = line("message", ts);
            json.addProperty("from", e.peer());
            json.addProperty("id", e.id());
            json.addProperty("text", e.text());
        } else if (event instanceof ClientEvent.MessageDelivered e) {
            json = line("delivered", ts);
            json.addProperty("peer", e.peer());
            json.addProperty("id", e.id());
        } else if (event instanceof ClientEvent.MessageFailed e) {
            json = line("message-failed", ts);
            json.addProperty("peer", e.peer());
            json.addProperty("id", e.id());
            json.addProperty("reason", e.reason());
        } else if (event instanceof ClientEvent.PeerLeft e) {
            json = line("peer-left", ts);
            json.addProperty("peer", e.peer());
            json.addProperty("reason", e.reason());
        } else if (event instanceof ClientEvent.Notice e) {
            json = line("notice", ts);
            json.addProperty("text", e.text());
            json.addProperty("broadcast", e.broadcast());
        } else if (event instanceof ClientEvent.ServerError e) {
            json = line("error", ts);
            json.addProperty("code", e.code().name());
            json.addProperty("message", e.message());
            if (e.ref() != null) {
                json.addProperty("ref", e.ref());
            }
        } else if (event instanceof ClientEvent.CommandRejected e) {
            json = line("command-rejected", ts);
            json.addProperty("message", e.message());
            if (e.ref() != null) {
                json.addProperty("ref", e.ref());
            }
        } else {
            throw new IllegalArgumentException("no journal form for " + event);
        }
        return json;
    }

    private static JsonArray users(List<UserInfo> users) {
        JsonArray array = new JsonArray();
        for (UserInfo user : users) {
            JsonObject entry = new JsonObject();
            entry.addProperty("key", user.key());
            entry.addProperty("name", user.name());
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
