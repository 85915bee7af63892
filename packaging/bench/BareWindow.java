import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

/** The reference for packaging/measure-startup.sh: the least a JavaFX app can show, a window with a label. */
public final class BareWindow extends Application {
    @Override
    public void start(Stage stage) {
        stage.setTitle("Punchline"); // the title the measurement waits for
        stage.setScene(new Scene(new StackPane(new Label("A bare JavaFX window")), 1000, 660));
        stage.show();
    }

    public static void main(String[] args) {
        launch(args);
    }
}
