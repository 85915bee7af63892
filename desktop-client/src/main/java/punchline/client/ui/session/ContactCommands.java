package punchline.client.ui.session;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import punchline.client.net.Contacts;
import punchline.client.store.HistoryCursor;
import punchline.client.store.HistoryPage;

/**
 * What the views may ask of the contacts and history, by contact ID. Every call returns at once; the
 * store is read on the core's store thread, and the caller moves the result onto the FX thread
 * ({@code UiThread.callback}). Between sessions each fails.
 */
public interface ContactCommands {
    /** Every contact, online ones first, with their key today when online. */
    CompletableFuture<List<Contacts.Entry>> contactList();

    /** The newest {@code count} messages with the contact, oldest first. */
    CompletableFuture<HistoryPage> latest(String contactId, int count);

    /** The {@code count} messages before {@code cursor}. */
    CompletableFuture<HistoryPage> before(String contactId, HistoryCursor cursor, int count);

    /** Deletes the contact and their history. */
    CompletableFuture<Boolean> forget(String contactId);
}
