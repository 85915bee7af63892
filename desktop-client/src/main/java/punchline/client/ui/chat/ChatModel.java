package punchline.client.ui.chat;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** One chat: the peer, its connection, the messages and the draft. */
final class ChatModel {
    final String peerKey;
    final String peerName;
    final ObjectProperty<ChatPhase> phase = new SimpleObjectProperty<>(ChatPhase.CONNECTING);
    /** "direct" or "relayed" once connected. */
    final StringProperty route = new SimpleStringProperty("");
    /** The status line: what is happening, or why it failed. */
    final StringProperty status = new SimpleStringProperty("");
    /** The peer is still in the room, so Retry can ask again. */
    final BooleanProperty peerPresent = new SimpleBooleanProperty(true);
    final StringProperty draft = new SimpleStringProperty("");
    final ObservableList<ChatMessage> messages = FXCollections.observableArrayList();

    ChatModel(String peerKey, String peerName) {
        this.peerKey = peerKey;
        this.peerName = peerName;
    }
}
