package punchline.client.net;

import java.time.Duration;
import java.util.List;
import punchline.protocol.Endpoint;
import punchline.protocol.ErrorCode;
import punchline.protocol.NatType;
import punchline.protocol.ServerMessage.EndReason;
import punchline.protocol.ServerMessage.Role;
import punchline.protocol.ServerMessage.UserInfo;

/** Example events for tests of the consumers: one of each type, with realistic fields. */
public final class ClientEventSamples {
    public static final Endpoint PUBLIC = Endpoint.parse("203.0.113.7:40000");
    public static final String FINGERPRINT = "a".repeat(64);

    private ClientEventSamples() {
    }

    public static final String ID = "k3f92mxa8c1dq0zt" + "0".repeat(35) + "g";
    public static final String OTHER_ID = "b".repeat(51) + "0";

    /** One event of every type. */
    public static List<ClientEvent> oneOfEach() {
        List<ClientEvent> all = new java.util.ArrayList<>(firstOfEach());
        all.addAll(addedWithIds().subList(0, 5));
        return all;
    }

    /** One event of each type that existed when the journal's contract was first pinned, without IDs. */
    public static List<ClientEvent> firstOfEach() {
        return List.of(
                new ClientEvent.Registered("ab12cd", PUBLIC, "lobby", false),
                new ClientEvent.ServerLost("the server closed the connection"),
                new ClientEvent.ServerUnreachable("Connection refused", Duration.ofSeconds(2)),
                new ClientEvent.Users(List.of(new UserInfo("ef34gh", "Bob"))),
                new ClientEvent.UserJoined(new UserInfo("ef34gh", "Bob")),
                new ClientEvent.UserLeft("ef34gh"),
                new ClientEvent.RequestSent("ef34gh"),
                new ClientEvent.RequestReceived("ef34gh", "Bob"),
                new ClientEvent.RequestCancelled("ef34gh", EndReason.CANCELLED),
                new ClientEvent.RequestEnded("ef34gh", EndReason.REJECTED),
                new ClientEvent.Introduced("ef34gh", "Bob", Role.INITIATOR, PUBLIC, List.of(PUBLIC), false, FINGERPRINT,
                        NatType.EASY),
                new ClientEvent.NatDetected(NatType.SYMMETRIC),
                new ClientEvent.Relaying("ef34gh", "symmetric NAT"),
                new ClientEvent.FingerprintChanged("ef34gh", "Bob", FINGERPRINT, FINGERPRINT.replace('a', 'b')),
                new ClientEvent.FingerprintTrusted("ef34gh", "Bob", FINGERPRINT),
                new ClientEvent.Attempt("ef34gh", PUBLIC),
                new ClientEvent.Connected("ef34gh", "Bob", ClientEvent.Route.DIRECT, PUBLIC, Duration.ofMillis(420)),
                new ClientEvent.Failed("ef34gh", ClientEvent.FailureKind.TIMED_OUT, "timed out", 12),
                new ClientEvent.Upgraded("ef34gh", PUBLIC),
                new ClientEvent.MessageSent("ef34gh", 1, "hi", 1L),
                new ClientEvent.MessageReceived("ef34gh", 1, "hello \"you\"", 1L),
                new ClientEvent.MessageDelivered("ef34gh", 1),
                new ClientEvent.MessageFailed("ef34gh", 2, "the peer left"),
                new ClientEvent.PeerLeft("ef34gh", "the peer left"),
                new ClientEvent.Notice("maintenance", true),
                new ClientEvent.ServerError(ErrorCode.UNKNOWN_USER, "no user", "zzzzzz"),
                new ClientEvent.CommandRejected("ef34gh", "no open chat"));
    }

    /** Issue 11: the events about servers, the store and contacts (first five), then events that carry IDs. */
    public static List<ClientEvent> addedWithIds() {
        punchline.client.store.Contact bob = new punchline.client.store.Contact(ID, "Bob", null, FINGERPRINT,
                punchline.client.store.Trust.UNVERIFIED, java.time.Instant.ofEpochMilli(1_700_000_000_000L),
                java.time.Instant.ofEpochMilli(1_700_000_000_000L));
        return List.of(
                new ClientEvent.ServerPinned("203.0.113.7:3333", FINGERPRINT, ClientEvent.PinSource.FIRST_USE),
                new ClientEvent.ServerCertificateChanged("203.0.113.7:3333", FINGERPRINT, FINGERPRINT.replace('a', 'b')),
                new ClientEvent.StoreProblem("moved-aside", "Your contacts were damaged; the old file was kept."),
                new ClientEvent.ContactSaved(bob, true),
                new ClientEvent.ContactForgotten(ID),
                new ClientEvent.Registered("ab12cd", PUBLIC, "lobby", false, OTHER_ID),
                new ClientEvent.Users(List.of(new UserInfo("ef34gh", "Bob", ID))),
                new ClientEvent.UserJoined(new UserInfo("ef34gh", "Bob", ID)),
                new ClientEvent.RequestReceived("ef34gh", "Bob", ID, true, null),
                new ClientEvent.RequestReceived("ef34gh", "Bob\u200b", OTHER_ID, false, ID),
                new ClientEvent.Introduced("ef34gh", "Bob", Role.INITIATOR, PUBLIC, List.of(PUBLIC), false, FINGERPRINT,
                        NatType.EASY, ID),
                new ClientEvent.FingerprintChanged("ef34gh", "Bob", FINGERPRINT, FINGERPRINT.replace('a', 'b'), OTHER_ID,
                        ID, "look-alike"),
                new ClientEvent.FingerprintTrusted("ef34gh", "Bob", FINGERPRINT, ID),
                new ClientEvent.Connected("ef34gh", "Bob", ClientEvent.Route.DIRECT, PUBLIC, Duration.ofMillis(420), ID),
                new ClientEvent.ServerPinned("203.0.113.7:3333", FINGERPRINT, ClientEvent.PinSource.GIVEN),
                new ClientEvent.ServerPinned("203.0.113.7:3333", FINGERPRINT, ClientEvent.PinSource.TRUSTED),
                new ClientEvent.ContactSaved(new punchline.client.store.Contact(ID, "Bob", "Bobby", FINGERPRINT,
                        punchline.client.store.Trust.VERIFIED, bob.firstSeen(), bob.lastSeen()), false));
    }
}
