package punchline.client.net.archfixture;

import javafx.scene.control.Label;

/** Breaks a layer rule on purpose (the client core showing a JavaFX control): only for LayerRulesCanFailTest. */
public final class NetShowsALabel {
    Label label;
}
