package punchline.client.net;

/**
 * Receives the core's events on the core's event thread; must return quickly and never block. Takes every
 * event alike (a recorder, a gateway onto another thread); a consumer that reacts per type implements
 * {@link ClientEvent.Handler}, which is a listener too.
 */
@FunctionalInterface
public interface ClientEventListener {
    void onEvent(ClientEvent event);
}
