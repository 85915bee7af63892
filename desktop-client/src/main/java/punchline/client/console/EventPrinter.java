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
import punchline.protocol.UserId;
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
    /** Verified IDs by key: two people with one name are told apart by them. */
    private final Map<String, String> ids = Collections.synchronizedMap(new BoundedMap<>(MAX_NAMES));
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

    /** Name and key, and the ID that tells two people with one name apart. */
    private String whoWithId(String key) {
        String id = ids.get(key);
        return who(key) + (id == null ? "" : " [ID " + UserId.shortForm(id) + "]");
    }

    private void remember(String key, String name, String id) {
        names.put(key, name);
        if (id != null) {
            ids.put(key, id);
        }
    }

    @Override
    public void onRegistered(ClientEvent.Registered e) {
        print((e.rejoined() ? "Back on the server. Your new key: " : "Joined room " + quoted(e.room()) + ". Your key: ")
                + e.key() + "  (the server sees you at " + e.publicEndpoint() + ")"
                + (e.id() == null || e.rejoined() ? "" : "\nYour ID: " + UserId.shortForm(e.id())
                + "  (type 'id' for the whole ID and your certificate's fingerprint)"));
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
        e.users().forEach(user -> remember(user.key(), user.name(), user.id()));
        print(e.users().isEmpty() ? "Nobody else is here yet." : "Here: " + e.users().stream()
                .map(UserInfo::key).map(this::whoWithId).collect(Collectors.joining(", ")));
    }

    @Override
    public void onUserJoined(ClientEvent.UserJoined e) {
        remember(e.user().key(), e.user().name(), e.user().id());
        print("+ " + whoWithId(e.user().key()) + " joined");
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
        remember(e.from(), e.name(), e.id());
        if (e.nameOf() != null) {
            print("! " + who(e.from()) + " is NOT your contact " + e.name() + " (ID " + UserId.shortForm(e.nameOf())
                    + "): someone else uses that name, or one that looks the same.");
        }
        print(who(e.from()) + " wants to connect: type 'accept " + e.from() + "' or 'reject " + e.from() + "'."
                + (e.id() == null ? "" : "  [ID " + UserId.shortForm(e.id()) + (e.known() ? ", one of your contacts"
                : ", not one of your contacts yet") + "]"));
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
        remember(e.peer(), e.name(), e.id());
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
        String known = e.knownId() == null ? "" : " (ID " + UserId.shortForm(e.knownId()) + ")";
        String newcomer = e.id() == null ? "" : " (ID " + UserId.shortForm(e.id()) + ")";
        print("! WARNING: " + who(e.peer()) + " is not your contact " + name + known + ": a different person"
                + newcomer + " uses " + ("look-alike".equals(e.match()) ? "a name that looks the same" : "that name")
                + ", with another certificate (yours: " + Identity.shortForm(e.previous()) + ", theirs: "
                + Identity.shortForm(e.current()) + "). They get none of your contact's trust. If it really is "
                + name + " on a new computer, compare fingerprints by phone or in person, then type 'trust "
                + e.peer() + "'.");
    }

    @Override
    public void onFingerprintTrusted(ClientEvent.FingerprintTrusted e) {
        print("You now trust " + SafeText.isolate(e.name()) + "'s certificate " + Identity.shortForm(e.fingerprint())
                + (e.id() == null ? "" : ": contact " + UserId.shortForm(e.id()) + " is verified") + ".");
    }

    @Override
    public void onAttempt(ClientEvent.Attempt e) {
        print("  trying " + e.endpoint());
    }

    @Override
    public void onConnected(ClientEvent.Connected e) {
        lastPeer = e.peer();
        if (e.id() != null) {
            ids.put(e.peer(), e.id());
        }
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

    @Override
    public void onServerPinned(ClientEvent.ServerPinned e) {
        String fingerprint = Identity.readable(e.fingerprint()).replace('\n', ' ');
        switch (e.how()) {
            case FIRST_USE -> print("First visit to the server " + e.server() + ": trusting its certificate from now on."
                    + " Its fingerprint: " + fingerprint + " (compare it with the one its operator publishes; to pin"
                    + " it from the start: --server " + e.server() + "#" + e.fingerprint() + ").");
            case GIVEN -> print("The server " + e.server() + " must present the certificate " + fingerprint
                    + " (as given).");
            case TRUSTED -> print("You now trust the server " + e.server() + "'s certificate " + fingerprint
                    + "; connecting again.");
        }
    }

    @Override
    public void onServerCertificateChanged(ClientEvent.ServerCertificateChanged e) {
        print("! WARNING: the server " + e.server() + " presented a certificate other than the one you trusted"
                + " (trusted: " + Identity.readable(e.pinned()).replace('\n', ' ') + "; now: "
                + Identity.readable(e.presented()).replace('\n', ' ') + "). Not joining it: it has a new identity, or"
                + " someone is in the middle. Check the new fingerprint with the server's operator, then type"
                + " 'trust-server' to accept it.");
    }

    @Override
    public void onStoreProblem(ClientEvent.StoreProblem e) {
        print("! " + SafeText.line(e.message()));
    }

    @Override
    public void onContactSaved(ClientEvent.ContactSaved e) {
        if (e.added()) {
            print(SafeText.isolate(e.contact().name()) + " (ID " + UserId.shortForm(e.contact().id()) + ") is now one of your contacts.");
        }
    }

    @Override
    public void onContactForgotten(ClientEvent.ContactForgotten e) {
        print("Forgot the contact " + UserId.shortForm(e.id()) + " and your history with them.");
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
