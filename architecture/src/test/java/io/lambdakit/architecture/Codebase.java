package io.lambdakit.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The repository as the rules see it: where each module's sources, built classes and jar are, and the
 * classes imported once for every test class. The modules are found by directory, not through a class
 * of theirs, so renaming a type never breaks the lookup; this module's test-scoped dependencies make the
 * reactor build (and package) them first.
 */
final class Codebase {

    /** A shipped module: its directory, its root package and the Automatic-Module-Name its jar declares. */
    enum Module {
        CORE("core", "io.lambdakit.core", "io.lambdakit.core"),
        LOGGING("logging", "io.lambdakit.logging", "io.lambdakit.logging"),
        TRACING("tracing", "io.lambdakit.tracing", "io.lambdakit.tracing"),
        METRICS("metrics", "io.lambdakit.metrics", "io.lambdakit.metrics"),
        IDEMPOTENCY("idempotency", "io.lambdakit.idempotency", "io.lambdakit.idempotency"),
        BATCH("batch", "io.lambdakit.batch", "io.lambdakit.batch"),
        SECRETS("secrets", "io.lambdakit.secrets", "io.lambdakit.secrets"),
        TESTING("testing", "io.lambdakit.testing", "io.lambdakit.testing"),
        TESTING_CONTRACTS("testing-contracts", "io.lambdakit.testing", "io.lambdakit.testing.contracts"),
        MAVEN_PLUGIN("maven-plugin", "io.lambdakit.maven", "io.lambdakit.maven");

        /** The feature modules: each depends on core only. */
        static final List<Module> FEATURES = List.of(LOGGING, TRACING, METRICS, IDEMPOTENCY, BATCH, SECRETS);

        final String directory;
        final String rootPackage;
        final String automaticModuleName;

        Module(String directory, String rootPackage, String automaticModuleName) {
            this.directory = directory;
            this.rootPackage = rootPackage;
            this.automaticModuleName = automaticModuleName;
        }

        /** ArchUnit's package pattern for everything in this module. */
        String packages() {
            return rootPackage + "..";
        }

        Path classes() {
            return builtClasses(directory);
        }

        Path sources() {
            return REPOSITORY.resolve(directory).resolve("src/main/java");
        }
    }

    /** The benchmark modules that call lambdakit (the others hold no lambdakit code). */
    static final List<String> BENCHMARKS = List.of(
            "benchmarks/harness", "benchmarks/coldstart", "benchmarks/variant-common", "benchmarks/variant-lambdakit");

    static final Path REPOSITORY = repository();

    private static JavaClasses shipped;
    private static JavaClasses benchmarks;

    private Codebase() {
    }

    /** The main classes of every shipped module (as built, so woven by AspectJ where the module weaves). */
    static synchronized JavaClasses shipped() {
        if (shipped == null) {
            List<Path> paths = new ArrayList<>();
            for (Module module : Module.values()) {
                paths.add(module.classes());
            }
            shipped = new ClassFileImporter().importPaths(paths);
        }
        return shipped;
    }

    /** The benchmarks' main classes together with the shipped modules' (so that woven calls to aspects resolve). */
    static synchronized JavaClasses benchmarksWithShipped() {
        if (benchmarks == null) {
            List<Path> paths = new ArrayList<>();
            for (Module module : Module.values()) {
                paths.add(module.classes());
            }
            for (String directory : BENCHMARKS) {
                paths.add(builtClasses(directory));
            }
            benchmarks = new ClassFileImporter().importPaths(paths);
        }
        return benchmarks;
    }

    static Path builtClasses(String directory) {
        Path classes = REPOSITORY.resolve(directory).resolve("target/classes");
        if (!Files.isDirectory(classes)) {
            throw new IllegalStateException(classes + " does not exist: build the module first "
                    + "(mvn -pl architecture -am verify builds every module the rules read)");
        }
        return classes;
    }

    /** The main jar in the module's target directory (not its sources, javadoc or test jars). */
    static Path builtJar(Module module) {
        List<Path> jars = new ArrayList<>();
        for (Path jar : builtJars(module)) {
            String name = jar.getFileName().toString();
            if (!name.endsWith("-sources.jar") && !name.endsWith("-javadoc.jar")) {
                jars.add(jar);
            }
        }
        if (jars.size() != 1) {
            throw new IllegalStateException(module.directory + "/target holds " + jars + " but must hold one main jar: package the"
                    + " module first (mvn -pl architecture -am verify packages every module before these tests run)");
        }
        return jars.get(0);
    }

    /** Every jar the module publishes, as the reactor built it: main, sources and javadoc (not test jars), sorted. */
    static List<Path> builtJars(Module module) {
        Path target = REPOSITORY.resolve(module.directory).resolve("target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> {
                String name = f.getFileName().toString();
                return name.endsWith(".jar") && !name.endsWith("-tests.jar");
            }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(target + " cannot be listed: package the module first "
                    + "(mvn -pl architecture -am verify packages every module before these tests run)", e);
        }
    }

    /** Every {@code .java} file under {@code root}, sorted. */
    static List<Path> javaFiles(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shipped class of that binary name, if there is one. */
    static Optional<JavaClass> find(String name) {
        JavaClasses classes = shipped();
        return classes.contain(name) ? Optional.of(classes.get(name)) : Optional.empty();
    }

    /** Whether {@code type} lives in an {@code internal} package (or below one). */
    static boolean isInternal(JavaClass type) {
        String name = type.getPackageName();
        return name.endsWith(".internal") || name.contains(".internal.");
    }

    /** The top-level class of a nested, local or anonymous class (itself for a top-level class). */
    static String topLevelName(String className) {
        int dollar = className.indexOf('$');
        return dollar < 0 ? className : className.substring(0, dollar);
    }

    private static Path repository() {
        String property = System.getProperty("lambdakit.repository");
        Path root = property != null ? Path.of(property) : Path.of("..");
        root = root.toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve("CONTRIBUTING.md"))) {
            throw new IllegalStateException(root + " is not the repository root: run the tests from the architecture module");
        }
        return root;
    }
}
