package punchline.client.ui.room;

import java.util.Comparator;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;

/** The room as the user list shows it. */
final class RoomModel {
    /** The extractor makes a row's state change count as a list change, so bindings on the list see it. */
    final ObservableList<UserItem> users = FXCollections.observableArrayList(
            item -> new Observable[] {item.state, item.detail, item.warning, item.contact, item.chatting});
    /** Online contacts first, then the others in the room, then contacts who are offline; each as they came. */
    final SortedList<UserItem> sorted = new SortedList<>(users,
            Comparator.comparingInt(UserItem::rank).thenComparingLong(item -> item.arrival));
    final FilteredList<UserItem> shown = new FilteredList<>(sorted);
    final StringProperty filter = new SimpleStringProperty("");
    final ObjectProperty<UserItem> selected = new SimpleObjectProperty<>();
    final StringProperty room = new SimpleStringProperty("");
    /** Registered with the server: requests can be sent. */
    final BooleanProperty online = new SimpleBooleanProperty(false);
    /** No session runs (the last start failed): the list offers to try again or to change the settings. */
    final BooleanProperty stopped = new SimpleBooleanProperty(false);
}
