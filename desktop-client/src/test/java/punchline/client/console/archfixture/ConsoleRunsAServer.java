package punchline.client.console.archfixture;

import punchline.server.RendezvousServer;

/** Breaks a layer rule on purpose (the console reaching into the server): only for LayerRulesCanFailTest. */
public final class ConsoleRunsAServer {
    RendezvousServer rendezvousServer;
}
