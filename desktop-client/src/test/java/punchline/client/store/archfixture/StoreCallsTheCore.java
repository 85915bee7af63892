package punchline.client.store.archfixture;

import punchline.client.net.ClientCore;

/** Breaks a layer rule on purpose (the store calling up into the client core): only for LayerRulesCanFailTest. */
public final class StoreCallsTheCore {
    ClientCore core;
}
