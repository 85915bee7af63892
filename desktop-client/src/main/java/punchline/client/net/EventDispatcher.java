package punchline.client.net;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Delivers events to listeners in order on one named thread, so that network threads never wait for a
 * listener and listeners see one consistent sequence. A failing listener is logged, not fatal.
 */
final class EventDispatcher {
    private static final System.Logger LOG = System.getLogger(EventDispatcher.class.getName());

    private final List<ClientEventListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService thread = Threads.single("punchline-events");

    void add(ClientEventListener listener) {
        listeners.add(listener);
    }

    void remove(ClientEventListener listener) {
        listeners.remove(listener);
    }

    void emit(ClientEvent event) {
        LOG.log(Level.DEBUG, "event {0}", event);
        try {
            thread.execute(() -> {
                for (ClientEventListener listener : listeners) {
                    try {
                        listener.onEvent(event);
                    } catch (RuntimeException e) {
                        LOG.log(Level.ERROR, "event listener failed on " + event, e);
                    }
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.log(Level.DEBUG, "event after stop dropped: {0}", event);
        }
    }

    /** Delivers what is queued, then stops the thread. */
    void stop() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
