package punchline.client.net;

/** Receives the core's events on the core's event thread; must return quickly and never block. */
@FunctionalInterface
public interface ClientEventListener {
    void onEvent(ClientEvent event);
}
