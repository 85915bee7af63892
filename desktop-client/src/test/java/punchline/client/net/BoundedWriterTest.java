package punchline.client.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The one bounded writer with abort, and the one bounded join. */
@Timeout(30)
class BoundedWriterTest {

    @Test
    void queuedWritesGoOutInOrderBeforeCloseReturns() {
        BoundedWriter writer = new BoundedWriter("test-writer", 4);
        List<Integer> written = Collections.synchronizedList(new ArrayList<>());
        for (int i = 1; i <= 3; i++) {
            int n = i;
            assertTrue(writer.submit(() -> written.add(n)));
        }
        List<String> aborted = new ArrayList<>();
        assertTrue(writer.close(() -> aborted.add("abort")));
        assertEquals(List.of(1, 2, 3), written);
        assertEquals(List.of(), aborted, "nothing was stuck");
        assertFalse(writer.submit(() -> written.add(4)), "a closed writer takes nothing");
    }

    @Test
    void aFullLineRefusesTheNextWrite() {
        BoundedWriter writer = new BoundedWriter("test-writer", 2);
        CountDownLatch release = new CountDownLatch(1);
        assertTrue(writer.submit(() -> await(release))); // the thread is busy with this one
        assertTrue(writer.submit(() -> { }));
        assertTrue(writer.submit(() -> { }));
        assertFalse(writer.submit(() -> { }), "two wait in line, the third is refused");
        release.countDown();
        assertTrue(writer.close(() -> { }));
    }

    @Test
    void theReservedPlacesAreLeftForOrdinaryWrites() {
        BoundedWriter writer = new BoundedWriter("test-writer", 4, 2);
        CountDownLatch release = new CountDownLatch(1);
        assertTrue(writer.submit(() -> await(release))); // the thread is busy with this one
        assertTrue(writer.submitLeavingReserve(() -> { }));
        assertTrue(writer.submitLeavingReserve(() -> { }));
        assertFalse(writer.submitLeavingReserve(() -> { }), "two wait in line: only the two reserved places are left");
        assertTrue(writer.submit(() -> { }));
        assertTrue(writer.submit(() -> { }));
        assertFalse(writer.submit(() -> { }), "the line is full");
        release.countDown();
        assertTrue(writer.close(() -> { }));
        assertFalse(writer.submitLeavingReserve(() -> { }), "a closed writer takes nothing");
    }

    /** A peer that stops reading: the write blocks for good until the abort resets the socket beneath it. */
    @Test
    void aWriteStuckOnAPeerThatDoesNotReadIsAbortedAndTheRestDropped() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket silent = server.accept()) {
            BoundedWriter writer = new BoundedWriter("test-writer", 4);
            CompletableFuture<String> stuck = new CompletableFuture<>();
            List<String> after = Collections.synchronizedList(new ArrayList<>());
            writer.submit(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    byte[] chunk = new byte[64 * 1024];
                    while (true) {
                        out.write(chunk); // the peer never reads: the buffers fill and this blocks
                    }
                } catch (IOException e) {
                    stuck.complete("failed: " + e.getClass().getSimpleName());
                }
            });
            writer.submit(() -> after.add("queued behind the stuck write"));
            assertFalse(writer.close(() -> Sockets.abort(socket)), "not everything went out");
            assertTrue(stuck.get(10, TimeUnit.SECONDS).startsWith("failed"), "the abort ended the stuck write");
            assertEquals(List.of(), after, "what waited behind it was dropped");
            assertFalse(silent.isClosed());
        }
    }

    @Test
    void aWriteThatClosesItsOwnWriterDoesNotWaitForItself() throws Exception {
        BoundedWriter writer = new BoundedWriter("test-writer", 4);
        CompletableFuture<Boolean> closedFromInside = new CompletableFuture<>();
        writer.submit(() -> closedFromInside.complete(writer.close(() -> { })));
        assertFalse(closedFromInside.get(10, TimeUnit.SECONDS));
        assertFalse(writer.submit(() -> { }));
    }

    @Test
    void joinWaitsForAThreadAndTreatsNothingToWaitForAsEnded() {
        CountDownLatch release = new CountDownLatch(1);
        Thread worker = Threads.start("test-worker", () -> await(release));
        release.countDown();
        assertTrue(Threads.join(worker));
        assertFalse(worker.isAlive());
        assertTrue(Threads.join(null));
        assertTrue(Threads.join(Thread.currentThread()), "a thread does not wait for itself");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
