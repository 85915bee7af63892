package punchline.client.store.archfixture;

import javafx.scene.control.Label;

/** Breaks a layer rule on purpose (the store showing a JavaFX control): only for LayerRulesCanFailTest. */
public final class StoreShowsALabel {
    Label label;
}
