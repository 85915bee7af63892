package punchline.client.console;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import punchline.client.net.ClientCore;
import punchline.client.net.Contacts;
import punchline.client.net.Identity;
import punchline.protocol.UserId;
import punchline.common.LineInput;
import punchline.protocol.UserKey;

/**
 * The headless client: the seed's commands (help, exit, connect, accept, cancel, reject) plus users,
 * msg and say, read line by line. When input ends it keeps running while a chat, punch or request is
 * under way, and exits once nothing is; {@code exit} quits at once.
 */
public final class ConsoleClient {
    static final String HELP = String.join("\n",
            "Commands:",
            "  help              this list",
            "  exit              close every chat and quit (Ctrl-C too)",
            "  users             who is in the room",
            "  connect KEY       ask a user to connect",
            "  accept KEY        accept a user's request",
            "  reject KEY        turn a user's request down",
            "  cancel KEY        withdraw your request (or stop connecting)",
            "  msg KEY TEXT      chat to a connected user",
            "  say TEXT          chat to the user you talked with last",
            "  close KEY         end the chat with a user",
            "  trust KEY         mark a user a verified contact, after comparing their certificate's",
            "                    fingerprint with them (by phone or in person); also for a new computer",
            "                    of a contact, which has a new ID",
            "  id                your whole ID and your certificate's fingerprint, to read out to friends",
            "  contacts          the people you have chatted with (online ones first)",
            "  history WHO [N]   the last N (default 20) messages with a contact (a key or an ID)",
            "  forget ID         delete a contact and your whole history with them",
            "  trust-server [FINGERPRINT]",
            "                    accept the server's changed certificate (after checking it with its operator)");
    private static final int MAX_LINE_CHARS = 8_192;
    private static final long IDLE_CHECK_MILLIS = 250;

    private final ClientCore core;
    private final PrintStream out;
    private final EventPrinter printer;
    private final EventJournal journal;
    private final RoomView room = new RoomView();

    public ConsoleClient(ClientCore core, PrintStream out, EventJournal journal) {
        this.core = core;
        this.out = out;
        this.journal = journal;
        this.printer = new EventPrinter(out);
        core.addListener(room);
        core.addListener(printer);
        if (journal != null) {
            core.addListener(journal);
        }
    }

    /** Runs the commands from {@code in} and returns when the user exits or input ended and all is quiet. */
    public void run(BufferedReader in) throws IOException {
        out.println("Punchline console. Type help for commands.");
        LineInput lines = new LineInput(in, MAX_LINE_CHARS);
        String line;
        while ((line = lines.readLine()) != null) {
            if (line == LineInput.TOO_LONG) {
                out.println("! That line is too long (more than " + MAX_LINE_CHARS + " characters).");
                continue;
            }
            if (!execute(line.strip())) {
                record("exit");
                return;
            }
        }
        record("input-closed");
        while (core.isBusy()) {
            try {
                TimeUnit.MILLISECONDS.sleep(IDLE_CHECK_MILLIS); // nothing to wait on but the user's chats ending
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Runs one command; returns false for exit. */
    boolean execute(String line) {
        if (line.isEmpty()) {
            return true;
        }
        String[] parts = line.split("\\s+", 3);
        String command = parts[0].toLowerCase();
        try {
            switch (command) {
                case "help", "?" -> out.println(HELP);
                case "exit", "quit" -> {
                    return false;
                }
                case "users" -> out.println(room.describe(core.key()));
                case "connect" -> core.connect(key(parts, "connect KEY"));
                case "accept" -> core.accept(key(parts, "accept KEY"));
                case "reject" -> core.reject(key(parts, "reject KEY"));
                case "cancel" -> core.cancel(key(parts, "cancel KEY"));
                case "close" -> core.closeChat(key(parts, "close KEY"));
                case "trust" -> core.trustCertificate(key(parts, "trust KEY"));
                case "trust-server" -> core.trustServer(parts.length > 1 ? parts[1] : null);
                case "id" -> out.println("Your ID: " + UserId.readable(core.id()) + "\nYour certificate's fingerprint: "
                        + Identity.readable(core.fingerprint()).replace('\n', ' '));
                case "contacts" -> out.println(ContactsView.describe(await(core.contacts().list())));
                case "history" -> history(parts);
                case "forget" -> forget(parts);
                case "msg" -> {
                    if (parts.length < 3) {
                        throw new IllegalArgumentException("usage: msg KEY TEXT");
                    }
                    send(key(parts, "msg KEY TEXT"), parts[2]);
                }
                case "say" -> {
                    String text = line.length() > 3 ? line.substring(3).strip() : "";
                    String peer = printer.lastPeer();
                    if (text.isEmpty()) {
                        throw new IllegalArgumentException("usage: say TEXT");
                    }
                    if (peer == null) {
                        throw new IllegalArgumentException("no chat yet: connect to someone first");
                    }
                    send(peer, text);
                }
                default -> out.println("! Unknown command '" + command + "'. Type help for the list.");
            }
        } catch (IllegalArgumentException e) {
            out.println("! " + e.getMessage());
        }
        return true;
    }

    private void history(String[] parts) {
        if (parts.length < 2) {
            throw new IllegalArgumentException("usage: history KEY|ID [N]");
        }
        int count = 20;
        if (parts.length > 2) {
            try {
                count = Integer.parseInt(parts[2].strip());
            } catch (NumberFormatException e) {
                count = 0;
            }
            if (count < 1 || count > punchline.client.store.History.MAX_PAGE) {
                throw new IllegalArgumentException("N is a number from 1 to " + punchline.client.store.History.MAX_PAGE);
            }
        }
        Contacts.Entry contact = ContactsView.find(await(core.contacts().list()), parts[1]);
        out.println(ContactsView.describe(contact, await(core.contacts().latest(contact.contact().id(), count))));
    }

    private void forget(String[] parts) {
        if (parts.length < 2) {
            throw new IllegalArgumentException("usage: forget ID");
        }
        Contacts.Entry contact = ContactsView.find(await(core.contacts().list()), parts[1]);
        await(core.contacts().forget(contact.contact().id())); // the event says it
    }

    /** The console may wait for the store: it is no UI thread. */
    private static <T> T await(java.util.concurrent.CompletableFuture<T> future) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalArgumentException("interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalArgumentException(e.getCause().getMessage());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalArgumentException("the history did not answer in time");
        }
    }

    private void send(String peer, String text) {
        core.send(peer, text).whenComplete((id, failure) -> {
            // A message over the limit is refused before it is queued, without an event: say so here.
            // (Other refusals, such as no open chat, are reported as events.)
            if (failure instanceof IllegalArgumentException) {
                out.println("! Not sent: " + failure.getMessage() + ".");
            }
        });
    }

    private static String key(String[] parts, String usage) {
        if (parts.length < 2) {
            throw new IllegalArgumentException("usage: " + usage);
        }
        if (!UserKey.isValid(parts[1])) {
            throw new IllegalArgumentException("'" + parts[1] + "' is not a user key (six letters or digits; see users)");
        }
        return UserKey.normalize(parts[1]);
    }

    private void record(String event) {
        if (journal != null) {
            journal.record(event);
        }
    }
}
