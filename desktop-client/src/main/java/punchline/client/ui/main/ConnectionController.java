package punchline.client.ui.main;

import java.util.List;
import java.util.concurrent.CompletionException;
import punchline.client.text.UserText;
import punchline.client.ui.RunOverrides;
import punchline.client.net.Invite;
import punchline.client.net.ServerAddress;
import punchline.client.ui.session.SessionInfo;
import punchline.client.ui.UiThread;
import punchline.client.ui.chat.ChatsController;
import punchline.client.ui.notice.NoticeController;
import punchline.client.ui.room.RoomController;
import punchline.client.ui.notice.NoticeController.Kind;
import punchline.client.ui.notice.NoticeController.Topic;
import punchline.client.ui.session.SessionRunner;
import punchline.client.ui.settings.Settings;
import punchline.client.ui.settings.SettingsStore;
import punchline.client.ui.setup.SetupController;
import punchline.client.ui.status.StatusController;

/**
 * Settings in, a running session out: reads the settings, puts the command line's choices on top (for
 * this run, never saved), starts the session (hosting a server when the settings say so, which they do
 * on the first start), asks the user when there are no settings or the start failed, and restarts with
 * what the user chose. File and network work runs on the session worker.
 */
final class ConnectionController {
    private final SessionRunner runner;
    private final SettingsStore store;
    private final RunOverrides run;
    private final EventRouter router;
    private final StatusController status;
    private final RoomController room;
    private final ChatsController chats;
    private final NoticeController notice;
    private final SetupController setup;
    private Settings current;
    private SessionInfo info;
    /** The inviter of an invite being joined: a contact once the session it asked for runs. */
    private Invite invitedBy;
    private boolean running;
    private boolean closed;

    ConnectionController(SessionRunner runner, SettingsStore store, RunOverrides run, EventRouter router,
                         StatusController status, RoomController room, ChatsController chats, NoticeController notice,
                         SetupController setup) {
        this.runner = runner;
        this.store = store;
        this.run = run;
        this.router = router;
        this.status = status;
        this.room = room;
        this.chats = chats;
        this.notice = notice;
        this.setup = setup;
    }

    /** Reads the settings and starts at once: a newcomer sees it work before answering anything. */
    void boot() {
        status.onStarting("Reading settings…");
        runner.background(store::load).whenComplete(UiThread.callback((loaded, error) -> {
            if (error != null) { // load() reports its own problems; this is a bug, so say it and go on
                notice.state(Topic.SETTINGS, Kind.ERROR, "Settings", "Could not read the settings: " + describe(error));
                return;
            }
            // A first start told where to go on the command line skips the welcome (and saves nothing), so
            // the first plain start still gets it.
            boolean welcome = loaded.firstRun() && !run.overridesSettings() && run.commandLine().invite() == null;
            start(run.applyTo(loaded.settings()), welcome || loaded.problem() != null, loaded.problem(), welcome);
            if (welcome) {
                save(loaded.settings()); // later starts connect straight away, even if the welcome is ignored
            }
            String invite = run.commandLine().invite();
            if (invite != null) { // the app was opened with a friend's invite
                try {
                    joinInvite(Invite.parse(invite));
                } catch (IllegalArgumentException e) {
                    notice.state(Topic.INVITE, Kind.ERROR, "Not an invite", "The invite Punchline was started with"
                            + " could not be used: " + e.getMessage() + ".");
                }
            }
        }));
    }

    /** The settings dialog, from the menu. */
    void editSettings() {
        if (current != null) {
            setup.show(current, null, false, this::apply, this::consequences);
        }
    }

    /**
     * What saving {@code chosen} would end, in words, or "" when nothing: a new name needs a new
     * connection to the server (so the chats end) but not a new embedded server; a new server ends
     * the chats too, and stops the hosted server, disconnecting everyone on it.
     */
    String consequences(Settings chosen) {
        if (current == null || !running || chosen.equals(current)) {
            return "";
        }
        boolean hostingChanges = SessionRunner.hostingChanges(current, chosen);
        boolean sameServer = !hostingChanges && (chosen.hostServer() || chosen.server().strip()
                .equals(current.server().strip()));
        List<String> live = chats.liveChatNames();
        StringBuilder words = new StringBuilder(sameServer ? "Saving reconnects you to the server under the new name"
                : "Saving moves you to the other server");
        if (!live.isEmpty()) {
            words.append(": your ").append(live.size() == 1 ? "chat" : "chats").append(" with ")
                    .append(names(live)).append(live.size() == 1 ? " ends" : " end");
        }
        words.append('.');
        if (current.hostServer()) {
            words.append(hostingChanges ? " The server this computer hosts stops, and everyone on it is disconnected."
                    : " The server this computer hosts keeps running.");
        }
        return words.toString();
    }

    /** What quitting ends, in words, or "" when nothing (no chat, no server with others on it). */
    String whatQuittingEnds(int othersInRoom) {
        List<String> live = chats.liveChatNames();
        StringBuilder words = new StringBuilder();
        if (!live.isEmpty()) {
            words.append("Your ").append(live.size() == 1 ? "chat" : "chats").append(" with ").append(names(live))
                    .append(live.size() == 1 ? " ends" : " end").append(" (they are told).");
        }
        if (running && current.hostServer() && othersInRoom > 0) {
            words.append(words.length() > 0 ? " " : "").append("The server this computer hosts stops, and ")
                    .append(othersInRoom == 1 ? "the person" : "the " + othersInRoom + " people")
                    .append(" on it lose").append(othersInRoom == 1 ? "s" : "").append(" it.");
        }
        return words.toString();
    }

    /** "Bob", "Bob and Cleo", "Ann, Bob and Cleo", each isolated. */
    private static String names(List<String> names) {
        List<String> isolated = names.stream().map(UserText::isolateWithMarks).toList();
        return isolated.size() == 1 ? isolated.get(0) : String.join(", ", isolated.subList(0, isolated.size() - 1))
                + " and " + isolated.get(isolated.size() - 1);
    }

    /** Starts again with the same settings, after a start failed (the port may be free now). */
    void retry() {
        if (current != null && !running) {
            start(current, false, null, false);
        }
    }

    /**
     * Starts a session for {@code settings}, ending the current one. With {@code ask}, the settings
     * dialog opens once the start is done, pre-filled with what runs. After a failure the dialog opens
     * with why, as the welcome on a first start ({@code welcome}); dismissing it leaves the app not
     * connected, with Try again and Settings in the people list.
     */
    private void start(Settings settings, boolean ask, String problem, boolean welcome) {
        if (running) {
            chats.onSessionEnded("you changed the settings");
        }
        current = settings;
        running = false;
        room.onSessionChange(false);
        notice.clear(Topic.SERVER); // news of the old session, and its operator's notices, are over
        notice.clear(Topic.OPERATOR);
        status.onStarting(settings.hostServer() ? "Starting a server on this computer…"
                : "Starting…");
        runner.restart(settings, router).whenComplete(UiThread.callback((info, error) -> {
            if (settings != current) {
                return; // replaced while starting
            }
            if (error != null) {
                String why = describe(error);
                status.onStopped("Not connected: " + why);
                notice.state(Topic.SESSION, Kind.ERROR, "Could not start", why);
                room.onSessionChange(true);
                setup.show(settings, why, welcome, this::apply, this::consequences); // dismissing it retries nothing
                return;
            }
            running = true;
            this.info = info;
            notice.clear(Topic.SESSION);
            chats.setOwnName(info.name());
            chats.setOwnFingerprint(info.fingerprint());
            status.onSessionStarted(info);
            addInviter();
            room.loadContacts();
            ServerAddress server = runner.pinnedServer();
            status.onServerPinned(server == null ? null : server.fingerprint());
            if (info.identityProblem() != null) {
                notice.state(Topic.IDENTITY, Kind.ERROR, "Temporary identity", info.identityProblem());
            }
            if (ask) {
                setup.show(settings, problem, true, this::apply, this::consequences);
            }
        }));
    }

    /**
     * Our invite: the server as friends reach it (the address a hosted server is invited at), its pinned
     * certificate, our room and ID. Null while there is none to give (not joined yet, a cluster's list).
     */
    Invite ourInvite() {
        ServerAddress pinned = running ? runner.pinnedServer() : null;
        String id = runner.ownId();
        if (pinned == null || pinned.fingerprint() == null || id == null || room.currentRoom().isEmpty()) {
            return null;
        }
        String address = info.hosting() && !info.invitations().isEmpty() ? info.invitations().get(0) : pinned.name();
        try {
            return new Invite(ServerAddress.parse(address + "#" + pinned.fingerprint()), room.currentRoom(), id,
                    info.name());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * A friend's invite: joins their server (pinned to the certificate the invite names) and room, and makes
     * them a contact, listed offline until they are there. A running session ends only when the server or
     * room differ.
     */
    void joinInvite(Invite invite) {
        if (closed || current == null) {
            return;
        }
        invitedBy = invite;
        Settings chosen = new Settings(current.name(), false, current.hostPort(), invite.server().toString(),
                invite.room());
        if (chosen.equals(current) && running) {
            addInviter();
        } else {
            save(chosen);
            start(chosen, false, null, false);
        }
    }

    private void addInviter() {
        Invite invite = invitedBy;
        invitedBy = null;
        if (invite != null && !invite.id().equals(runner.ownId())) {
            runner.addContact(invite.id(), invite.name() != null ? invite.name()
                    : "ID " + punchline.protocol.UserId.shortForm(invite.id()));
        }
    }

    /** The app is closing: dialogs closed with the window apply nothing any more. */
    void close() {
        closed = true;
    }

    /** What the user confirmed: remember it, and restart when it changed or the last start failed. */
    private void apply(Settings chosen) {
        if (closed) {
            return;
        }
        if (current != null && !chosen.hostServer() && chosen.server().equals(current.server())) {
            chosen = new Settings(chosen.name(), false, chosen.hostPort(), chosen.server(), current.room());
        } // the room an invite chose stays while the server does
        save(chosen);
        if (!chosen.equals(current) || !running) {
            start(chosen, false, null, false);
        }
    }

    private void save(Settings settings) {
        runner.background(() -> {
            store.save(settings);
            return null;
        }).whenComplete(UiThread.callback((ignored, error) -> {
            if (error != null) {
                notice.state(Topic.SETTINGS, Kind.ERROR, "Settings not saved", "Could not write " + store.file()
                        + ": " + describe(error));
            } else {
                notice.clear(Topic.SETTINGS);
            }
        }));
    }

    private static String describe(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
