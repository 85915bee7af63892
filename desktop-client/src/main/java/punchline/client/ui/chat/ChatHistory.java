package punchline.client.ui.chat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import punchline.client.store.Direction;
import punchline.client.store.HistoryCursor;
import punchline.client.store.HistoryPage;
import punchline.client.store.StoredMessage;
import punchline.client.ui.UiThread;
import punchline.client.ui.session.ContactCommands;

/**
 * A chat's history with one contact, page by page from the store (read on the core's store thread, the
 * rows handed over on the FX thread): the latest page when the chat opens, the page before when the user
 * scrolls to the top. One read at a time.
 */
final class ChatHistory {
    /** Messages a history page brings: the first page fills a tall window, later ones a scroll's worth. */
    static final int PAGE = 50;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter DAY_AND_TIME = DateTimeFormatter.ofPattern("d MMM HH:mm");

    private final ContactCommands store;
    /** The contact's verified ID the history is kept under, or null (no ID: nothing kept, nothing read). */
    final String contactId;
    private final String ownName;
    private final String peerName;
    /** Where paging back starts (the oldest message shown from the history), null before the first page. */
    private HistoryCursor older;
    private boolean hasOlder;
    private boolean loading;

    ChatHistory(ContactCommands store, String contactId, String ownName, String peerName) {
        this.store = store;
        this.contactId = contactId;
        this.ownName = ownName;
        this.peerName = peerName;
    }

    /** Reads the latest page; {@code show} gets its rows (oldest first), {@code failed} why it could not. */
    void latest(Consumer<List<ChatMessage>> show, Consumer<String> failed) {
        if (contactId != null && !loading) {
            loading = true;
            store.latest(contactId, PAGE).whenComplete(UiThread.callback((page, error) -> take(page, error, show, failed)));
        }
    }

    /** Reads the page before the oldest shown, if there is one. */
    void before(Consumer<List<ChatMessage>> show, Consumer<String> failed) {
        if (contactId != null && !loading && hasOlder && older != null) {
            loading = true;
            store.before(contactId, older, PAGE).whenComplete(UiThread.callback((page, error) ->
                    take(page, error, show, failed)));
        }
    }

    /** An earlier chat's history goes on here: paging back starts where it stood. */
    void continueFrom(ChatHistory earlier) {
        older = earlier.older;
        hasOlder = earlier.hasOlder;
    }

    /** The history was deleted: nothing more to page back to. */
    void forget() {
        older = null;
        hasOlder = false;
    }

    private void take(HistoryPage page, Throwable error, Consumer<List<ChatMessage>> show, Consumer<String> failed) {
        loading = false;
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            failed.accept(cause.getMessage());
            return;
        }
        if (page.olderCursor() != null) {
            older = page.olderCursor();
        }
        hasOlder = page.hasOlder();
        show.accept(page.messages().stream().map(this::row).toList());
    }

    /** A stored message as a chat row, its delivery said as a live chat says it. */
    private ChatMessage row(StoredMessage stored) {
        boolean mine = stored.direction() == Direction.OUT;
        ZonedDateTime at = stored.storedAt().atZone(ZoneId.systemDefault());
        String time = at.toLocalDate().equals(LocalDate.now()) ? at.format(TIME) : at.format(DAY_AND_TIME);
        ChatMessage.Delivery delivery = switch (stored.delivery()) {
            case RECEIVED -> ChatMessage.Delivery.NONE;
            case DELIVERED -> ChatMessage.Delivery.DELIVERED;
            case PENDING, FAILED -> ChatMessage.Delivery.NOT_CONFIRMED; // the chat that sent it is over
        };
        return ChatMessage.stored(mine, stored.messageId(), mine ? ownName : peerName, stored.text(), time, delivery);
    }
}
