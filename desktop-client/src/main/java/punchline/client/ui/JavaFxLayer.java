package punchline.client.ui;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * JavaFX the way it supports being run: as named modules, not from the class path (where every start
 * warned "Unsupported JavaFX configuration"). No JavaFX here: this class runs before JavaFX is visible.
 *
 * <ul>
 *   <li>The packaged app's runtime image holds JavaFX as modules of the boot layer: nothing to do.</li>
 *   <li>punchline.jar carries the JavaFX and ControlsFX jars inside it ({@value #BUNDLE}); they are
 *       unpacked once to {@code ${XDG_CACHE_HOME:-~/.cache}/punchline/javafx} (named by their checksum,
 *       written atomically, so several starts at once and upgrades are safe) and become a module layer.
 *       The desktop app's own classes ({@code punchline.client.ui}) are then loaded by a class loader
 *       above that layer, so they see JavaFX; everything else stays on the class path.</li>
 *   <li>With JavaFX on the class path (tests, an IDE) it runs from there, as before.</li>
 * </ul>
 */
final class JavaFxLayer {
    /** Where punchline.jar carries the modular jars. */
    static final String BUNDLE = "punchline/javafx/";
    private static final List<String> JARS = List.of("javafx-base.jar", "javafx-graphics.jar", "javafx-controls.jar",
            "controlsfx.jar");
    private static final String UI_PACKAGE = "punchline.client.ui.";

    private JavaFxLayer() {
    }

    /** The class loader in which the desktop app's classes see JavaFX. */
    static ClassLoader uiClassLoader() throws IOException {
        ClassLoader app = JavaFxLayer.class.getClassLoader();
        if (ModuleLayer.boot().findModule("javafx.graphics").isPresent() || app.getResource(BUNDLE + JARS.get(0)) == null) {
            return app; // JavaFX is a boot module (the packaged app), or on the class path (development)
        }
        return uiClassLoader(unpack(), app);
    }

    /** A loader for the desktop app's classes above a layer of {@code jars}; other classes come from {@code classPath}. */
    static ClassLoader uiClassLoader(List<Path> jars, ClassLoader classPath) {
        ModuleLayer layer = define(jars, classPath);
        return new UiClassLoader(layer.findLoader("javafx.graphics"), classPath);
    }

    /** The bundled jars as files, unpacked now unless an earlier start did. */
    private static List<Path> unpack() throws IOException {
        Path jar = ownJar();
        try (JarFile bundle = new JarFile(jar.toFile())) {
            IOException cacheProblem = null;
            for (Path dir : List.of(cacheDir(), Files.createTempDirectory("punchline-javafx"))) {
                try {
                    return unpack(bundle, dir);
                } catch (IOException e) {
                    cacheProblem = e; // an unwritable cache: a temporary folder for this run
                }
            }
            throw cacheProblem;
        }
    }

    /** The bundled jars of {@code bundle} as files in {@code dir}; those already there (same checksum, size) stay. */
    static List<Path> unpack(JarFile bundle, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        for (String name : JARS) {
            JarEntry entry = bundle.getJarEntry(BUNDLE + name);
            if (entry == null) {
                throw new IOException(bundle.getName() + " lacks " + BUNDLE + name);
            }
            Path file = dir.resolve(name.replace(".jar", String.format(Locale.ROOT, "-%08x.jar", entry.getCrc())));
            if (!Files.isRegularFile(file) || Files.size(file) != entry.getSize()) {
                Path part = Files.createTempFile(dir, name, ".part");
                try (InputStream in = bundle.getInputStream(entry)) {
                    Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    Files.deleteIfExists(part);
                }
            }
            files.add(file);
        }
        return files;
    }

    /**
     * JavaFX and ControlsFX as one layer above the boot layer, their loader's parent the class path's.
     * ControlsFX reaches into two JavaFX internals; the packaged app opens the same two (build-dist.sh).
     */
    private static ModuleLayer define(List<Path> jars, ClassLoader parent) {
        Configuration config = ModuleLayer.boot().configuration().resolve(ModuleFinder.of(jars.toArray(Path[]::new)),
                ModuleFinder.of(), Set.of("javafx.controls", "org.controlsfx.controls"));
        ModuleLayer.Controller controller = ModuleLayer.defineModulesWithOneLoader(config, List.of(ModuleLayer.boot()),
                parent);
        ModuleLayer layer = controller.layer();
        Module controlsFx = layer.findModule("org.controlsfx.controls").orElseThrow();
        controller.addExports(layer.findModule("javafx.base").orElseThrow(), "com.sun.javafx.event", controlsFx);
        controller.addExports(layer.findModule("javafx.controls").orElseThrow(),
                "com.sun.javafx.scene.control.behavior", controlsFx);
        return layer;
    }

    private static Path ownJar() throws IOException {
        CodeSource source = JavaFxLayer.class.getProtectionDomain().getCodeSource();
        try {
            return Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new IOException("cannot tell where punchline.jar is: " + source.getLocation(), e);
        }
    }

    private static Path cacheDir() {
        String cache = System.getenv("XDG_CACHE_HOME");
        Path base = cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("punchline").resolve("javafx");
    }

    /**
     * Loads the desktop app's classes ({@code punchline.client.ui}) from the class path itself, so they
     * resolve JavaFX through its parent, the layer's loader; every other class (and every resource)
     * comes from the parent chain, which ends in the class path.
     */
    private static final class UiClassLoader extends ClassLoader {
        static {
            registerAsParallelCapable();
        }

        private final ClassLoader classPath;

        UiClassLoader(ClassLoader javaFx, ClassLoader classPath) {
            super("punchline-ui", javaFx);
            this.classPath = classPath;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(UI_PACKAGE)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    loaded = findClass(name);
                }
                if (resolve) {
                    resolveClass(loaded);
                }
                return loaded;
            }
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            try (InputStream in = classPath.getResourceAsStream(name.replace('.', '/') + ".class")) {
                if (in == null) {
                    throw new ClassNotFoundException(name);
                }
                byte[] bytes = in.readAllBytes();
                return defineClass(name, bytes, 0, bytes.length, JavaFxLayer.class.getProtectionDomain());
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }
    }
}
