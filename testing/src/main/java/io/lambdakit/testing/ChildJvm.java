package io.lambdakit.testing;

import io.lambdakit.testing.internal.JavaRuntimeLoop;
import io.lambdakit.testing.internal.RuntimeClientLibrary;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * How the child JVM of {@link LocalFunction.Mode#RUNTIME_CLIENT} is launched: its java executable, the
 * managed runtime's JVM flags, its class path and main class (the real runtime client, or the portable
 * Java loop where its native library is missing), and its directories.
 */
final class ChildJvm {

    private ChildJvm() {
    }

    static Path javaExecutable(FunctionSettings s) {
        Path home = s.javaHome != null ? s.javaHome : Path.of(System.getProperty("java.home"));
        boolean windows = System.getProperty("os.name", "").startsWith("Windows");
        return home.resolve("bin").resolve(windows ? "java.exe" : "java");
    }

    /**
     * @param s             the function's settings
     * @param workDirectory the function's directory
     * @param jniLibrary    the runtime client's native library, or null for the portable Java loop
     * @return the JVM arguments, the managed runtime's first and the user's last
     */
    static List<String> jvmArgs(FunctionSettings s, Path workDirectory, Path jniLibrary) {
        List<String> args = new ArrayList<>(s.runtime.jvmFlags(s.initializationType));
        args.add("-XX:MaxHeapSize=" + (s.memoryMb * 85 / 100) + "m");
        args.add("-Djava.io.tmpdir=" + createDirectory(workDirectory.resolve("tmp")));
        args.add("-Dorg.crac.Core.Compat=" + (jniLibrary != null ? RuntimeClientLibrary.CRAC_COMPAT : JavaRuntimeLoop.CRAC_COMPAT));
        if (jniLibrary != null) {
            args.add("-D" + RuntimeClientLibrary.JNI_PROPERTY + "=" + jniLibrary);
            // JDK 22+ warns on stderr when the RIC loads its native library (JEP 472), which would be
            // captured as function output; the flag is accepted from JDK 17 on
            args.add("--enable-native-access=ALL-UNNAMED");
        }
        args.addAll(s.jvmArgs);
        return args;
    }

    /**
     * @param s the function's settings
     * @return the feature version of the child JVM ({@code javaHome}'s {@code release} file, or this JVM's), -1
     *         when a {@code javaHome} has no readable {@code release} file
     */
    static int javaVersion(FunctionSettings s) {
        if (s.javaHome == null && s.mode == LocalFunction.Mode.IN_PROCESS) {
            return Runtime.version().feature();
        }
        Path home = s.javaHome != null ? s.javaHome : Path.of(System.getProperty("java.home"));
        try {
            for (String line : Files.readAllLines(home.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    String[] parts = v.split("[.+-]");
                    int feature = Integer.parseInt(parts[0]);
                    return feature == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : feature;
                }
            }
        } catch (IOException | RuntimeException e) {
            // no release file, or one we cannot read: decided below
        }
        return s.javaHome == null ? Runtime.version().feature() : -1;
    }

    static String mainClass(Path jniLibrary) {
        return jniLibrary != null ? RuntimeClientLibrary.MAIN_CLASS : JavaRuntimeLoop.class.getName();
    }

    static String classpath(FunctionSettings s) {
        List<String> entries = new ArrayList<>();
        s.classpath.forEach(p -> entries.add(p.toString()));
        entries.add(System.getProperty("java.class.path"));
        return String.join(File.pathSeparator, entries);
    }

    static Path createDirectory(Path p) {
        try {
            return Files.createDirectories(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: it lives in a temp directory
        }
    }
}
