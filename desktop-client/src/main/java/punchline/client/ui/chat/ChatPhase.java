package punchline.client.ui.chat;

/** Where a chat's connection stands. */
enum ChatPhase {
    WAITING("waiting"),
    CONNECTING("connecting"),
    /** No direct path: connecting through the server's relay. */
    RELAYING("relaying…"),
    CONNECTED(""),
    FAILED("failed"),
    ENDED("ended"),
    /** A contact who is not in the room: their history only. */
    OFFLINE("offline");

    /** Shown in the tab header; a connected chat shows its route instead. */
    final String label;

    ChatPhase(String label) {
        this.label = label;
    }
}
