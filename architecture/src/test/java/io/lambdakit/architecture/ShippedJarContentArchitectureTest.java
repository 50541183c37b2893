package io.lambdakit.architecture;

import io.lambdakit.architecture.Codebase.Module;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;

/**
 * A shipped jar (main, sources and javadoc) carries what users need and nothing of the machine that built it: no
 * AspectJ argument file ({@code builddef.lst} lists the build's class path and source files), and no absolute path of
 * the build (the repository directory, where every module's {@code target/} is, the local Maven repository, the
 * user's home, the JDK) in any entry. Such files differ from one machine to the next, so the jars would not be
 * reproducible ({@code .ci/reproducible}), and they tell the world how the release machine is laid out.
 */
class ShippedJarContentArchitectureTest {

    private static final String AJC_ARGUMENT_FILE = "builddef.lst";

    @Test
    void everyShippedJar_holdsNoAjcArgumentFile() {
        List<String> violations = new ArrayList<>();
        for (Module module : Module.values()) {
            for (Path jar : Codebase.builtJars(module)) {

                List<String> entries = entryNames(jar);

                for (String entry : entries) {
                    if (entry.equals(AJC_ARGUMENT_FILE) || entry.endsWith("/" + AJC_ARGUMENT_FILE)) {
                        violations.add(jar + " holds " + entry + " (ajc's argument file, with this machine's paths); point"
                                + " aspectj-maven-plugin's argumentFileDirectory under ${project.build.directory}, outside"
                                + " the classes directory (root pom.xml)");
                    }
                }
            }
        }

        Violations.check("shipped jars with a build-machine file", violations);
    }

    @Test
    void everyShippedJar_mentionsNoPathOfTheBuildMachine() {
        Map<String, String> paths = buildMachinePaths();
        List<String> violations = new ArrayList<>();
        for (Module module : Module.values()) {
            for (Path jar : Codebase.builtJars(module)) {

                Map<String, byte[]> entries = entries(jar);

                for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                    for (Map.Entry<String, String> path : paths.entrySet()) {
                        if (contains(entry.getValue(), path.getKey().getBytes(StandardCharsets.UTF_8))) {
                            violations.add(jar + "!" + entry.getKey() + " contains " + path.getKey() + " (" + path.getValue()
                                    + "); write that file outside target/classes, or make what generates it write"
                                    + " relative paths");
                            break;
                        }
                    }
                }
            }
        }

        Violations.check("shipped jars that mention a path of the build machine", violations);
    }

    /** The absolute paths a build-machine file would carry, each with what it is, the most telling first. */
    private static Map<String, String> buildMachinePaths() {
        Map<String, String> paths = new LinkedHashMap<>();
        paths.put(Codebase.REPOSITORY.toString() + "/", "the repository directory, where the build directories are");
        paths.put(localMavenRepository() + "/", "the local Maven repository");
        paths.put(Path.of(System.getProperty("java.home")).toAbsolutePath().normalize() + "/", "the JDK that built it");
        String home = System.getProperty("user.home");
        if (home != null && home.length() > 1) {
            paths.put(Path.of(home).toAbsolutePath().normalize() + "/", "the home directory of the user who built it");
        }
        return paths;
    }

    /** The local Maven repository: where JUnit's jar on this test class path sits, less its coordinates' directories. */
    private static Path localMavenRepository() {
        try {
            Path jar = Path.of(Test.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // <repository>/org/junit/jupiter/junit-jupiter-api/<version>/junit-jupiter-api-<version>.jar
            Path repository = jar;
            for (int level = 0; level < 6; level++) {
                repository = repository.getParent();
            }
            if (!jar.startsWith(repository.resolve("org/junit/jupiter"))) {
                throw new IllegalStateException(jar + " is not in a Maven repository layout");
            }
            return repository.toAbsolutePath().normalize();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> entryNames(Path jar) {
        List<String> names = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            Enumeration<JarEntry> all = file.entries();
            while (all.hasMoreElements()) {
                names.add(all.nextElement().getName());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(jar + " cannot be read", e);
        }
        return names;
    }

    private static Map<String, byte[]> entries(Path jar) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            Enumeration<JarEntry> all = file.entries();
            while (all.hasMoreElements()) {
                JarEntry entry = all.nextElement();
                if (entry.isDirectory()) {
                    continue;
                }
                try (InputStream in = file.getInputStream(entry)) {
                    entries.put(entry.getName(), in.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(jar + " cannot be read", e);
        }
        return entries;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int start = 0; start <= haystack.length - needle.length; start++) {
            for (int i = 0; i < needle.length; i++) {
                if (haystack[start + i] != needle[i]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
