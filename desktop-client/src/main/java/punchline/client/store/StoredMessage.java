package punchline.client.store;

import java.time.Instant;

/**
 * One message of a chat's history, as stored.
 *
 * @param rowId     the store's own id of the message (increases with every message stored)
 * @param contactId the contact the chat was with
 * @param direction received or sent
 * @param messageId the sender's id of the message (per link: it restarts with every new chat link)
 * @param text      the text, exactly as received or sent
 * @param sentAt    when the sender says they sent it (the peer's clock for incoming messages)
 * @param storedAt  when this computer received or sent it: the history's order
 * @param delivery  {@link Delivery#RECEIVED} for incoming; the delivery state for outgoing
 */
public record StoredMessage(long rowId, String contactId, Direction direction, long messageId, String text,
                            Instant sentAt, Instant storedAt, Delivery delivery) {
    /** Where paging back from this message starts: {@link History#before} returns the messages older than it. */
    public HistoryCursor cursor() {
        return new HistoryCursor(storedAt.toEpochMilli(), rowId);
    }
}
