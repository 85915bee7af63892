package punchline.client.ui;

import javafx.scene.Node;
import javafx.scene.shape.FillRule;
import javafx.scene.shape.SVGPath;

/** The app's few icons, drawn as shapes (so no glyph depends on the fonts installed). Styled from CSS. */
public final class Icons {
    private static final String LOCK = "M2 7h12v8H2z M4 7V5a4 4 0 0 1 8 0v2h-2V5a2 2 0 0 0-4 0v2z";
    private static final String WARNING = "M8 1L15.5 14.5H0.5z M7.1 5.5h1.8v4.8H7.1z M7.1 11.4h1.8v1.8H7.1z";
    private static final String PERSON = "M8 1.5a3.2 3.2 0 1 1 0 6.4a3.2 3.2 0 1 1 0-6.4z M1.5 15c0-3.6 2.9-5.6 6.5-5.6"
            + "s6.5 2 6.5 5.6z";

    private Icons() {
    }

    /** A padlock: the link is encrypted and the peer's certificate pinned. */
    public static Node lock() {
        return icon(LOCK, "icon-lock");
    }

    /** A warning triangle, for what the user must not overlook. */
    public static Node warning() {
        return icon(WARNING, "icon-warning");
    }

    /** A person: the user's own identity. */
    public static Node person() {
        return icon(PERSON, "icon-person");
    }

    private static Node icon(String path, String style) {
        SVGPath shape = new SVGPath();
        shape.setContent(path);
        shape.setFillRule(FillRule.EVEN_ODD);
        shape.getStyleClass().addAll("icon", style);
        shape.setScaleX(0.8);
        shape.setScaleY(0.8);
        return shape;
    }
}
