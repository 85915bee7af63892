package punchline.client.net.archfixture;

import punchline.client.console.ConsoleClient;

/** Breaks a layer rule on purpose (the client core calling up into the console): only for LayerRulesCanFailTest. */
public final class NetCallsTheConsole {
    ConsoleClient consoleClient;
}
