package punchline.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import punchline.common.LineInput;
import punchline.common.SafeText;
import punchline.protocol.Limits;
import punchline.protocol.UserKey;

/**
 * The operator's commands, one per line: help, exit, users, say MESSAGE, tell KEY MESSAGE. Reads until
 * {@code exit} or the end of input; at the end of input the server goes on running as a service.
 */
public final class ServerConsole {
    public static final String HELP = String.join("\n",
            "  help               list the commands",
            "  exit               stop the server (clients are told); Ctrl-C does the same",
            "  users              list connected users",
            "  say MESSAGE        send a notice to every connected user",
            "  tell KEY MESSAGE   send a notice to the user with that key");

    private static final int MAX_LINE_CHARS = 4096;

    private final RendezvousServer server;
    private final PrintStream out;

    public ServerConsole(RendezvousServer server, PrintStream out) {
        this.server = server;
        this.out = out;
    }

    /** Reads commands until exit (returns true) or the end of input (returns false). */
    public boolean run(BufferedReader in) throws IOException {
        LineInput lines = new LineInput(in, MAX_LINE_CHARS);
        String line;
        while ((line = lines.readLine()) != null) {
            if (line == LineInput.TOO_LONG) {
                out.println("That line is too long (more than " + MAX_LINE_CHARS + " characters).");
                continue;
            }
            if (!execute(line.strip())) {
                return true;
            }
        }
        return false;
    }

    /** Runs one command; returns false for exit. */
    public boolean execute(String line) {
        if (line.isEmpty()) {
            return true;
        }
        int space = line.indexOf(' ');
        String command = space < 0 ? line : line.substring(0, space);
        String argument = space < 0 ? "" : line.substring(space + 1).strip();
        try {
            switch (command) {
                case "help" -> out.println("Commands:\n" + HELP);
                case "exit", "quit" -> {
                    return false;
                }
                case "users" -> printUsers();
                case "say" -> say(argument);
                case "tell" -> tell(argument);
                default -> out.println("Unknown command '" + command + "'. Type help for the list.");
            }
        } catch (IllegalStateException e) {
            out.println("The server did not take that: " + e.getMessage());
        }
        return true;
    }

    private void printUsers() {
        List<UserSummary> users = server.users();
        if (users.isEmpty()) {
            out.println("No users connected.");
            return;
        }
        out.println(users.size() + (users.size() == 1 ? " user" : " users") + " connected:");
        out.printf("%-6s  %-32s  %-16s  %-24s  %s%n", "KEY", "NAME", "ROOM", "PUBLIC", "FOR");
        long nowMillis = System.currentTimeMillis();
        for (UserSummary user : users) {
            // Names are checked on the way in (protocol Names); the terminal gets them escaped all the same.
            out.printf("%-6s  %-32s  %-16s  %-24s  %s%n", user.key(), SafeText.line(user.name()),
                    SafeText.line(user.room()),
                    user.publicEndpoint(), describe(Duration.ofMillis(nowMillis - user.joinedAtMillis())));
        }
    }

    private void say(String message) {
        if (message.isEmpty()) {
            out.println("Usage: say MESSAGE");
            return;
        }
        if (!fitsNotice(message)) {
            return;
        }
        int count = server.say(message);
        out.println("Sent to " + count + (count == 1 ? " user." : " users."));
    }

    private void tell(String argument) {
        int space = argument.indexOf(' ');
        if (space < 0) {
            out.println("Usage: tell KEY MESSAGE");
            return;
        }
        String key = argument.substring(0, space);
        String message = argument.substring(space + 1).strip();
        if (!UserKey.isValid(key)) {
            out.println("'" + key + "' is not a user key (keys have six letters or digits; see users).");
            return;
        }
        if (!fitsNotice(message)) {
            return;
        }
        if (server.tell(UserKey.normalize(key), message)) {
            out.println("Sent to " + UserKey.normalize(key) + ".");
        } else {
            out.println("No user with key " + UserKey.normalize(key) + " is connected.");
        }
    }

    private boolean fitsNotice(String message) {
        if (message.codePointCount(0, message.length()) > Limits.MAX_NOTICE_CHARS) {
            out.println("Messages are limited to " + Limits.MAX_NOTICE_CHARS + " characters.");
            return false;
        }
        return true;
    }

    private static String describe(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m " + seconds % 60 + "s";
        }
        return seconds / 3600 + "h " + seconds % 3600 / 60 + "m";
    }
}
