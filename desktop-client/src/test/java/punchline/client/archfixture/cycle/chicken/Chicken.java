package punchline.client.archfixture.cycle.chicken;

import punchline.client.archfixture.cycle.egg.Egg;

/** With {@link Egg}, a package cycle on purpose: only for LayerRulesCanFailTest. */
public final class Chicken {
    Egg laid;
}
