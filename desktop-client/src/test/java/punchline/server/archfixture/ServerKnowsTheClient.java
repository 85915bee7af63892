package punchline.server.archfixture;

import punchline.client.net.ClientCore;

/** Breaks a layer rule on purpose (the server knowing the client): only for LayerRulesCanFailTest. */
public final class ServerKnowsTheClient {
    ClientCore clientCore;
}
