package punchline.client.net.archfixture;

import punchline.client.ui.UiThread;

/** Breaks a layer rule on purpose (the client core calling up into the desktop app): only for LayerRulesCanFailTest. */
public final class NetCallsTheUi {
    UiThread uiThread;
}
