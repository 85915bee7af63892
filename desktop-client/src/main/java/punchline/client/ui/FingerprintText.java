package punchline.client.ui;

import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableStringValue;
import javafx.scene.control.TextArea;
import punchline.client.net.Identity;

/** A fingerprint in full, grouped for reading aloud: selectable and copyable, never editable. */
public final class FingerprintText {
    private FingerprintText() {
    }

    /** Shows {@code hex} (64 hex digits) as it changes, or {@code none} while it is empty. */
    public static TextArea of(String id, ObservableStringValue hex, String none, int columns) {
        TextArea area = new TextArea();
        area.setId(id);
        area.getStyleClass().add("fingerprint-text");
        area.setEditable(false);
        area.setPrefRowCount(2);
        area.setPrefColumnCount(columns);
        area.textProperty().bind(Bindings.createStringBinding(() -> hex.get().isEmpty() ? none
                : Identity.readable(hex.get()), hex));
        return area;
    }
}
