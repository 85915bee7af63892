package punchline.client.ui.request;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The requests waiting for an answer, oldest first, and which one the card shows. */
final class RequestModel {
    final ObservableList<PendingRequest> queue = FXCollections.observableArrayList();
    /** The index of the request on the card ("Next" moves it on). */
    final IntegerProperty shown = new SimpleIntegerProperty(0);
    /** The request on the card, or null when none waits. */
    final ObjectBinding<PendingRequest> current = Bindings.createObjectBinding(
            () -> queue.isEmpty() ? null : queue.get(Math.min(shown.get(), queue.size() - 1)), queue, shown);
}
