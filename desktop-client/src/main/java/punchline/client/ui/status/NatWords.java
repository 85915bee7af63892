package punchline.client.ui.status;

import punchline.protocol.NatType;

/** A NAT type in words, for people: a few in the status bar, a sentence in tooltips and details. */
public final class NatWords {
    private NatWords() {
    }

    /** "easy", "strict (symmetric)", ... */
    public static String brief(NatType type) {
        return switch (type) {
            case OPEN -> "none (public address)";
            case EASY -> "easy";
            case SYMMETRIC -> "strict (symmetric)";
            case UNKNOWN -> "unknown";
        };
    }

    /** What the type means for connecting. */
    public static String explain(NatType type) {
        return switch (type) {
            case OPEN -> "The server sees this computer's own address: no router translates it, so others can"
                    + " connect to you directly.";
            case EASY -> "Your router keeps the same public port for every destination, so direct connections"
                    + " through it (hole punching) work with most people.";
            case SYMMETRIC -> "Your router picks a new public port for every destination, so hole punching cannot"
                    + " work: chats with people behind routers go through the server's relay, still end-to-end"
                    + " encrypted.";
            case UNKNOWN -> "The server could not measure your NAT. Punchline tries a direct connection first and"
                    + " falls back to the server's relay.";
        };
    }
}
