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

    /** One event of every type. */
    public static List<ClientEvent> oneOfEach() {
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
}
