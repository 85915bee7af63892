package punchline.client.store;

/**
 * A position in a chat's history, between messages: {@link History#before} returns the messages
 * stored before it. Keyset pagination on (stored-at, row id): a page costs the same at any depth,
 * and messages arriving meanwhile never shift a page.
 */
public record HistoryCursor(long storedAtMillis, long rowId) {
}
