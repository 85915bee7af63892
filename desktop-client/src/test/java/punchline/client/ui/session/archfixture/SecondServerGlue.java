package punchline.client.ui.session.archfixture;

import punchline.server.RendezvousServer;

/** Breaks a layer rule on purpose (a way into the server beside EmbeddedServer): only for LayerRulesCanFailTest. */
public final class SecondServerGlue {
    RendezvousServer rendezvousServer;
}
