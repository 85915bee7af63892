package punchline.client.ui;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;
import punchline.client.ui.main.MainController;

/**
 * The desktop app. The window shows at once; settings, the embedded server and the connection start
 * behind it. Closing the window ends the app: every chat and the embedded server close cleanly.
 */
public final class PunchlineApp extends Application {
    static final String STYLESHEET = Objects.requireNonNull(PunchlineApp.class.getResource("punchline.css"),
            "punchline.css is missing from the build").toExternalForm();

    private final AppOptions options;
    private MainController main;
    private CompletableFuture<Void> shutdown = CompletableFuture.completedFuture(null);

    /** For {@link Application#launch}: settings from the user's config folder. */
    public PunchlineApp() {
        this(AppOptions.fromEnvironment());
    }

    public PunchlineApp(AppOptions options) {
        this.options = options;
    }

    @Override
    public void start(Stage stage) {
        main = new MainController(stage, options, STYLESHEET);
        Scene scene = new Scene(main.view(), 1000, 660);
        scene.getStylesheets().add(STYLESHEET);
        stage.setTitle("Punchline");
        stage.setMinWidth(720);
        stage.setMinHeight(460);
        stage.setScene(scene);
        stage.show();
        main.boot();
    }

    @Override
    public void stop() {
        if (main != null) {
            shutdown = main.shutdown();
        }
    }

    /** Completes once every connection is closed after {@link #stop}; tests wait on it. */
    public CompletableFuture<Void> shutdownComplete() {
        return shutdown;
    }
}
