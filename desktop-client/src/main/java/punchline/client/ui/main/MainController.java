package punchline.client.ui.main;

import java.util.concurrent.CompletableFuture;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.Stage;
import punchline.client.store.Contact;
import punchline.client.text.UserText;
import punchline.client.ui.AppOptions;
import punchline.client.ui.UiThread;
import punchline.client.ui.notice.NoticeController.Kind;
import punchline.client.ui.notice.NoticeController.Topic;
import punchline.protocol.UserId;
import punchline.client.ui.chat.ChatsController;
import punchline.client.ui.invite.InviteController;
import punchline.client.ui.notice.NoticeController;
import punchline.client.ui.request.RequestController;
import punchline.client.ui.room.RoomController;
import punchline.client.ui.session.SessionRunner;
import punchline.client.ui.settings.SettingsStore;
import punchline.client.ui.setup.SetupController;
import punchline.client.ui.status.StatusController;

/** Builds the window's parts and wires them: the only class the application sees. */
public final class MainController {
    private final Stage stage;
    private final String stylesheet;
    private final SessionRunner runner;
    private final MainView view;
    private final ConnectionController connection;
    private final RoomController room;
    private final StatusController status;
    private final RequestController requests;
    private final InviteController invites;
    private final NoticeController notice;
    private Alert quitDialog;

    public MainController(Stage stage, AppOptions options, SessionRunner runner, String stylesheet) {
        this.stage = stage;
        this.stylesheet = stylesheet;
        this.runner = runner;
        notice = new NoticeController();
        status = new StatusController(stage, stylesheet);
        ChatsController chats = new ChatsController(runner, runner);
        room = new RoomController(runner, runner, chats::select, chats::liveChatOf, chats::openHistory,
                this::confirmForget, this::onRetryStart, this::onSettings);
        requests = new RequestController(stage, stylesheet, runner, chats::expect);
        EventRouter router = new EventRouter(status, room, chats, requests, notice, runner);
        connection = new ConnectionController(runner, new SettingsStore(options.configDir(), options.defaultHostPort()),
                options.run(), router, status, room, chats, notice, new SetupController(stage, stylesheet));
        invites = new InviteController(stage, stylesheet, connection::ourInvite, connection::joinInvite);
        view = new MainView(this, notice.view(), room.view(), requests.view(), chats.view(), status.view());
        view.answerRequest.disableProperty().bind(requests.waiting().not());
        stage.setOnCloseRequest(event -> {
            if (!connection.whatQuittingEnds(room.othersCount()).isEmpty()) {
                event.consume(); // asked first
                requestQuit();
            }
        });
    }

    public Parent view() {
        return view.root();
    }

    /** Reads the settings and connects; the window is already showing. */
    public void boot() {
        room.focus();
        connection.boot();
    }

    /** Closes every chat, leaves the server and stops the embedded one, off the FX thread. */
    public CompletableFuture<Void> shutdown() {
        connection.close();
        return runner.shutdown();
    }

    void onSettings() {
        connection.editSettings();
    }

    void onRetryStart() {
        connection.retry();
    }

    void onCopyInvite() {
        if (invites.copyInvite()) {
            notice.news(Topic.INVITE, Kind.INFO, "Invite copied", "Paste it to a friend (mail, chat): it holds the"
                    + " link and the same as text. Their Punchline joins this server and room and adds you.");
        } else {
            notice.news(Topic.INVITE, Kind.ERROR, "No invite yet", "Punchline gives an invite once it is on a server.");
        }
    }

    void onPasteInvite() {
        invites.showPasteDialog();
    }

    void onAnswerRequest() {
        requests.openDialog();
    }

    void onAboutYou() {
        status.showAboutYou();
    }

    void onQuit() {
        requestQuit();
    }

    /**
     * Quits, after asking when that ends something (open chats, a hosted server with people on it),
     * and saying what. The window's close button comes here too.
     */
    private void requestQuit() {
        String ends = connection.whatQuittingEnds(room.othersCount());
        if (ends.isEmpty()) {
            quit();
            return;
        }
        if (quitDialog != null) {
            quitDialog.getDialogPane().getScene().getWindow().requestFocus();
            return;
        }
        ButtonType quit = new ButtonType("Quit", ButtonBar.ButtonData.OK_DONE);
        Alert confirm = new Alert(Alert.AlertType.CONFIRMATION, ends, quit, ButtonType.CANCEL);
        confirm.initOwner(stage);
        confirm.getDialogPane().getStylesheets().add(stylesheet);
        confirm.getDialogPane().setId("quitDialog");
        confirm.getDialogPane().lookupButton(quit).setId("confirmQuitButton");
        confirm.getDialogPane().lookupButton(ButtonType.CANCEL).setId("cancelQuitButton");
        confirm.setTitle("Quit Punchline");
        confirm.setHeaderText("Quit Punchline?");
        confirm.resultProperty().addListener((property, old, answer) -> {
            quitDialog = null;
            if (answer == quit) {
                quit();
            }
        });
        quitDialog = confirm;
        confirm.show();
    }

    /** Closes the window; the app ends with it, and stop() shuts the session down. */
    private void quit() {
        stage.close();
        if (Platform.isImplicitExit()) {
            Platform.exit(); // also when another window (a dialog) is still open
        }
    }

    /** "Forget this contact": asks first (it deletes the history), then has the core forget them. */
    private void confirmForget(Contact contact) {
        String name = UserText.isolateWithMarks(contact.displayName());
        ButtonType forget = new ButtonType("Forget", ButtonBar.ButtonData.OK_DONE);
        Alert confirm = new Alert(Alert.AlertType.CONFIRMATION, "Your whole history with " + name + " is deleted"
                + " from this computer, and " + name + " is no longer a contact. A later chat starts afresh.",
                forget, ButtonType.CANCEL);
        confirm.initOwner(stage);
        confirm.getDialogPane().getStylesheets().add(stylesheet);
        confirm.getDialogPane().setId("forgetDialog");
        confirm.getDialogPane().lookupButton(forget).setId("confirmForgetButton");
        confirm.setTitle("Forget a contact");
        confirm.setHeaderText("Forget " + name + " (ID " + UserId.shortForm(contact.id()) + ")?");
        confirm.resultProperty().addListener((property, old, answer) -> {
            if (answer == forget) {
                runner.forget(contact.id()).whenComplete(UiThread.callback((done, error) -> {
                    if (error != null) {
                        notice.news(Topic.STORE, Kind.ERROR, "Not forgotten", "Could not forget " + name + ": "
                                + (error.getCause() != null ? error.getCause().getMessage() : error.getMessage()));
                    }
                }));
            }
        });
        confirm.show();
    }

    void onAbout() {
        Alert about = new Alert(Alert.AlertType.INFORMATION);
        about.initOwner(stage);
        about.getDialogPane().getStylesheets().add(stylesheet);
        about.setTitle("About Punchline");
        about.setHeaderText("Punchline");
        about.setContentText("Peer-to-peer chat: a rendezvous server introduces you, then your computers talk"
                + " directly, through your routers, by TCP hole punching; when the routers do not allow that, through"
                + " the server's relay. Either way the chat is end-to-end encrypted (TLS 1.3) and pinned to the"
                + " certificates the server introduced.");
        about.show();
    }
}
