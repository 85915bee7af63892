package punchline.client.ui.room;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One row of the user list. */
final class UserItem {
    final String key;
    final String name;
    final ObjectProperty<PeerState> state = new SimpleObjectProperty<>(PeerState.IDLE);
    /** Why the state is what it is, when that needs saying (a failure's reason). */
    final StringProperty detail = new SimpleStringProperty("");

    UserItem(String key, String name) {
        this.key = key;
        this.name = name;
    }
}
