package punchline.client.ui;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import punchline.client.ui.main.MainController;
import punchline.client.ui.session.SessionRunner;

/**
 * The desktop app. The window shows at once; settings, the embedded server and the connection start
 * behind it. Closing the window ends the app: every chat and the embedded server close cleanly.
 */
public final class PunchlineApp extends Application {
    static final String STYLESHEET = Objects.requireNonNull(PunchlineApp.class.getResource("punchline.css"),
            "punchline.css is missing from the build").toExternalForm();

    /** The smallest window: everything needed to chat still shows (tested at this size). */
    static final double MIN_WIDTH = 640;
    static final double MIN_HEIGHT = 480;

    private AppOptions options;
    private SessionRunner runner;
    private MainController main;
    private CompletableFuture<Void> shutdown = CompletableFuture.completedFuture(null);

    /** For {@link Application#launch}: the options come from the command line, in {@link #init}. */
    public PunchlineApp() {
        this(null);
    }

    public PunchlineApp(AppOptions options) {
        this.options = options;
    }

    @Override
    public void init() {
        if (options == null) {
            options = AppOptions.fromCommandLine(getParameters().getRaw());
        }
    }

    @Override
    public void start(Stage stage) {
        runner = new SessionRunner(options);
        main = new MainController(stage, options, runner, STYLESHEET);
        Scene scene = new Scene(main.view(), 1000, 660);
        scene.getStylesheets().add(STYLESHEET);
        stage.setTitle("Punchline");
        for (int size : new int[] {16, 32, 64, 256}) {
            stage.getIcons().add(new Image(PunchlineApp.class.getResource("icons/punchline-" + size + ".png")
                    .toExternalForm()));
        }
        // Half of a 1366x768 laptop screen (683 wide) holds the window with room to spare.
        stage.setMinWidth(MIN_WIDTH);
        stage.setMinHeight(MIN_HEIGHT);
        stage.setScene(scene);
        stage.show();
        main.boot();
        // A logout or kill (SIGTERM) skips stop(): say goodbye to peers and the server all the same.
        Runtime.getRuntime().addShutdownHook(new Thread(this::awaitShutdownOnExit, "punchline-exit"));
    }

    private void awaitShutdownOnExit() {
        try {
            runner.shutdown().get(10, TimeUnit.SECONDS); // at once if stop() already did it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            System.getLogger(PunchlineApp.class.getName()).log(System.Logger.Level.WARNING,
                    "connections not closed cleanly at exit: {0}", e.toString());
        }
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
