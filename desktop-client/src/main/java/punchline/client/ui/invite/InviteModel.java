package punchline.client.ui.invite;

import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** What the "Paste invite" dialog shows: the pasted text and why it is not an invite (or empty). */
final class InviteModel {
    final StringProperty pasted = new SimpleStringProperty("");
    final StringProperty problem = new SimpleStringProperty("");
}
