import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import punchline.client.store.Direction;
import punchline.client.store.LocalStore;

/**
 * Run by build-dist.sh with the packaged runtime and jars (and with the fat jar): the contacts and history
 * store opens a real file there, which needs the java.sql module and sqlite-jdbc's native library. Writes,
 * closes, reopens and reads back in the folder given; exits non-zero with the reason if anything fails.
 */
public final class StoreCheck {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        try (LocalStore store = LocalStore.open(dir)) {
            store.notice().ifPresent(notice -> fail(notice.message()));
            store.contacts().upsertSeen("check-id", "Check", "0".repeat(64), Instant.now());
            store.history().append("check-id", Direction.OUT, 1, "stored \uD83D\uDC4D", Instant.now(), Instant.now());
        }
        try (LocalStore store = LocalStore.open(dir)) {
            String text = store.history().latest("check-id", 1).messages().get(0).text();
            if (!store.isPersistent() || !text.equals("stored \uD83D\uDC4D")) {
                fail("the message did not come back from the file: " + text);
            }
        }
        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(LocalStore.FILE_NAME)));
        if (!mode.equals("rw-------")) {
            fail("the database file has mode " + mode);
        }
        System.out.println("store check: ok (" + dir.resolve(LocalStore.FILE_NAME) + ", " + mode + ")");
    }

    private static void fail(String why) {
        System.err.println("store check: FAILED: " + why);
        System.exit(1);
    }
}
