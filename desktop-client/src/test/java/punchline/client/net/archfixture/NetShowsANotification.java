package punchline.client.net.archfixture;

import org.controlsfx.control.Notifications;

/** Breaks a layer rule on purpose (the client core using ControlsFX): only for LayerRulesCanFailTest. */
public final class NetShowsANotification {
    Notifications notifications;
}
