package punchline.client.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javafx.geometry.Bounds;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Keyboard focus shows on every Tab stop: for each control Tab reaches, what the user sees around it
 * differs between it having the focus and not.
 */
class FocusVisibleTest extends AppTestBase {

    @Test
    void everyTabStopShowsTheFocus() throws Exception {
        startAppAs("Ann");
        waitUntilOnline();
        try (TestPeer bob = TestPeer.join(server.port(), "Bob");
             TestPeer dave = TestPeer.join(server.port(), "Dave")) {
            String annKey = chatFrom(bob, "Bob");
            dave.core.connect(annKey); // a request on the card, and a banner: their buttons are stops too
            waitUntil("Dave's request shows", () -> isShowing("#requestCard"));
            server.say("Hello all");
            waitUntil("the banner shows", () -> isShowing("#noticeBar"));
            clickOn(inChat("Bob", "#messageInput")).write("draft"); // so Send is enabled
            moveTo((Node) lookup("#ownKey").query()); // the pointer rests on nothing that reacts to it
            Scene scene = fx(() -> lookup("#statusBar").query().getScene());

            Set<Node> stops = new LinkedHashSet<>();
            List<String> invisible = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                type(KeyCode.TAB);
                WaitForAsyncUtils.waitForFxEvents();
                Node owner = fx(scene::getFocusOwner);
                if (!stops.add(owner)) {
                    break; // round the whole window
                }
                if (!focusShows(scene, owner)) {
                    invisible.add(describe(owner));
                }
            }
            List<String> names = stops.stream().map(FocusVisibleTest::describe).toList();
            assertTrue(stops.size() >= 7, "Tab reaches the controls: " + names);
            assertEquals(List.of(), invisible, "focus shows on every stop of " + names);
        }
    }

    /** Whether the area around {@code node} looks different with the focus than without it. */
    private boolean focusShows(Scene scene, Node node) {
        WritableImage focused = around(scene, node);
        fx(() -> {
            scene.getRoot().requestFocus(); // the root draws no focus
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage unfocused = around(scene, node);
        fx(() -> {
            node.requestFocus();
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        return differingPixels(focused, unfocused) >= 12;
    }

    /** The node and a few pixels around it (focus rings are drawn outside a control's bounds). */
    private static WritableImage around(Scene scene, Node node) {
        return fx(() -> {
            Bounds b = node.localToScene(node.getBoundsInLocal());
            SnapshotParameters params = new SnapshotParameters();
            double x = Math.max(0, b.getMinX() - 3);
            double y = Math.max(0, b.getMinY() - 3);
            params.setViewport(new Rectangle2D(x, y, Math.min(scene.getWidth() - x, b.getWidth() + 6),
                    Math.min(scene.getHeight() - y, b.getHeight() + 6)));
            return scene.getRoot().snapshot(params, null);
        });
    }

    private static int differingPixels(WritableImage a, WritableImage b) {
        PixelReader pa = a.getPixelReader();
        PixelReader pb = b.getPixelReader();
        int width = (int) Math.min(a.getWidth(), b.getWidth());
        int height = (int) Math.min(a.getHeight(), b.getHeight());
        int differing = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (pa.getArgb(x, y) != pb.getArgb(x, y)) {
                    differing++;
                }
            }
        }
        return differing;
    }

    private static String describe(Node node) {
        if (node == null) {
            return "nothing";
        }
        String text = node instanceof javafx.scene.control.Labeled labeled ? " '" + read(labeled.getText()) + "'" : "";
        return (node.getId() != null ? "#" + node.getId() : node.getClass().getSimpleName()) + text;
    }
}
