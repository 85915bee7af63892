package punchline.client.ui.notice;

import java.lang.System.Logger.Level;
import javafx.scene.Node;

/**
 * The banner for what everyone must see: the server operator's notices, refusals and errors. It shows
 * the latest until dismissed; each is logged as well.
 */
public final class NoticeController {
    private static final System.Logger LOG = System.getLogger(NoticeController.class.getName());

    /** INFO is news from the app, NOTICE a message from the server's operator, ERROR something that went wrong. */
    public enum Kind { INFO, NOTICE, ERROR }

    private final NoticeModel model = new NoticeModel();
    private final NoticeView view = new NoticeView(model, this);

    public Node view() {
        return view.root;
    }

    public void show(Kind kind, String title, String text) {
        LOG.log(kind == Kind.ERROR ? Level.WARNING : Level.INFO, "{0}: {1}", title, text);
        model.kind.set(kind);
        model.title.set(title);
        model.text.set(text);
        model.showing.set(true);
    }

    void onDismiss() {
        model.showing.set(false);
    }
}
