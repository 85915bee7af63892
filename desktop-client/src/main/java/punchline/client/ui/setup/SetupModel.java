package punchline.client.ui.setup;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** The settings form, as text the user edits. */
final class SetupModel {
    final BooleanProperty firstRun = new SimpleBooleanProperty(false);
    final StringProperty name = new SimpleStringProperty("");
    final BooleanProperty hostServer = new SimpleBooleanProperty(true);
    final StringProperty hostPort = new SimpleStringProperty("");
    final StringProperty server = new SimpleStringProperty("");
    /** What saving the form as it is would end (chats, the hosted server), or empty. */
    final StringProperty consequences = new SimpleStringProperty("");
    /** What is wrong: with the form, the old settings file, or the last start. Empty when all is well. */
    final StringProperty problem = new SimpleStringProperty("");
}
