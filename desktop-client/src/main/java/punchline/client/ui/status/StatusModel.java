package punchline.client.ui.status;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** What the status bar shows. */
final class StatusModel {
    final ObjectProperty<ServerState> state = new SimpleObjectProperty<>(ServerState.STARTING);
    final StringProperty serverText = new SimpleStringProperty("Starting…");
    final StringProperty ownKey = new SimpleStringProperty("");
    final StringProperty publicEndpoint = new SimpleStringProperty("");
    /** "Hosting on port 3333" and where friends can join, or empty. */
    final StringProperty hosting = new SimpleStringProperty("");
    final StringProperty hostingDetail = new SimpleStringProperty("");
}
