package punchline.client.console.archfixture;

import javafx.scene.control.Label;

/** Breaks a layer rule on purpose (the console showing a JavaFX control): only for LayerRulesCanFailTest. */
public final class ConsoleShowsALabel {
    Label label;
}
