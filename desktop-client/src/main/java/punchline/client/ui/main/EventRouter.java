package punchline.client.ui.main;

import punchline.client.net.ClientEvent;
import punchline.client.net.Identity;
import punchline.client.text.UserText;
import punchline.client.ui.chat.ChatsController;
import punchline.client.ui.notice.NoticeController;
import punchline.client.ui.notice.NoticeController.Kind;
import punchline.client.ui.notice.NoticeController.Topic;
import punchline.client.ui.request.RequestController;
import punchline.client.ui.room.PeerState;
import punchline.client.ui.room.RoomController;
import punchline.client.ui.session.PeerCommands;
import punchline.client.ui.status.StatusController;
import punchline.protocol.ServerMessage.EndReason;

/**
 * The one place that decides who reacts to which client event: each event, on the FX thread, goes to
 * the controllers it concerns. Read this class to see what every event changes on screen; a new event
 * does not compile until it has a method here.
 */
final class EventRouter implements ClientEvent.Handler {
    private final StatusController status;
    private final RoomController room;
    private final ChatsController chats;
    private final RequestController requests;
    private final NoticeController notice;
    private final PeerCommands commands;

    EventRouter(StatusController status, RoomController room, ChatsController chats, RequestController requests,
                NoticeController notice, PeerCommands commands) {
        this.commands = commands;
        this.status = status;
        this.room = room;
        this.chats = chats;
        this.requests = requests;
        this.notice = notice;
    }

    @Override
    public void onRegistered(ClientEvent.Registered e) {
        status.onRegistered(e.key(), e.publicEndpoint(), e.room());
        room.setOnline(e.room());
        if (e.rejoined()) {
            notice.news(Topic.SERVER, Kind.INFO, "Back on the server", "Your key is now " + e.key() + ".");
        }
    }

    @Override
    public void onServerUnreachable(ClientEvent.ServerUnreachable e) {
        notice.clear(Topic.SERVER);
        status.onUnreachable(e.reason(), e.retryIn());
        room.setOnline(null);
    }

    @Override
    public void onNatDetected(ClientEvent.NatDetected e) {
        status.onNat(e.type());
    }

    @Override
    public void onServerLost(ClientEvent.ServerLost e) {
        notice.clear(Topic.SERVER);
        status.onServerLost(e.reason());
        room.setOnline(null);
    }

    @Override
    public void onUsers(ClientEvent.Users e) {
        room.onUsers(e.users());
    }

    @Override
    public void onUserJoined(ClientEvent.UserJoined e) {
        room.onUserJoined(e.user());
    }

    @Override
    public void onUserLeft(ClientEvent.UserLeft e) {
        requests.dismiss(e.key());
        chats.onPeerLeftRoom(e.key());
        room.onUserLeft(e.key());
    }

    @Override
    public void onRequestSent(ClientEvent.RequestSent e) {
        room.setState(e.to(), PeerState.REQUEST_SENT, "");
        chats.onRequestSent(e.to());
    }

    @Override
    public void onRequestReceived(ClientEvent.RequestReceived e) {
        room.setState(e.from(), PeerState.REQUEST_RECEIVED, "");
        if (e.nameOf() != null) {
            room.onImpersonation(e.from(), e.nameOf()); // a new ID under a contact's name: another person
        }
        notice.clear(Topic.peer(e.from()));
        requests.onRequest(e.from(), e.name());
    }

    @Override
    public void onRequestCancelled(ClientEvent.RequestCancelled e) {
        requests.dismiss(e.from());
        room.setState(e.from(), PeerState.IDLE, "");
        if (e.reason() != EndReason.REJECTED) { // the user turned it down: nothing to tell them
            notice.news(Topic.peer(e.from()), Kind.INFO, "Request ended",
                    theirRequestEnded(UserText.isolateWithMarks(room.nameOf(e.from())), e.reason()));
        }
    }

    @Override
    public void onRequestEnded(ClientEvent.RequestEnded e) {
        room.setState(e.to(), PeerState.IDLE, "");
        String why = ourRequestEnded(UserText.isolateWithMarks(room.nameOf(e.to())), e.reason());
        chats.onRequestEnded(e.to(), why);
        if (e.reason() != EndReason.CANCELLED) { // the user withdrew it: nothing to tell them
            notice.news(Topic.peer(e.to()), Kind.INFO, "No connection", why + ".");
        }
    }

    @Override
    public void onIntroduced(ClientEvent.Introduced e) {
        requests.dismiss(e.peer());
        notice.clear(Topic.peer(e.peer()));
        room.setState(e.peer(), PeerState.CONNECTING, "");
        chats.onIntroduced(e.peer(), e.name(), e.peerPublic(), e.fingerprint(), e.nat(), e.id());
    }

    @Override
    public void onFingerprintChanged(ClientEvent.FingerprintChanged e) {
        String name = UserText.isolateWithMarks(e.name());
        if (e.knownId() != null) {
            room.onImpersonation(e.peer(), e.knownId());
        }
        room.onFingerprintChanged(e.peer(), name + "'s certificate changed since your last chat (was "
                + Identity.shortForm(e.previous()) + " …, now " + Identity.shortForm(e.current()) + " …): a new"
                + " computer, or someone in the middle. Check with " + name + " before trusting this chat.");
        chats.onFingerprintChanged(e.peer(), e.previous(), e.current());
        notice.state(Topic.certificate(e.peer()), Kind.ERROR, "Not your contact", "This " + name + " is not the "
                + name + " you know (another ID): a new computer, or someone else. See the chat with " + name + ".");
    }

    @Override
    public void onFingerprintTrusted(ClientEvent.FingerprintTrusted e) {
        room.onFingerprintTrusted(e.peer());
        notice.clear(Topic.certificate(e.peer()));
        chats.onFingerprintTrusted(e.peer(), e.fingerprint());
    }

    @Override
    public void onAttempt(ClientEvent.Attempt e) {
        chats.onAttempt(e.peer(), e.endpoint());
    }

    @Override
    public void onRelaying(ClientEvent.Relaying e) {
        room.onRelaying(e.peer(), e.reason());
        chats.onRelaying(e.peer(), e.reason());
    }

    @Override
    public void onUpgraded(ClientEvent.Upgraded e) {
        room.onConnected(e.peer(), true, e.remote().toString());
        chats.onUpgraded(e.peer(), e.remote());
    }

    @Override
    public void onConnected(ClientEvent.Connected e) {
        room.onConnected(e.peer(), e.route() == ClientEvent.Route.DIRECT, e.remote().toString());
        chats.onConnected(e.peer(), e.route(), e.remote(), e.elapsed());
        room.onChatsChanged();
    }

    @Override
    public void onFailed(ClientEvent.Failed e) {
        room.setState(e.peer(), PeerState.FAILED, "Could not connect: " + e.reason());
        chats.onFailed(e.peer(), e.reason());
    }

    @Override
    public void onMessageSent(ClientEvent.MessageSent e) {
        chats.onMessageSent(e.peer(), e.id(), e.text());
    }

    @Override
    public void onMessageReceived(ClientEvent.MessageReceived e) {
        chats.onMessageReceived(e.peer(), e.id(), e.text());
    }

    @Override
    public void onMessageDelivered(ClientEvent.MessageDelivered e) {
        chats.onDelivered(e.peer(), e.id());
    }

    @Override
    public void onMessageFailed(ClientEvent.MessageFailed e) {
        chats.onMessageFailed(e.peer(), e.id(), e.reason());
    }

    @Override
    public void onPeerLeft(ClientEvent.PeerLeft e) {
        room.setState(e.peer(), PeerState.IDLE, "");
        chats.onPeerLeft(e.peer(), e.reason());
        room.onChatsChanged();
    }

    @Override
    public void onNotice(ClientEvent.Notice e) {
        notice.state(Topic.OPERATOR, Kind.NOTICE, e.broadcast() ? "Server notice" : "Server, to you", e.text());
    }

    @Override
    public void onServerError(ClientEvent.ServerError e) {
        if (e.ref() != null) {
            room.clearRequest(e.ref());
            chats.onProblem(e.ref(), e.message());
        }
        notice.news(e.ref() != null ? Topic.peer(e.ref()) : Topic.COMMAND, Kind.ERROR, "The server refused",
                e.message());
    }

    @Override
    public void onCommandRejected(ClientEvent.CommandRejected e) {
        if (e.ref() != null && chats.has(e.ref())) {
            chats.onProblem(e.ref(), e.message());
        } else {
            notice.news(Topic.COMMAND, Kind.ERROR, "Could not do that", e.message());
        }
    }

    /** A request to us ended before we answered. */
    static String theirRequestEnded(String name, EndReason reason) {
        return switch (reason) {
            case CANCELLED -> name + " withdrew the request.";
            case LEFT -> name + " left before you answered.";
            case EXPIRED -> "The request from " + name + " expired.";
            case REJECTED -> "You turned down the request from " + name + ".";
            case SERVER_LOST -> "The request from " + name + " was lost with the connection to the server.";
        };
    }

    /** Our request ended without a connection. */
    static String ourRequestEnded(String name, EndReason reason) {
        return switch (reason) {
            case REJECTED -> name + " turned your request down";
            case LEFT -> name + " left the room";
            case EXPIRED -> name + " did not answer in time";
            case CANCELLED -> "you withdrew the request";
            case SERVER_LOST -> "the connection to the server was lost; ask again once it is back";
        };
    }

    // Issue 11: contacts, history and the server's certificate.

    @Override
    public void onServerPinned(ClientEvent.ServerPinned e) {
        notice.clear(Topic.SERVER_CERTIFICATE); // the server's certificate is trusted again
        status.onServerPinned(e.fingerprint());
    }

    @Override
    public void onServerCertificateChanged(ClientEvent.ServerCertificateChanged e) {
        notice.state(Topic.SERVER_CERTIFICATE, Kind.ERROR, "Server certificate changed", "The server " + e.server() + " presented a certificate"
                + " other than the one you trusted (" + Identity.shortForm(e.pinned()) + "…, now "
                + Identity.shortForm(e.presented()) + "…). Punchline will not join it until you trust the new one.",
                "Compare certificates…", () -> status.showServerCertificateChange(e.server(), e.pinned(), e.presented(),
                        commands::trustServer));
    }

    @Override
    public void onStoreProblem(ClientEvent.StoreProblem e) {
        notice.news(Topic.STORE, Kind.ERROR, "Your contacts and history", e.message());
    }

    @Override
    public void onContactSaved(ClientEvent.ContactSaved e) {
        room.onContactSaved(e.contact());
    }

    @Override
    public void onContactForgotten(ClientEvent.ContactForgotten e) {
        room.onContactForgotten(e.id());
        chats.onContactForgotten(e.id());
    }
}
