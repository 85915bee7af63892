package punchline.client.ui.chat;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One row of a chat: a message either way, or a line about the connection itself. */
final class ChatMessage {
    enum Kind { MINE, THEIRS, EVENT }

    /**
     * What became of a message we sent. Only the peer's acknowledgement proves delivery; without one the
     * message is "not confirmed" (yet, or for good once the chat ended), never "not delivered": the peer
     * may well have it. A late acknowledgement still turns it into "delivered".
     */
    enum Delivery {
        SENDING("sending…"),
        /** No acknowledgement after a few seconds; the chat is still up. */
        NOT_CONFIRMED_YET("not confirmed yet"),
        DELIVERED("delivered"),
        /** The chat ended before the peer acknowledged it. */
        NOT_CONFIRMED("not confirmed"),
        NONE("");

        final String label;

        Delivery(String label) {
            this.label = label;
        }
    }

    final Kind kind;
    final long id;
    final String sender;
    final String text;
    final String time;
    final ObjectProperty<Delivery> delivery;
    /** Why a message is not confirmed, shown under it. */
    final StringProperty problem = new SimpleStringProperty("");

    private ChatMessage(Kind kind, long id, String sender, String text, String time, Delivery delivery) {
        this.kind = kind;
        this.id = id;
        this.sender = sender;
        this.text = text;
        this.time = time;
        this.delivery = new SimpleObjectProperty<>(delivery);
    }

    static ChatMessage mine(long id, String sender, String text, String time) {
        return new ChatMessage(Kind.MINE, id, sender, text, time, Delivery.SENDING);
    }

    static ChatMessage theirs(long id, String sender, String text, String time) {
        return new ChatMessage(Kind.THEIRS, id, sender, text, time, Delivery.NONE);
    }

    /** A message from the history: sent or received in an earlier chat (or earlier in this one). */
    static ChatMessage stored(boolean mine, long id, String sender, String text, String time, Delivery delivery) {
        return new ChatMessage(mine ? Kind.MINE : Kind.THEIRS, id, sender, text, time, delivery);
    }

    static ChatMessage event(String text, String time) {
        return new ChatMessage(Kind.EVENT, -1, "", text, time, Delivery.NONE);
    }
}
