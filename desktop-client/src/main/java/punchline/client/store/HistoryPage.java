package punchline.client.store;

import java.util.List;

/**
 * Some consecutive messages of a chat, oldest first (the order to show them in).
 *
 * @param messages  at most the number asked for, oldest first
 * @param hasOlder  whether older messages exist: page back with {@link #olderCursor()}
 */
public record HistoryPage(List<StoredMessage> messages, boolean hasOlder) {
    public HistoryPage {
        messages = List.copyOf(messages);
    }

    /** Where to page back from: the oldest message of this page; null when the page is empty. */
    public HistoryCursor olderCursor() {
        return messages.isEmpty() ? null : messages.get(0).cursor();
    }
}
