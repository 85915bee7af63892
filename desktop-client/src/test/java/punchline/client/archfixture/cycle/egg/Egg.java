package punchline.client.archfixture.cycle.egg;

import punchline.client.archfixture.cycle.chicken.Chicken;

/** With {@link Chicken}, a package cycle on purpose: only for LayerRulesCanFailTest. */
public final class Egg {
    Chicken hatches;
}
