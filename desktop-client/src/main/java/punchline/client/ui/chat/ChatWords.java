package punchline.client.ui.chat;

import java.util.Locale;

/**
 * The client core's reasons, worded for a chat: the peer by name instead of "the peer", one colon at
 * most, and no raw exception text ("the connection broke: Broken pipe" is "the connection to Bob broke").
 * The core words its reasons as short phrases; this keeps the app's sentences whole around them.
 */
final class ChatWords {
    private ChatWords() {
    }

    /** Why a chat ended, as a phrase: "Bob closed the chat", "the connection to Bob broke". */
    static String ended(String peer, String reason) {
        String why = reason == null ? "" : reason.strip();
        if (why.equals("the chat was closed")) {
            return "you closed the chat";
        }
        if (why.equals("closed Punchline")) {
            return "you closed Punchline";
        }
        if (why.equals("the peer left: the chat was closed")) {
            return peer + " closed the chat";
        }
        if (why.equals("the peer left: closed Punchline")) {
            return peer + " closed Punchline";
        }
        if (why.startsWith("the peer left")) {
            return peer + " left the chat"; // whatever else the peer wrote is theirs: not shown raw
        }
        if (why.startsWith("the connection broke")) {
            return "the connection to " + peer + " broke";
        }
        if (why.startsWith("the peer closed the connection")) {
            return peer + "'s side closed the connection";
        }
        if (why.startsWith("the peer sent something unreadable")) {
            return peer + "'s computer sent something unreadable";
        }
        if (why.startsWith("the peer reported an error")) {
            return peer + "'s computer reported an error";
        }
        return phrase(peer, why);
    }

    /**
     * Any other reason as a phrase: "the peer" becomes the name and a detail after a colon goes into
     * the same sentence, so a sentence around it has no second colon.
     */
    static String phrase(String peer, String reason) {
        String why = reason == null || reason.isBlank() ? "no reason given" : reason.strip();
        return why.replace("the peer", peer).replace(": ", " — ");
    }

    /** "Bob closed the chat." from a phrase. */
    static String sentence(String phrase) {
        return phrase.isEmpty() ? "" : phrase.substring(0, 1).toUpperCase(Locale.ROOT) + phrase.substring(1) + ".";
    }
}
