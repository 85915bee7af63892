package punchline.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The layers of Punchline as rules: protocol ← server; protocol ← client net ← (console, ui); only the
 * ui touches JavaFX and only the app's embedded server touches the server. The desktop-client module
 * depends on the server at compile scope (the app can host one), so the compiler alone would let any
 * client package use it: these rules are what keeps the layers. {@link LayersTest} checks them on the
 * real code, {@link LayerRulesCanFailTest} shows each one failing on a class that breaks it.
 */
final class LayerRules {
    static final String UI = "punchline.client.ui..";
    static final String CONSOLE = "punchline.client.console..";
    static final String NET = "punchline.client.net..";
    static final String STORE = "punchline.client.store..";
    static final String CLIENT = "punchline.client..";
    static final String SERVER = "punchline.server..";
    static final String PROTOCOL = "punchline.protocol..";
    static final String COMMON = "punchline.common..";
    static final String JAVAFX = "javafx..";
    static final String CONTROLSFX = "org.controlsfx..";

    /** The glue that runs a rendezvous server inside the desktop app: the one client class that may use it. */
    static final String EMBEDDED_SERVER = "punchline.client.ui.session.EmbeddedServer";
    /** What starts the programs and wires the layers together: above every package. */
    static final List<String> ENTRY_POINTS = List.of("punchline.client.Main", "punchline.client.ui.PunchlineApp");

    static final ArchRule ONLY_THE_UI_USES_JAVAFX = noClasses()
            .that().resideOutsideOfPackage(UI)
            .should().dependOnClassesThat().resideInAnyPackage(JAVAFX, CONTROLSFX)
            .because("the server, the client core and the console run without a display");

    static final ArchRule ONLY_THE_EMBEDDED_SERVER_USES_THE_SERVER = noClasses()
            .that().resideOutsideOfPackage(SERVER).and(not(embeddedServerGlue()))
            .should().dependOnClassesThat().resideInAPackage(SERVER)
            .because("the client talks to a server only through the protocol; the app merely hosts one");

    static final ArchRule NET_USES_NO_UI_CONSOLE_JAVAFX_OR_SERVER = noClasses()
            .that().resideInAPackage(NET)
            .should().dependOnClassesThat().resideInAnyPackage(UI, CONSOLE, SERVER, JAVAFX, CONTROLSFX)
            .because("the client core is the layer the console and the desktop app are built on");

    static final ArchRule STORE_USES_NO_NET_UI_CONSOLE_JAVAFX_OR_SERVER = noClasses()
            .that().resideInAPackage(STORE)
            .should().dependOnClassesThat().resideInAnyPackage(NET, UI, CONSOLE, SERVER, JAVAFX, CONTROLSFX)
            .because("contacts and history sit below the client core, which keys trust on them");

    static final ArchRule CONSOLE_USES_NO_UI_JAVAFX_OR_SERVER = noClasses()
            .that().resideInAPackage(CONSOLE)
            .should().dependOnClassesThat().resideInAnyPackage(UI, SERVER, JAVAFX, CONTROLSFX)
            .because("the console client runs headless on the client core alone");

    static final ArchRule PROTOCOL_AND_COMMON_USE_NO_CLIENT_OR_SERVER = noClasses()
            .that().resideInAnyPackage(PROTOCOL, COMMON)
            .should().dependOnClassesThat().resideInAnyPackage(CLIENT, SERVER)
            .because("both sides share the protocol; it must not know either of them");

    static final ArchRule THE_SERVER_USES_NO_CLIENT = noClasses()
            .that().resideInAPackage(SERVER)
            .should().dependOnClassesThat().resideInAPackage(CLIENT)
            .because("the server runs on its own (punchline-server.jar) and serves any client");

    /**
     * Every package, not only the layers. The two entry points are exempt: {@code punchline.client.Main}
     * and {@code punchline.client.ui.PunchlineApp} wire everything below them, yet share their package
     * with classes the packages below use (ClientOptions; UiThread, AppOptions), so their wiring would
     * count as a cycle. A cycle that does not go through an entry point still fails.
     */
    static final ArchRule NO_PACKAGE_CYCLES = slices()
            .matching("punchline.(**)")
            .should().beFreeOfCycles()
            .ignoreDependency(entryPoints(), DescribedPredicate.alwaysTrue())
            .because("a cycle makes two packages one, whatever their names say");

    private LayerRules() {
    }

    private static DescribedPredicate<JavaClass> entryPoints() {
        return classesOrNestedIn("an entry point", ENTRY_POINTS);
    }

    private static DescribedPredicate<JavaClass> embeddedServerGlue() {
        return classesOrNestedIn("the embedded server glue", List.of(EMBEDDED_SERVER));
    }

    /** The named classes and the classes nested in them (by name, as some are not public). */
    private static DescribedPredicate<JavaClass> classesOrNestedIn(String what, List<String> names) {
        return DescribedPredicate.describe(what + " " + names, javaClass -> names.stream().anyMatch(name ->
                javaClass.getName().equals(name) || javaClass.getName().startsWith(name + "$")));
    }
}
