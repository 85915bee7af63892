package punchline.client.ui.notice;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** The banner under the menu: the latest notice, error or piece of news. */
final class NoticeModel {
    final StringProperty title = new SimpleStringProperty("");
    final StringProperty text = new SimpleStringProperty("");
    final ObjectProperty<NoticeController.Kind> kind = new SimpleObjectProperty<>(NoticeController.Kind.INFO);
    final BooleanProperty showing = new SimpleBooleanProperty(false);
}
