package punchline.client.ui;

import java.lang.System.Logger.Level;
import java.util.function.BiConsumer;
import javafx.application.Platform;

/**
 * The one gateway onto the FX thread: everything that comes from a network or worker thread passes
 * here. Runs the task now when already on the FX thread, else queues it (in order); a failing task is
 * logged instead of vanishing inside the toolkit.
 */
public final class UiThread {
    private static final System.Logger LOG = System.getLogger(UiThread.class.getName());

    private UiThread() {
    }

    public static void run(Runnable task) {
        if (Platform.isFxApplicationThread()) {
            runLogged(task);
        } else {
            Platform.runLater(() -> runLogged(task));
        }
    }

    /** A completion callback for a background future that runs {@code callback} on the FX thread. */
    public static <T> BiConsumer<T, Throwable> callback(BiConsumer<T, Throwable> callback) {
        return (value, error) -> run(() -> callback.accept(value, error));
    }

    private static void runLogged(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "UI task failed", e);
        }
    }
}
