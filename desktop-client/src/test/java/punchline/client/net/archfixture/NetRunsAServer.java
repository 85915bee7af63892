package punchline.client.net.archfixture;

import punchline.server.RendezvousServer;

/** Breaks a layer rule on purpose (the client core reaching into the server): only for LayerRulesCanFailTest. */
public final class NetRunsAServer {
    RendezvousServer rendezvousServer;
}
