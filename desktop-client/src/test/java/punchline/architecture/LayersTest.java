package punchline.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The layer rules on the real code of every module (this module's test classpath holds them all). */
@AnalyzeClasses(packages = "punchline", importOptions = ImportOption.DoNotIncludeTests.class)
class LayersTest {
    @ArchTest
    static final ArchRule onlyTheUiUsesJavaFx = LayerRules.ONLY_THE_UI_USES_JAVAFX;
    @ArchTest
    static final ArchRule onlyTheEmbeddedServerUsesTheServer = LayerRules.ONLY_THE_EMBEDDED_SERVER_USES_THE_SERVER;
    @ArchTest
    static final ArchRule netUsesNoUiConsoleJavaFxOrServer = LayerRules.NET_USES_NO_UI_CONSOLE_JAVAFX_OR_SERVER;
    @ArchTest
    static final ArchRule storeUsesNoNetUiConsoleJavaFxOrServer = LayerRules.STORE_USES_NO_NET_UI_CONSOLE_JAVAFX_OR_SERVER;
    @ArchTest
    static final ArchRule consoleUsesNoUiJavaFxOrServer = LayerRules.CONSOLE_USES_NO_UI_JAVAFX_OR_SERVER;
    @ArchTest
    static final ArchRule protocolAndCommonUseNoClientOrServer = LayerRules.PROTOCOL_AND_COMMON_USE_NO_CLIENT_OR_SERVER;
    @ArchTest
    static final ArchRule theServerUsesNoClient = LayerRules.THE_SERVER_USES_NO_CLIENT;
    @ArchTest
    static final ArchRule noPackageCycles = LayerRules.NO_PACKAGE_CYCLES;
}
