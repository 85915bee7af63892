package punchline.client.ui.room;

/** Where we stand with another user of the room, as the user list shows it. */
public enum PeerState {
    IDLE("idle"),
    REQUEST_SENT("request sent"),
    REQUEST_RECEIVED("request received"),
    CONNECTING("connecting"),
    /** The direct path failed or cannot work: connecting through the server's relay. */
    RELAYING("relaying…"),
    CONNECTED_DIRECT("connected direct"),
    CONNECTED_RELAYED("relayed"),
    FAILED("failed"),
    /** A contact who is not in the room: their history can be read, nothing sent. */
    OFFLINE("offline");

    private final String label;

    PeerState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether Connect (or Accept, for a request received) makes sense now. */
    boolean canConnect() {
        return this == IDLE || this == FAILED || this == REQUEST_RECEIVED;
    }

    /** Whether there is something under way that Cancel withdraws. */
    boolean canCancel() {
        return this == REQUEST_SENT || this == CONNECTING || this == RELAYING;
    }

    boolean isConnected() {
        return this == CONNECTED_DIRECT || this == CONNECTED_RELAYED;
    }
}
