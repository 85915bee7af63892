package punchline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import punchline.protocol.ServerMessage.Notice;

/** The operator's commands, run against a live server with raw clients listening. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ServerConsoleTest {
    @RegisterExtension
    final Loopback loopback = new Loopback();

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    private ServerConsole console() {
        return new ServerConsole(loopback.server(), new PrintStream(output, true, StandardCharsets.UTF_8));
    }

    /** Runs one command and returns what it printed. */
    private String run(ServerConsole console, String line) {
        output.reset();
        assertTrue(console.execute(line), "only exit stops: " + line);
        return output.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpListsEveryCommand() {
        String help = run(console(), "help");
        for (String command : List.of("help", "exit", "users", "say MESSAGE", "tell KEY MESSAGE")) {
            assertTrue(help.contains(command), help);
        }
    }

    @Test
    void usersShowsKeyNameAndRoomOfEveryone() {
        ServerConsole console = console();
        assertEquals("No users connected.\n", run(console, "users").replace("\r\n", "\n"));
        RawClient ann = loopback.join("Ann", "red");
        RawClient bob = loopback.join("Bob", "blue");

        String users = run(console, "users");
        assertTrue(users.startsWith("2 users connected:"), users);
        assertTrue(users.matches("(?s).*\\n" + ann.key() + " +Ann +red +127\\.0\\.0\\.1:\\d+ .*"), users);
        assertTrue(users.matches("(?s).*\\n" + bob.key() + " +Bob +blue +127\\.0\\.0\\.1:\\d+ .*"), users);
        assertTrue(users.indexOf(ann.key()) < users.indexOf(bob.key()), "in the order they joined: " + users);
    }

    @Test
    void sayReachesEveryUserAsABroadcast() {
        List<RawClient> clients = List.of(loopback.join("Ann", "red"), loopback.join("Bob", "blue"));
        ServerConsole console = console();

        assertEquals("Sent to 2 users.", run(console, "say  Maintenance at noon ").strip());
        for (RawClient client : clients) {
            assertEquals(new Notice("Maintenance at noon", true), client.expect(Notice.class));
        }
        assertTrue(run(console, "say").startsWith("Usage: say MESSAGE"));
        clients.forEach(RawClient::sync); // an empty say sent nothing
    }

    @Test
    void tellReachesThatUserOnly() {
        List<RawClient> users = loopback.joinAll("lobby", "Ann", "Bob");
        RawClient ann = users.get(0);
        RawClient bob = users.get(1);
        ServerConsole console = console();

        assertEquals("Sent to " + bob.key() + ".", run(console, "tell " + bob.key().toUpperCase() + " hi Bob").strip());
        assertEquals(new Notice("hi Bob", false), bob.expect(Notice.class));
        ann.sync();
        bob.sync();
    }

    @Test
    void tellRefusesUnknownAndMalformedKeys() {
        RawClient ann = loopback.join("Ann");
        ServerConsole console = console();
        String nobody = ann.key().equals("000000") ? "000001" : "000000";

        assertEquals("No user with key " + nobody + " is connected.", run(console, "tell " + nobody + " hello").strip());
        assertTrue(run(console, "tell bob hello").startsWith("'bob' is not a user key"));
        assertTrue(run(console, "tell " + ann.key()).startsWith("Usage: tell KEY MESSAGE"));
        assertTrue(run(console, "tell " + ann.key() + " " + "x".repeat(1001)).startsWith("Messages are limited"));
        ann.sync(); // none of these reached Ann
    }

    @Test
    void anUnknownCommandIsNamed() {
        assertEquals("Unknown command 'kick'. Type help for the list.", run(console(), "kick abcdef").strip());
    }

    @Test
    void exitAndQuitStopTheConsoleAndEndOfInputDoesNot() throws Exception {
        ServerConsole console = console();
        assertFalse(console.execute("exit"));
        assertFalse(console.execute("quit"));
        assertTrue(console.run(new BufferedReader(new StringReader("help\nusers\nexit\nkick\n"))));
        assertFalse(output.toString(StandardCharsets.UTF_8).contains("kick"), "nothing runs after exit");
        assertFalse(console.run(new BufferedReader(new StringReader("help\n"))), "end of input is not exit");
    }
}
