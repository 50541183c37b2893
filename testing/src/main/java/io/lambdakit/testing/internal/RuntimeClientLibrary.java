package io.lambdakit.testing.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;

/**
 * The runtime interface client's JNI library. The client unpacks it to a fixed
 * {@code /tmp/.libaws-lambda-jni.so} by default, which parallel test JVMs would overwrite under
 * each other; we extract it into the function's own directory and pass its path with
 * {@value #JNI_PROPERTY}.
 */
public final class RuntimeClientLibrary {

    /** The system property the client loads its JNI library from when set. */
    public static final String JNI_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";
    /** The client's main class. */
    public static final String MAIN_CLASS = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    /** The package of the client's CRaC implementation, for {@code -Dorg.crac.Core.Compat}. */
    public static final String CRAC_COMPAT = "com.amazonaws.services.lambda.crac";

    private RuntimeClientLibrary() {
    }

    /**
     * @return the name of the library for this platform inside the client's jar, empty where the
     *         client has none (macOS, Windows, other CPUs)
     */
    public static Optional<String> libraryName() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) {
            return Optional.empty();
        }
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String cpu;
        if (arch.equals("amd64") || arch.equals("x86_64")) {
            cpu = "x86_64";
        } else if (arch.equals("aarch64") || arch.equals("arm64")) {
            cpu = "aarch_64";
        } else {
            return Optional.empty();
        }
        return Optional.of("libaws-lambda-jni." + (isMusl() ? "linux_musl-" : "linux-") + cpu + ".so");
    }

    private static boolean isMusl() {
        try (var files = Files.list(Path.of("/lib"))) {
            return files.anyMatch(p -> p.getFileName().toString().startsWith("ld-musl-"));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Extracts the library into {@code directory}.
     *
     * @param directory a directory owned by one function
     * @return the extracted file, empty when this platform has no library or the client is not on the classpath
     */
    public static Optional<Path> extractTo(Path directory) {
        Optional<String> name = libraryName();
        if (name.isEmpty()) {
            return Optional.empty();
        }
        ClassLoader loader = RuntimeClientLibrary.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream("jni/" + name.get())) {
            if (in == null) {
                return Optional.empty();
            }
            Files.createDirectories(directory);
            Path target = directory.resolve(name.get());
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return Optional.of(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the runtime interface client's JNI library into " + directory, e);
        }
    }
}
