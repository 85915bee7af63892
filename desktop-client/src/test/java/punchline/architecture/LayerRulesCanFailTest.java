package punchline.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import punchline.client.archfixture.cycle.chicken.Chicken;
import punchline.client.archfixture.cycle.egg.Egg;
import punchline.client.console.archfixture.ConsoleCallsTheUi;
import punchline.client.console.archfixture.ConsoleRunsAServer;
import punchline.client.console.archfixture.ConsoleShowsALabel;
import punchline.client.net.archfixture.NetCallsTheConsole;
import punchline.client.net.archfixture.NetCallsTheUi;
import punchline.client.net.archfixture.NetRunsAServer;
import punchline.client.net.archfixture.NetShowsALabel;
import punchline.client.net.archfixture.NetShowsANotification;
import punchline.client.store.archfixture.StoreCallsTheCore;
import punchline.client.store.archfixture.StoreShowsALabel;
import punchline.client.ui.archfixture.UiShowsALabel;
import punchline.client.ui.session.archfixture.SecondServerGlue;
import punchline.common.archfixture.CommonKnowsTheServer;
import punchline.protocol.archfixture.ProtocolKnowsTheClient;
import punchline.server.archfixture.ServerKnowsTheClient;

/**
 * A rule that cannot fail is a defect: each layer rule, run on test-only classes that break it (the
 * {@code archfixture} packages, which {@link LayersTest} does not import), reports them.
 */
class LayerRulesCanFailTest {
    /** Each rule (by its field name in LayerRules) and the classes that break it. */
    private static final Map<String, List<Class<?>>> BREAKERS = Map.of(
            "ONLY_THE_UI_USES_JAVAFX", List.of(NetShowsALabel.class, NetShowsANotification.class,
                    ConsoleShowsALabel.class),
            "ONLY_THE_EMBEDDED_SERVER_USES_THE_SERVER", List.of(SecondServerGlue.class, NetRunsAServer.class,
                    ConsoleRunsAServer.class, CommonKnowsTheServer.class),
            "NET_USES_NO_UI_CONSOLE_JAVAFX_OR_SERVER", List.of(NetShowsALabel.class, NetShowsANotification.class,
                    NetCallsTheUi.class, NetCallsTheConsole.class, NetRunsAServer.class),
            "CONSOLE_USES_NO_UI_JAVAFX_OR_SERVER", List.of(ConsoleCallsTheUi.class, ConsoleShowsALabel.class,
                    ConsoleRunsAServer.class),
            "PROTOCOL_AND_COMMON_USE_NO_CLIENT_OR_SERVER", List.of(ProtocolKnowsTheClient.class,
                    CommonKnowsTheServer.class),
            "THE_SERVER_USES_NO_CLIENT", List.of(ServerKnowsTheClient.class),
            "STORE_USES_NO_NET_UI_CONSOLE_JAVAFX_OR_SERVER", List.of(StoreCallsTheCore.class,
                    StoreShowsALabel.class));

    static Stream<Arguments> rulesAndBreakers() {
        return BREAKERS.entrySet().stream().flatMap(entry -> entry.getValue().stream()
                .map(breaker -> Arguments.of(entry.getKey(), breaker.getSimpleName(), breaker)));
    }

    @ParameterizedTest(name = "{0} fails on {1}")
    @MethodSource("rulesAndBreakers")
    void eachRuleFailsOnAClassThatBreaksIt(String rule, String name, Class<?> breaker) {
        EvaluationResult result = rule(rule).evaluate(new ClassFileImporter().importClasses(breaker));
        assertTrue(result.hasViolation(), rule + " let " + name + " pass");
        assertTrue(result.getFailureReport().getDetails().stream().anyMatch(line -> line.contains(breaker.getName())),
                "the violation names the class: " + result.getFailureReport());
    }

    @Test
    void aPackageCycleFails() {
        EvaluationResult result = LayerRules.NO_PACKAGE_CYCLES.evaluate(
                new ClassFileImporter().importClasses(Chicken.class, Egg.class));
        assertTrue(result.hasViolation(), "the chicken-and-egg cycle passed");
        assertTrue(result.getFailureReport().toString().contains("Cycle detected"),
                result.getFailureReport()::toString);
    }

    @Test
    void theUiMayUseJavaFx() {
        JavaClasses classes = new ClassFileImporter().importClasses(UiShowsALabel.class, NetCallsTheConsole.class);
        assertFalse(LayerRules.ONLY_THE_UI_USES_JAVAFX.evaluate(classes).hasViolation());
    }

    /** A rule added to LayerRules without a class that breaks it would go unproven: this says so. */
    @Test
    void everyRuleIsShownFailing() {
        Set<String> rules = new TreeSet<>();
        for (Field field : LayerRules.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == ArchRule.class) {
                rules.add(field.getName());
            }
        }
        Set<String> shown = new TreeSet<>(BREAKERS.keySet());
        shown.add("NO_PACKAGE_CYCLES"); // aPackageCycleFails
        assertEquals(rules, shown);
        assertEquals(rules.size(), Arrays.stream(LayersTest.class.getDeclaredFields())
                .filter(field -> field.getType() == ArchRule.class).count(), "LayersTest runs every rule");
    }

    private static ArchRule rule(String name) {
        try {
            return (ArchRule) LayerRules.class.getDeclaredField(name).get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("no rule " + name, e);
        }
    }
}
