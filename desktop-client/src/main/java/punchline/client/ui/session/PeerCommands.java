package punchline.client.ui.session;

import java.util.concurrent.CompletableFuture;

/**
 * What the views may ask of the network, by user key. Calls never block (the client core queues them on
 * its own thread) and their outcome arrives as client events.
 */
public interface PeerCommands {
    void connect(String key);

    void accept(String key);

    void reject(String key);

    void cancel(String key);

    /** Completes with the message id, or exceptionally when the message was refused before sending. */
    CompletableFuture<Long> send(String key, String text);

    void closeChat(String key);

    /** Trusts the new certificate of {@code key} after a warning (the user compared fingerprints). */
    void trustCertificate(String key);

    /** Trusts the server's new certificate ({@code fingerprint}) after the user checked it; reconnects. */
    void trustServer(String fingerprint);
}
