package punchline.client.console.archfixture;

import punchline.client.ui.UiThread;

/** Breaks a layer rule on purpose (the console using the desktop app): only for LayerRulesCanFailTest. */
public final class ConsoleCallsTheUi {
    UiThread uiThread;
}
