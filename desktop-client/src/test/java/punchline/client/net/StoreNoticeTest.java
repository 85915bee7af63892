package punchline.client.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import punchline.client.store.LocalStore;

/** What the stored files have to tell the user reaches them as an event, which the console prints. */
@Timeout(60)
class StoreNoticeTest {
    @TempDir
    Path config;

    private ClientCore start(EventRecorder events, int port) throws Exception {
        ClientCore core = new ClientCore(ClientConfig.builder("127.0.0.1", port, "Ann").configDir(config)
                .natOverride(punchline.protocol.NatType.OPEN).build());
        core.addListener(events);
        core.start();
        return core;
    }

    @Test
    void aDamagedDatabaseIsMovedAsideAndASecondPunchlineOnTheSameFolderIsToldItIsInUse() throws Exception {
        Files.writeString(config.resolve(LocalStore.FILE_NAME), "this is not a database, but it is long enough"
                + " to look like a file someone cares about");
        int nobody;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nobody = closed.getLocalPort(); // closed below: the server is unreachable, which does not matter here
        }
        EventRecorder first = new EventRecorder("first");
        ClientCore core = start(first, nobody);
        try {
            ClientEvent.StoreProblem moved = first.await(ClientEvent.StoreProblem.class);
            assertEquals("moved-aside", moved.kind());
            assertTrue(moved.message().contains("kept as"), moved.message());
            try (Stream<Path> files = Files.list(config)) {
                assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith(LocalStore.FILE_NAME + ".corrupt-")));
            }

            EventRecorder second = new EventRecorder("second");
            ClientCore other = start(second, nobody);
            try {
                ClientEvent.StoreProblem inUse = second.await(ClientEvent.StoreProblem.class);
                assertEquals("in-use", inUse.kind());
                assertTrue(inUse.message().contains("in use by another Punchline"), inUse.message());
            } finally {
                other.stop();
            }
        } finally {
            core.stop();
        }
    }
}
