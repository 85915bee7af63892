package punchline.client.ui.chat;

/** Where a chat's connection stands. */
enum ChatPhase {
    WAITING("waiting"),
    CONNECTING("connecting"),
    /** No direct path: connecting through the server's relay. */
    RELAYING("relaying…"),
    CONNECTED(""),
    FAILED("failed"),
    ENDED("ended");

    /** Shown in the tab header; a connected chat shows its route instead. */
    final String label;

    ChatPhase(String label) {
        this.label = label;
    }
}
