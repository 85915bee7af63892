package punchline.client.ui;

import javafx.application.Application;

/** Runs the JavaFX app; {@link DesktopLauncher} loads it where JavaFX is visible (see {@link JavaFxLayer}). */
public final class FxLauncher {
    private FxLauncher() {
    }

    public static void launch(String[] args) {
        Application.launch(PunchlineApp.class, args);
    }
}
