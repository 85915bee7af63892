package punchline.client.ui.notice;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.ObjectBinding;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The banners that still hold, oldest first; the bar shows the newest. */
final class NoticeModel {
    final ObservableList<Notice> active = FXCollections.observableArrayList();
    final ObjectBinding<Notice> current = Bindings.createObjectBinding(
            () -> active.isEmpty() ? null : active.get(active.size() - 1), active);

    /** One banner: what it is about, how it looks, what it says, and what its button does (or none). */
    record Notice(NoticeController.Topic topic, NoticeController.Kind kind, String title, String text,
                  String action, Runnable onAction) {
        Notice(NoticeController.Topic topic, NoticeController.Kind kind, String title, String text) {
            this(topic, kind, title, text, null, null);
        }
    }
}
