package punchline.client.ui.main;

import java.util.concurrent.CompletableFuture;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.control.Alert;
import javafx.stage.Stage;
import punchline.client.ui.AppOptions;
import punchline.client.ui.chat.ChatsController;
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

    public MainController(Stage stage, AppOptions options, SessionRunner runner, String stylesheet) {
        this.stage = stage;
        this.stylesheet = stylesheet;
        this.runner = runner;
        NoticeController notice = new NoticeController();
        status = new StatusController(stage, stylesheet);
        ChatsController chats = new ChatsController(runner);
        room = new RoomController(runner, chats::select, this::onRetryStart, this::onSettings);
        requests = new RequestController(stage, stylesheet, runner, chats::expect);
        EventRouter router = new EventRouter(status, room, chats, requests, notice);
        connection = new ConnectionController(runner, new SettingsStore(options.configDir(), options.defaultHostPort()),
                options.run(), router, status, room, chats, notice, new SetupController(stage, stylesheet));
        view = new MainView(this, notice.view(), room.view(), requests.view(), chats.view(), status.view());
        view.answerRequest.disableProperty().bind(requests.waiting().not());
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

    void onAnswerRequest() {
        requests.openDialog();
    }

    void onAboutYou() {
        status.showAboutYou();
    }

    void onQuit() {
        Platform.exit(); // stop() then shuts the session down
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
