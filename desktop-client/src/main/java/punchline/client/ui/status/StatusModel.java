package punchline.client.ui.status;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import punchline.protocol.NatType;

/** What the status bar and the "About you" dialog show. */
final class StatusModel {
    final ObjectProperty<ServerState> state = new SimpleObjectProperty<>(ServerState.STARTING);
    final StringProperty serverText = new SimpleStringProperty("Starting…");
    final StringProperty serverAddress = new SimpleStringProperty("");
    final StringProperty name = new SimpleStringProperty("");
    final StringProperty ownKey = new SimpleStringProperty("");
    final StringProperty publicEndpoint = new SimpleStringProperty("");
    /** Our NAT as measured (or set on the command line); null until known. */
    final ObjectProperty<NatType> nat = new SimpleObjectProperty<>();
    /** "Your NAT: easy", or empty until known. */
    final StringProperty natText = new SimpleStringProperty("");
    final StringProperty natDetail = new SimpleStringProperty("");
    /** Our certificate's fingerprint (64 hex digits), or empty before the first session. */
    final StringProperty fingerprint = new SimpleStringProperty("");
    /** The server's certificate as pinned (64 hex), or empty before the first join. */
    final StringProperty serverFingerprint = new SimpleStringProperty("");
    /** Why the identity is a temporary one, or empty. */
    final StringProperty identityProblem = new SimpleStringProperty("");
    /** "Friends join at 192.168.1.20:3333" and the other addresses, or empty when not hosting. */
    final StringProperty hosting = new SimpleStringProperty("");
    final StringProperty hostingDetail = new SimpleStringProperty("");
}
