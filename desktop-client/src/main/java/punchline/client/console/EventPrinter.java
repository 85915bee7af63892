package punchline.client.console;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import punchline.client.net.ClientEvent;
import punchline.client.net.ClientEventListener;
import punchline.client.net.Identity;
import punchline.protocol.NatType;
import punchline.protocol.ServerMessage.EndReason;
import punchline.protocol.ServerMessage.UserInfo;

/** A readable line for every event, for people at the console. */
final class EventPrinter implements ClientEventListener {
    private final PrintStream out;
    private final Map<String, String> names = new ConcurrentHashMap<>();
    private volatile String lastPeer;

    EventPrinter(PrintStream out) {
        this.out = out;
    }

    /** The peer of the most recent chat activity, for {@code say}. */
    String lastPeer() {
        return lastPeer;
    }

    String name(String key) {
        return names.getOrDefault(key, key);
    }

    @Override
    public void onEvent(ClientEvent event) {
        String line = describe(event);
        if (line != null) {
            out.println(line);
        }
    }

    private String who(String key) {
        String name = names.get(key);
        return name == null ? key : name + " (" + key + ")";
    }

    String describe(ClientEvent event) {
        if (event instanceof ClientEvent.Registered e) {
            return (e.rejoined() ? "Back on the server. Your new key: " : "Joined room " + e.room() + ". Your key: ")
                    + e.key() + "  (the server sees you at " + e.publicEndpoint() + ")";
        } else if (event instanceof ClientEvent.ServerUnreachable e) {
            return "Cannot reach the server (" + e.reason() + "); trying again in " + e.retryIn().toSeconds() + " s.";
        } else if (event instanceof ClientEvent.ServerLost e) {
            return "Lost the server: " + e.reason() + ". Reconnecting; open chats carry on.";
        } else if (event instanceof ClientEvent.Users e) {
            e.users().forEach(user -> names.put(user.key(), user.name()));
            return e.users().isEmpty() ? "Nobody else is here yet." : "Here: " + e.users().stream()
                    .map(UserInfo::key).map(this::who).collect(Collectors.joining(", "));
        } else if (event instanceof ClientEvent.UserJoined e) {
            names.put(e.user().key(), e.user().name());
            return "+ " + who(e.user().key()) + " joined";
        } else if (event instanceof ClientEvent.UserLeft e) {
            return "- " + who(e.key()) + " left";
        } else if (event instanceof ClientEvent.RequestSent e) {
            return "Asked " + who(e.to()) + " to connect; waiting for an answer (cancel " + e.to() + " to withdraw).";
        } else if (event instanceof ClientEvent.RequestReceived e) {
            names.put(e.from(), e.name());
            return who(e.from()) + " wants to connect: type 'accept " + e.from() + "' or 'reject " + e.from() + "'.";
        } else if (event instanceof ClientEvent.RequestCancelled e) {
            return "The request from " + who(e.from()) + " ended: " + describe(e.reason(), true) + ".";
        } else if (event instanceof ClientEvent.RequestEnded e) {
            return "Your request to " + who(e.to()) + " ended: " + describe(e.reason(), false) + ".";
        } else if (event instanceof ClientEvent.Introduced e) {
            names.put(e.peer(), e.name());
            return "Connecting to " + who(e.peer()) + " directly (public " + e.peerPublic()
                    + (e.sameNat() ? ", behind the same router as you" : "") + ")...";
        } else if (event instanceof ClientEvent.NatDetected e) {
            return "Your NAT: " + describe(e.type());
        } else if (event instanceof ClientEvent.Relaying e) {
            return "No direct connection to " + who(e.peer()) + ": " + e.reason() + ". Going through the server's "
                    + "relay (still end-to-end encrypted)...";
        } else if (event instanceof ClientEvent.FingerprintChanged e) {
            return "! WARNING: " + e.name() + "'s certificate is not the one seen before (was "
                    + Identity.shortForm(e.previous()) + ", now " + Identity.shortForm(e.current())
                    + "). A new computer, or someone in the middle: compare fingerprints with " + e.name()
                    + " by phone or in person, then type 'trust " + e.peer() + "'.";
        } else if (event instanceof ClientEvent.FingerprintTrusted e) {
            return "You now trust " + e.name() + "'s certificate " + Identity.shortForm(e.fingerprint()) + ".";
        } else if (event instanceof ClientEvent.Attempt e) {
            return "  trying " + e.endpoint();
        } else if (event instanceof ClientEvent.Connected e) {
            lastPeer = e.peer();
            return String.format("Connected to %s %s via %s in %.2f s. Type 'say TEXT' or 'msg %s TEXT'.",
                    who(e.peer()), e.route() == ClientEvent.Route.DIRECT ? "directly" : "through the relay",
                    e.remote(), e.elapsed().toMillis() / 1000.0, e.peer());
        } else if (event instanceof ClientEvent.Upgraded e) {
            return "The chat with " + who(e.peer()) + " now goes directly via " + e.remote()
                    + " instead of through the relay.";
        } else if (event instanceof ClientEvent.Failed e) {
            return "Could not connect to " + who(e.peer()) + ": " + e.reason() + ".";
        } else if (event instanceof ClientEvent.MessageReceived e) {
            lastPeer = e.peer();
            return "[" + name(e.peer()) + "] " + e.text();
        } else if (event instanceof ClientEvent.MessageSent) {
            return null; // the user just typed it
        } else if (event instanceof ClientEvent.MessageDelivered) {
            return null; // silence is delivery; failures are reported
        } else if (event instanceof ClientEvent.MessageFailed e) {
            return "! Message " + e.id() + " to " + who(e.peer()) + " was not delivered: " + e.reason();
        } else if (event instanceof ClientEvent.PeerLeft e) {
            return "The chat with " + who(e.peer()) + " ended: " + e.reason() + ".";
        } else if (event instanceof ClientEvent.Notice e) {
            return (e.broadcast() ? "[server] " : "[server, to you] ") + e.text();
        } else if (event instanceof ClientEvent.ServerError e) {
            return "! The server says: " + e.message();
        } else if (event instanceof ClientEvent.CommandRejected e) {
            return "! " + e.message();
        }
        return event.toString();
    }

    static String describe(NatType type) {
        return switch (type) {
            case OPEN -> "none (a public address): direct connections work";
            case EASY -> "easy (same public port for every destination): direct connections work";
            case SYMMETRIC -> "strict (symmetric: a new public port per destination): chats may need the relay";
            case UNKNOWN -> "unknown (the server could not measure it)";
        };
    }

    private static String describe(EndReason reason, boolean theirRequest) {
        return switch (reason) {
            case CANCELLED -> theirRequest ? "they withdrew it" : "you withdrew it";
            case REJECTED -> theirRequest ? "you said no" : "they said no";
            case LEFT -> "they left";
            case EXPIRED -> "nobody answered in time";
            case SERVER_LOST -> "the connection to the server was lost";
        };
    }
}
