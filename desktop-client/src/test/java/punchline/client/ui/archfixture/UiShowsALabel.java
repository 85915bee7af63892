package punchline.client.ui.archfixture;

import javafx.scene.control.Label;

/** Keeps to the rules (the ui may use JavaFX): LayerRulesCanFailTest shows the rules are not too broad. */
public final class UiShowsALabel {
    Label label;
}
