package punchline.client.ui.invite;

import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.stage.Window;
import punchline.client.net.Invite;

/**
 * Invites: "Copy invite" puts ours on the clipboard (the {@code punchline://} link, and the same as plain
 * text with the link last); "Paste invite" reads a friend's, strictly (it is hostile input), and hands it
 * on to be joined. Building ours needs nothing slow: the session knows its server, pin, room and ID.
 */
public final class InviteController {
    private final Window owner;
    private final String stylesheet;
    private final Supplier<Invite> ours;
    private final Consumer<Invite> join;
    private InviteModel model;
    private InviteView open;

    /**
     * {@code ours} is the current session's invite, or null when there is none to give (not on a server
     * yet, or a cluster's several addresses); {@code join} joins a friend's.
     */
    public InviteController(Window owner, String stylesheet, Supplier<Invite> ours, Consumer<Invite> join) {
        this.owner = owner;
        this.stylesheet = stylesheet;
        this.ours = ours;
        this.join = join;
    }

    /** Copies our invite; false (nothing copied) when there is none yet. */
    public boolean copyInvite() {
        Invite invite = ours.get();
        if (invite == null) {
            return false;
        }
        ClipboardContent content = new ClipboardContent();
        content.putString(invite.text());
        content.putUrl(invite.link());
        Clipboard.getSystemClipboard().setContent(content);
        return true;
    }

    /** The "Paste invite" dialog, with the clipboard's invite already in it if it holds one. One at a time. */
    public void showPasteDialog() {
        if (open != null) {
            open.dialog.getDialogPane().getScene().getWindow().requestFocus();
            return;
        }
        model = new InviteModel();
        InviteView view = new InviteView(model, this, owner, stylesheet);
        String clip = Clipboard.getSystemClipboard().getString();
        if (clip != null && clip.length() <= Invite.MAX_CHARS && clip.contains(Invite.SCHEME)) {
            model.pasted.set(clip);
        }
        open = view;
        view.dialog.setOnHidden(event -> open = null);
        view.dialog.show();
        view.text.requestFocus(); // the user opened it to paste
    }

    /** Join: true when the text was an invite (being joined now), else the dialog says why not. */
    boolean onJoin() {
        try {
            Invite invite = Invite.parse(model.pasted.get());
            join.accept(invite);
            return true;
        } catch (IllegalArgumentException e) {
            model.problem.set("This is not an invite Punchline can use: " + e.getMessage() + ".");
            return false;
        }
    }
}
