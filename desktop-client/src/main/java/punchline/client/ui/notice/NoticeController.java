package punchline.client.ui.notice;

import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.Map;
import javafx.animation.PauseTransition;
import javafx.scene.Node;
import javafx.util.Duration;
import punchline.client.ui.notice.NoticeModel.Notice;

/**
 * The banner for what everyone must see: the server operator's notices, refusals, errors and news. A
 * banner describes the present or goes: each is about a {@link Topic}, a newer one on the same topic
 * replaces it, and the change of state that makes it untrue clears it ({@link #clear}). News (something
 * that happened) goes by itself after a while; a state stays until it ends or the user dismisses it.
 * The newest banner shows; when it goes, the one before it shows again if it still holds. Each is
 * logged as well.
 */
public final class NoticeController {
    private static final System.Logger LOG = System.getLogger(NoticeController.class.getName());
    /** How long news stays (longer while the pointer is on it). */
    static final Duration NEWS_LIFETIME = Duration.seconds(10);

    /** INFO is news from the app, NOTICE a message from the server's operator, ERROR something that went wrong. */
    public enum Kind { INFO, NOTICE, ERROR }

    /** What a banner is about. */
    public record Topic(String id) {
        /** Our link to the rendezvous server (e.g. "back on the server"). */
        public static final Topic SERVER = new Topic("server");
        /** Starting the network with the settings (e.g. "could not start"). */
        public static final Topic SESSION = new Topic("session");
        /** Reading or writing the settings file. */
        public static final Topic SETTINGS = new Topic("settings");
        /** Our identity (a temporary one this run). */
        public static final Topic IDENTITY = new Topic("identity");
        /** What the server's operator said (say, tell). */
        public static final Topic OPERATOR = new Topic("operator");
        /** The server's certificate is not the one pinned for it. */
        public static final Topic SERVER_CERTIFICATE = new Topic("server-certificate");
        /** The local store of contacts and history. */
        public static final Topic STORE = new Topic("store");
        /** Our invite copied, or a friend's that could not be used. */
        public static final Topic INVITE = new Topic("invite");
        /** A command the core could not carry out. */
        public static final Topic COMMAND = new Topic("command");

        /** Requests and chats with one user. */
        public static Topic peer(String key) {
            return new Topic("peer:" + key);
        }

        /** A user's changed certificate. */
        public static Topic certificate(String key) {
            return new Topic("certificate:" + key);
        }
    }

    private final NoticeModel model = new NoticeModel();
    private final NoticeView view = new NoticeView(model, this);
    private final Map<Notice, PauseTransition> timers = new HashMap<>();

    public Node view() {
        return view.root;
    }

    /** A state that holds until {@link #clear}ed (or dismissed), replacing whatever was said on its topic. */
    public void state(Topic topic, Kind kind, String title, String text) {
        add(new Notice(topic, kind, title, text));
    }

    /**
     * A state with a button ({@code action}) that opens what the user needs to decide: the banner never
     * takes the keyboard, the user goes to it when ready.
     */
    public void state(Topic topic, Kind kind, String title, String text, String action, Runnable onAction) {
        add(new Notice(topic, kind, title, text, action, onAction));
    }

    void onAction() {
        Notice shown = model.current.get();
        if (shown != null && shown.onAction() != null) {
            shown.onAction().run();
        }
    }

    /** Something that happened: shown for a while, replacing whatever was said on its topic. */
    public void news(Topic topic, Kind kind, String title, String text) {
        Notice notice = new Notice(topic, kind, title, text);
        add(notice);
        PauseTransition timer = new PauseTransition(NEWS_LIFETIME);
        timer.setOnFinished(event -> {
            if (view.root.isHover()) {
                timer.playFromStart(); // being read
            } else {
                remove(notice);
            }
        });
        timers.put(notice, timer);
        timer.play();
    }

    /** What was said about {@code topic} no longer holds. */
    public void clear(Topic topic) {
        model.active.stream().filter(notice -> notice.topic().equals(topic)).toList().forEach(this::remove);
    }

    void onDismiss() {
        Notice shown = model.current.get();
        if (shown != null) {
            remove(shown);
        }
    }

    private void add(Notice notice) {
        LOG.log(notice.kind() == Kind.ERROR ? Level.WARNING : Level.INFO, "{0}: {1}", notice.title(), notice.text());
        clear(notice.topic());
        model.active.add(notice);
    }

    private void remove(Notice notice) {
        PauseTransition timer = timers.remove(notice);
        if (timer != null) {
            timer.stop();
        }
        model.active.remove(notice);
    }
}
