package punchline.client.ui.main;

import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import punchline.client.ui.request.RequestController;

/**
 * The window: menu and banner on top, people on the left, requests and chats on the right, status at
 * the bottom.
 */
final class MainView {
    final BorderPane root = new BorderPane();
    final MenuItem answerRequest = new MenuItem("Answer a request…");

    MainView(MainController controller, Node notice, Node room, Node requests, Node chats, Node status) {
        VBox right = new VBox(requests, chats);
        VBox.setVgrow(chats, Priority.ALWAYS);
        SplitPane split = new SplitPane(room, right);
        split.setDividerPositions(0.3);
        SplitPane.setResizableWithParent(room, false);
        root.setTop(new VBox(menuBar(controller), notice));
        root.setCenter(split);
        root.setBottom(status);
        root.getStyleClass().add("main");
    }

    Parent root() {
        return root;
    }

    private MenuBar menuBar(MainController controller) {
        MenuItem settings = new MenuItem("Settings…");
        settings.setId("settingsMenuItem");
        settings.setAccelerator(KeyCombination.keyCombination("Shortcut+Comma"));
        settings.setOnAction(event -> controller.onSettings());
        MenuItem you = new MenuItem("About you…");
        you.setId("aboutYouMenuItem");
        you.setOnAction(event -> controller.onAboutYou());
        answerRequest.setId("answerRequestMenuItem");
        answerRequest.setAccelerator(RequestController.SHORTCUT);
        answerRequest.setOnAction(event -> controller.onAnswerRequest());
        MenuItem copyInvite = new MenuItem("Copy invite");
        copyInvite.setId("copyInviteMenuItem");
        copyInvite.setOnAction(event -> controller.onCopyInvite());
        MenuItem pasteInvite = new MenuItem("Paste invite…");
        pasteInvite.setId("pasteInviteMenuItem");
        pasteInvite.setOnAction(event -> controller.onPasteInvite());
        MenuItem quit = new MenuItem("Quit");
        quit.setAccelerator(KeyCombination.keyCombination("Shortcut+Q"));
        quit.setOnAction(event -> controller.onQuit());
        Menu app = new Menu("Punchline", null, answerRequest, new SeparatorMenuItem(), copyInvite, pasteInvite,
                new SeparatorMenuItem(), you, settings,
                new SeparatorMenuItem(), quit);

        MenuItem about = new MenuItem("About Punchline");
        about.setOnAction(event -> controller.onAbout());
        Menu help = new Menu("Help", null, about);

        MenuBar bar = new MenuBar(app, help);
        bar.setId("menuBar");
        return bar;
    }
}
