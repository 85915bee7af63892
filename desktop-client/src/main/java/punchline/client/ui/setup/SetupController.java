package punchline.client.ui.setup;

import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.event.ActionEvent;
import javafx.scene.control.ButtonType;
import javafx.stage.Window;
import punchline.client.ui.settings.Settings;

/**
 * Asks for the display name and the server: on the first start (pre-filled with what already runs, so
 * it can be skipped), after a failed start (with the reason), and from the menu.
 */
public final class SetupController {
    private final Window owner;
    private final String stylesheet;
    private SetupView open;

    public SetupController(Window owner, String stylesheet) {
        this.owner = owner;
        this.stylesheet = stylesheet;
    }

    /**
     * Shows the dialog for {@code current}: the welcome on a first start ({@code firstRun}), else the
     * settings. {@code onApply} gets the settings the user confirms; "Not now" or "Cancel" change
     * nothing. {@code problem} (or null) is shown on top; {@code consequences} says what saving the form
     * as it stands would end (or ""), shown as the user edits.
     */
    public void show(Settings current, String problem, boolean firstRun, Consumer<Settings> onApply,
                     Function<Settings, String> consequences) {
        SetupView previous = open;
        open = null; // a replaced dialog closes without applying anything
        if (previous != null) {
            previous.dialog.close();
        }
        SetupModel model = new SetupModel();
        model.firstRun.set(firstRun);
        model.name.set(current.name());
        model.hostServer.set(current.hostServer());
        model.hostPort.set(String.valueOf(current.hostPort()));
        model.server.set(current.server());
        model.problem.set(problem == null ? "" : problem);
        // What saving would end, said as the user edits, before anything ends.
        InvalidationListener impact = observable -> model.consequences.set(consequences.apply(read(model)));
        for (Observable field : new Observable[] {model.name, model.hostServer, model.hostPort, model.server}) {
            field.addListener(impact);
        }
        SetupView view = new SetupView(model, owner, stylesheet);
        impact.invalidated(null);
        open = view;
        view.dialog.getDialogPane().lookupButton(view.apply).addEventFilter(ActionEvent.ACTION, event -> {
            String wrong = read(model).problem();
            if (wrong != null) {
                model.problem.set(wrong);
                event.consume(); // keeps the dialog open
            }
        });
        view.dialog.setOnHidden(event -> {
            if (open != view) {
                return;
            }
            open = null;
            ButtonType answer = view.dialog.getResult();
            if (answer == view.apply) {
                onApply.accept(read(model));
            }
        });
        view.dialog.show();
        view.name.requestFocus();
    }

    private static Settings read(SetupModel model) {
        int port;
        try {
            port = Integer.parseInt(model.hostPort.get().strip());
        } catch (NumberFormatException e) {
            port = -1;
        }
        return new Settings(model.name.get().strip(), model.hostServer.get(), port, model.server.get().strip());
    }
}
