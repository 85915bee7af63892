package punchline.client.ui.chat;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import punchline.client.net.ClientEvent.Route;
import punchline.client.text.UserText;
import punchline.protocol.NatType;

/** One chat: the peer, its connection and how it is secured, the messages and the draft. */
final class ChatModel {
    final String peerKey;
    final String peerName;
    /** The name as our sentences carry it: isolated, so a right-to-left name leaves the sentence alone. */
    final String peer;
    final ObjectProperty<ChatPhase> phase = new SimpleObjectProperty<>(ChatPhase.CONNECTING);
    /** How the link reaches the peer once connected, else null; the view puts it into words. */
    final ObjectProperty<Route> route = new SimpleObjectProperty<>();
    /** Where the link goes: the peer's address, or the server's when relayed. */
    final StringProperty remote = new SimpleStringProperty("");
    /** Why the direct path failed, when the chat goes (or went) through the relay; else empty. */
    final StringProperty relayReason = new SimpleStringProperty("");
    /** The status line: what is happening, or why it failed. */
    final StringProperty status = new SimpleStringProperty("");
    /** The certificate fingerprint the link is pinned to (from the introduction), or empty. */
    final StringProperty peerFingerprint = new SimpleStringProperty("");
    final StringProperty ownFingerprint = new SimpleStringProperty("");
    final ObjectProperty<NatType> peerNat = new SimpleObjectProperty<>(NatType.UNKNOWN);
    /** The peer's certificate is not the one seen before under this name: stays for the chat's life. */
    final StringProperty fingerprintWarning = new SimpleStringProperty("");
    final BooleanProperty detailsShown = new SimpleBooleanProperty(false);
    /** The peer is still in the room, so Retry can ask again. */
    final BooleanProperty peerPresent = new SimpleBooleanProperty(true);
    final StringProperty draft = new SimpleStringProperty("");
    /** Why something typed or pasted did not go into the message box, until the next edit; else empty. */
    final StringProperty inputNote = new SimpleStringProperty("");
    final ObservableList<ChatMessage> messages = FXCollections.observableArrayList();

    ChatModel(String peerKey, String peerName) {
        this.peerKey = peerKey;
        this.peerName = peerName;
        this.peer = UserText.isolateWithMarks(peerName);
    }
}
