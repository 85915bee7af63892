package punchline.protocol;

import java.util.List;
import punchline.protocol.ClientMessage.Accept;
import punchline.protocol.ClientMessage.Cancel;
import punchline.protocol.ClientMessage.Connect;
import punchline.protocol.ClientMessage.Hello;
import punchline.protocol.ClientMessage.Reject;
import punchline.protocol.Message.Bye;
import punchline.protocol.Message.ErrorMessage;
import punchline.protocol.Message.Ping;
import punchline.protocol.Message.Pong;
import punchline.protocol.PeerMessage.Ack;
import punchline.protocol.PeerMessage.Chat;
import punchline.protocol.PeerMessage.Chosen;
import punchline.protocol.PeerMessage.PeerHello;
import punchline.protocol.PeerMessage.PeerProof;
import punchline.protocol.ServerMessage.Cancelled;
import punchline.protocol.ServerMessage.EndReason;
import punchline.protocol.ServerMessage.Introduce;
import punchline.protocol.ServerMessage.Notice;
import punchline.protocol.ServerMessage.Rejected;
import punchline.protocol.ServerMessage.Request;
import punchline.protocol.ServerMessage.Role;
import punchline.protocol.ServerMessage.UserInfo;
import punchline.protocol.ServerMessage.UserJoined;
import punchline.protocol.ServerMessage.UserLeft;
import punchline.protocol.ServerMessage.UserList;
import punchline.protocol.ServerMessage.Welcome;

/** One valid instance of every message type, with awkward content where it matters. */
final class SampleMessages {
    static final String TOKEN = "q2VxY1dD0b3k9lVwJm4hUe8xZ0ZrQmN5dGVzMTIzNA";

    private SampleMessages() {
    }

    static List<Message> all() {
        return List.of(
                new Hello(1, "Zoë \"the\" tester ✓", "lobby",
                        List.of(new Endpoint("192.168.1.20", 40000), Endpoint.parse("[fe80::1]:40000")),
                        "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef".toLowerCase()),
                new Connect("ab12cd"),
                new Cancel("ab12cd"),
                new Accept("ab12cd"),
                new Reject("ab12cd"),
                new ClientMessage.NatReport(NatType.SYMMETRIC),
                new ClientMessage.RelayJoin(TOKEN, "ab12cd"),
                new ServerMessage.ProbeResult(new Endpoint("203.0.113.7", 51001)),
                new ServerMessage.RelayReady(),
                new Welcome("xy34zz", new Endpoint("203.0.113.7", 51000), "lobby", 15, 1, 3334, true),
                new UserList("lobby", List.of(new UserInfo("ab12cd", "Ann"), new UserInfo("ef56gh", "Bob")), true),
                new UserJoined(new UserInfo("ab12cd", "Ann")),
                new UserLeft("ab12cd"),
                new Request("ab12cd", "Ann"),
                new Cancelled("ab12cd", EndReason.LEFT),
                new Rejected("ab12cd", EndReason.REJECTED),
                new Introduce("ab12cd", "Ann", new Endpoint("203.0.113.9", 40001),
                        List.of(new Endpoint("10.0.0.5", 40001)), TOKEN, Role.INITIATOR, 120, true,
                        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", NatType.EASY),
                new Introduce("ab12cd", "Ann", new Endpoint("203.0.113.9", 40001), List.of(), TOKEN, Role.RESPONDER,
                        0, false, null, NatType.UNKNOWN, null, new Endpoint("198.51.100.2", 3333)),
                new Notice("maintenance at 10:00 <b>&</b>\nbe back soon", true),
                new PeerHello(1, "ab12cd", "0011223344556677", "bm9uY2U"),
                new PeerProof("cHJvb2Y"),
                new Chosen(),
                new Chat(7, "hi 👋\n\"quoted\" \\ back", 1_700_000_000_000L),
                new Ack(7),
                new PeerMessage.Upgrade(250),
                new PeerMessage.Switch(),
                new Ping(-5),
                new Pong(Long.MAX_VALUE),
                new Bye("shutting down"),
                new ErrorMessage(ErrorCode.UNKNOWN_USER, "no user with key ab12cd", "ab12cd"));
    }
}
