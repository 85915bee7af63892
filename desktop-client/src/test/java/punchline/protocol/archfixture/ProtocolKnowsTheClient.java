package punchline.protocol.archfixture;

import punchline.client.net.ClientCore;

/** Breaks a layer rule on purpose (the shared protocol knowing the client): only for LayerRulesCanFailTest. */
public final class ProtocolKnowsTheClient {
    ClientCore clientCore;
}
