package punchline.client.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How punchline.jar runs JavaFX: as named modules in a layer (no "Unsupported JavaFX configuration"),
 * with the desktop app's classes above it and everything else from the class path. Built here from the
 * same JavaFX and ControlsFX jars the build bundles; the toolkit itself is not started (this JVM runs
 * the other tests' JavaFX from the class path).
 */
class JavaFxLayerTest {
    @TempDir
    Path dir;

    /** The modular jars on this test's class path, in the order the app bundles them. */
    private static List<Path> bundledJars() {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<Path> jars = new ArrayList<>();
        for (String prefix : List.of("javafx-base-", "javafx-graphics-", "javafx-controls-", "controlsfx-")) {
            jars.add(Arrays.stream(classPath.split(File.pathSeparator)).map(Path::of)
                    .filter(path -> path.getFileName().toString().startsWith(prefix)
                            && (prefix.equals("controlsfx-") || path.getFileName().toString().endsWith("-linux.jar")))
                    .findFirst().orElseThrow(() -> new AssertionError("no " + prefix + "jar on " + classPath)));
        }
        return jars;
    }

    @Test
    void theAppsClassesSeeJavaFxAsNamedModulesAndTheRestOnTheClassPath() throws Exception {
        ClassLoader classPath = JavaFxLayerTest.class.getClassLoader();
        ClassLoader ui = JavaFxLayer.uiClassLoader(bundledJars(), classPath);

        Class<?> launcher = Class.forName("punchline.client.ui.FxLauncher", false, ui);
        assertSame(ui, launcher.getClassLoader(), "the app's classes are loaded above the layer");
        Class<?> application = Class.forName("javafx.application.Application", false, ui);
        assertTrue(application.getModule().isNamed(), "JavaFX is a named module");
        assertEquals("javafx.graphics", application.getModule().getName());
        assertNotSame(Class.forName("javafx.application.Application", false, classPath), application,
                "not the class path's JavaFX");
        Module controlsFx = Class.forName("org.controlsfx.control.Notifications", false, ui).getModule();
        assertEquals("org.controlsfx.controls", controlsFx.getName());
        assertTrue(application.getModule().getLayer().findModule("javafx.base").orElseThrow()
                .isExported("com.sun.javafx.event", controlsFx), "ControlsFX gets the internals it uses");
        assertSame(classPath, Class.forName("punchline.client.net.ClientCore", false, ui).getClassLoader(),
                "the client core stays on the class path");
    }

    @Test
    void theBundledJarsAreUnpackedOnceAndReused() throws Exception {
        Path bundle = dir.resolve("punchline.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(bundle))) {
            for (Path jar : bundledJars()) {
                String name = jar.getFileName().toString().replaceAll("-[0-9.]+(-linux)?\\.jar$", ".jar");
                out.putNextEntry(new JarEntry(JavaFxLayer.BUNDLE + name));
                Files.copy(jar, out);
                out.closeEntry();
            }
        }
        Path cache = dir.resolve("cache");
        List<Path> first;
        try (JarFile jar = new JarFile(bundle.toFile())) {
            first = JavaFxLayer.unpack(jar, cache);
        }
        assertEquals(4, first.size());
        for (Path file : first) {
            assertTrue(file.getFileName().toString().matches("(javafx-(base|graphics|controls)|controlsfx)-[0-9a-f]{8}\\.jar"),
                    file.toString());
            Files.setLastModifiedTime(file, FileTime.fromMillis(0));
        }
        try (JarFile jar = new JarFile(bundle.toFile())) {
            assertEquals(first, JavaFxLayer.unpack(jar, cache));
        }
        for (Path file : first) {
            assertEquals(0, Files.getLastModifiedTime(file).toMillis(), "reused, not written again: " + file);
        }
        try (var listing = Files.list(cache)) {
            assertEquals(4, listing.count(), "no leftovers");
        }
    }
}
