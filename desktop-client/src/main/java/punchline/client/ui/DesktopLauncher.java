package punchline.client.ui;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;

/**
 * Starts the desktop app for {@code punchline.client.Main}, which must not touch JavaFX itself (the
 * console client runs where there is no display). No JavaFX here either: it finds JavaFX as named
 * modules ({@link JavaFxLayer}) and runs {@link FxLauncher} where they are visible.
 */
public final class DesktopLauncher {
    private DesktopLauncher() {
    }

    /** Runs the app until its window closes; returns an exit code when it cannot start at all. */
    public static int launch(String[] args) {
        if (isLinuxWithoutDisplay()) {
            System.err.println("punchline: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set)."
                    + " Start it from a desktop session, or use --console to chat in the terminal.");
            return 2;
        }
        ClassLoader ui;
        try {
            ui = JavaFxLayer.uiClassLoader();
        } catch (IOException | RuntimeException e) {
            System.err.println("punchline: the desktop app could not load JavaFX: " + e.getMessage());
            System.err.println("Use --console to chat in the terminal.");
            return 1;
        }
        Thread.currentThread().setContextClassLoader(ui);
        try {
            // By name: a class literal would have the class path's loader load FxLauncher, and JavaFX with it.
            Class.forName("punchline.client.ui.FxLauncher", true, ui).getMethod("launch", String[].class)
                    .invoke(null, (Object) args);
            return 0;
        } catch (InvocationTargetException wrapped) {
            Throwable e = wrapped.getCause();
            if (!(e instanceof RuntimeException || e instanceof UnsatisfiedLinkError)) {
                throw new IllegalStateException("the desktop app failed", e);
            }
            // A display that cannot be opened, or missing GTK libraries: say what to do, not a stack trace.
            System.err.println("punchline: the desktop app could not start: " + e.getMessage());
            if (String.valueOf(e.getMessage()).contains("DISPLAY")) {
                System.err.println("Check that DISPLAY (" + System.getenv("DISPLAY") + ") names a running display.");
            } else {
                System.err.println("On Debian or Ubuntu it needs: sudo apt-get install libgtk-3-0 libxtst6");
            }
            System.err.println("Or use --console to chat in the terminal.");
            return 1;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the desktop app's launcher is missing", e);
        }
    }

    private static boolean isLinuxWithoutDisplay() {
        return System.getProperty("os.name", "").toLowerCase().contains("linux")
                && isBlank(System.getenv("DISPLAY")) && isBlank(System.getenv("WAYLAND_DISPLAY"))
                && System.getProperty("glass.platform") == null; // Monocle needs no display
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
