package punchline.common.archfixture;

import punchline.server.RendezvousServer;

/** Breaks a layer rule on purpose (shared code knowing the server): only for LayerRulesCanFailTest. */
public final class CommonKnowsTheServer {
    RendezvousServer rendezvousServer;
}
