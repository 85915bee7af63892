package punchline.client.console;

import java.io.PrintStream;
import java.util.Collections;
import java.util.Map;
import java.util.stream.Collectors;
import punchline.client.net.ClientEvent;
import punchline.client.net.Identity;
import punchline.common.BoundedMap;
import punchline.common.SafeText;
import punchline.protocol.NatType;
import punchline.protocol.ServerMessage.EndReason;
import punchline.protocol.ServerMessage.UserInfo;

/**
 * A readable line for every event, for people at the console. Every piece of text that came from the
 * network (names, messages, notices, reasons, errors) passes through {@link SafeText} on its way to the
 * terminal: no escape sequence reaches it, no line of ours can be forged, and user text inside one of our
 * sentences is isolated (FSI ... PDI) so it cannot reorder the sentence.
 */
final class EventPrinter implements ClientEvent.Handler {
    /** Names remembered for keys (the room's are in the core): enough for every chat a person follows. */
    static final int MAX_NAMES = 1_000;
    /** Continuation lines of a multi-line message begin so; no line of ours does. */
    static final String CONTINUATION = "    ";

    private final PrintStream out;
    private final Map<String, String> names = Collections.synchronizedMap(new BoundedMap<>(MAX_NAMES));
    private volatile String lastPeer;

    EventPrinter(PrintStream out) {
        this.out = out;
    }

    /** The peer of the most recent chat activity, for {@code say}. */
    String lastPeer() {
        return lastPeer;
    }

    /** The name we know for {@code key} (else the key), ready to print inside a sentence. */
    private String name(String key) {
        String name = names.get(key);
        return name == null ? key : SafeText.isolate(name);
    }

    private void print(String line) {
        out.println(line);
    }

    private String who(String key) {
        String name = names.get(key);
        return name == null ? key : SafeText.isolate(name) + " (" + key + ")";
    }

    /** Remote text (or ours with remote text inside) within one of our sentences. */
    private static String quoted(String text) {
        return SafeText.isolate(text);
    }

    @Override
    public void onRegistered(ClientEvent.Registered e) {
        print((e.rejoined() ? "Back on the server. Your new key: " : "Joined room " + quoted(e.room()) + ". Your key: ")
                + e.key() + "  (the server sees you at " + e.publicEndpoint() + ")");
    }

    @Override
    public void onServerUnreachable(ClientEvent.ServerUnreachable e) {
        print("Cannot reach the server (" + quoted(e.reason()) + "); trying again in " + e.retryIn().toSeconds()
                + " s.");
    }

    @Override
    public void onServerLost(ClientEvent.ServerLost e) {
        print("Lost the server: " + quoted(e.reason()) + ". Reconnecting; open chats carry on.");
    }

    @Override
    public void onUsers(ClientEvent.Users e) {
        e.users().forEach(user -> names.put(user.key(), user.name()));
        print(e.users().isEmpty() ? "Nobody else is here yet." : "Here: " + e.users().stream()
                .map(UserInfo::key).map(this::who).collect(Collectors.joining(", ")));
    }

    @Override
    public void onUserJoined(ClientEvent.UserJoined e) {
        names.put(e.user().key(), e.user().name());
        print("+ " + who(e.user().key()) + " joined");
    }

    @Override
    public void onUserLeft(ClientEvent.UserLeft e) {
        print("- " + who(e.key()) + " left");
    }

    @Override
    public void onRequestSent(ClientEvent.RequestSent e) {
        print("Asked " + who(e.to()) + " to connect; waiting for an answer (cancel " + e.to() + " to withdraw).");
    }

    @Override
    public void onRequestReceived(ClientEvent.RequestReceived e) {
        names.put(e.from(), e.name());
        print(who(e.from()) + " wants to connect: type 'accept " + e.from() + "' or 'reject " + e.from() + "'.");
    }

    @Override
    public void onRequestCancelled(ClientEvent.RequestCancelled e) {
        print("The request from " + who(e.from()) + " ended: " + describe(e.reason(), true) + ".");
    }

    @Override
    public void onRequestEnded(ClientEvent.RequestEnded e) {
        print("Your request to " + who(e.to()) + " ended: " + describe(e.reason(), false) + ".");
    }

    @Override
    public void onIntroduced(ClientEvent.Introduced e) {
        names.put(e.peer(), e.name());
        print("Connecting to " + who(e.peer()) + " directly (public " + e.peerPublic()
                + (e.sameNat() ? ", behind the same router as you" : "") + ")...");
    }

    @Override
    public void onNatDetected(ClientEvent.NatDetected e) {
        print("Your NAT: " + describe(e.type()));
    }

    @Override
    public void onRelaying(ClientEvent.Relaying e) {
        print("No direct connection to " + who(e.peer()) + ": " + quoted(e.reason()) + ". Going through the server's "
                + "relay (still end-to-end encrypted)...");
    }

    @Override
    public void onFingerprintChanged(ClientEvent.FingerprintChanged e) {
        String name = SafeText.isolate(e.name());
        print("! WARNING: " + name + "'s certificate is not the one seen before (was "
                + Identity.shortForm(e.previous()) + ", now " + Identity.shortForm(e.current())
                + "). A new computer, or someone in the middle: compare fingerprints with " + name
                + " by phone or in person, then type 'trust " + e.peer() + "'.");
    }

    @Override
    public void onFingerprintTrusted(ClientEvent.FingerprintTrusted e) {
        print("You now trust " + SafeText.isolate(e.name()) + "'s certificate " + Identity.shortForm(e.fingerprint())
                + ".");
    }

    @Override
    public void onAttempt(ClientEvent.Attempt e) {
        print("  trying " + e.endpoint());
    }

    @Override
    public void onConnected(ClientEvent.Connected e) {
        lastPeer = e.peer();
        print(String.format("Connected to %s %s via %s in %.2f s. Type 'say TEXT' or 'msg %s TEXT'.",
                who(e.peer()), e.route() == ClientEvent.Route.DIRECT ? "directly" : "through the relay",
                e.remote(), e.elapsed().toMillis() / 1000.0, e.peer()));
    }

    @Override
    public void onUpgraded(ClientEvent.Upgraded e) {
        print("The chat with " + who(e.peer()) + " now goes directly via " + e.remote()
                + " instead of through the relay.");
    }

    @Override
    public void onFailed(ClientEvent.Failed e) {
        print("Could not connect to " + who(e.peer()) + ": " + quoted(e.reason()) + ".");
    }

    @Override
    public void onMessageReceived(ClientEvent.MessageReceived e) {
        lastPeer = e.peer();
        print("[" + name(e.peer()) + "] " + SafeText.isolateBlock(e.text(), CONTINUATION));
    }

    @Override
    public void onMessageSent(ClientEvent.MessageSent e) {
        // the user just typed it
    }

    @Override
    public void onMessageDelivered(ClientEvent.MessageDelivered e) {
        // silence is delivery; failures are reported
    }

    @Override
    public void onMessageFailed(ClientEvent.MessageFailed e) {
        print("! Message " + e.id() + " to " + who(e.peer()) + " was not delivered: " + quoted(e.reason()));
    }

    @Override
    public void onPeerLeft(ClientEvent.PeerLeft e) {
        print("The chat with " + who(e.peer()) + " ended: " + quoted(e.reason()) + ".");
    }

    @Override
    public void onNotice(ClientEvent.Notice e) {
        print((e.broadcast() ? "[server] " : "[server, to you] ")
                + SafeText.isolateBlock(e.text(), CONTINUATION));
    }

    @Override
    public void onServerError(ClientEvent.ServerError e) {
        print("! The server says: " + quoted(e.message()));
    }

    @Override
    public void onCommandRejected(ClientEvent.CommandRejected e) {
        print("! " + SafeText.line(e.message()));
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
