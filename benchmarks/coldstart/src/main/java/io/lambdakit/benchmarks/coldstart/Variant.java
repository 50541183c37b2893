package io.lambdakit.benchmarks.coldstart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One benchmark function: its handler and the runtime classpath a user would deploy (its jar,
 * then the jars of its runtime dependencies, as Maven wrote them at package).
 *
 * @param name      short name used in the report
 * @param handler   the handler string
 * @param classpath the runtime classpath
 */
record Variant(String name, String handler, List<Path> classpath) {

    /** The three variants, in the order they alternate. */
    static List<Variant> all(Path benchmarks) {
        return List.of(
                load(benchmarks, "bare", "io.lambdakit.benchmarks.variants.bare.BareHandler::handleRequest"),
                load(benchmarks, "lambdakit", "io.lambdakit.benchmarks.variants.lambdakit.LambdakitHandler::handleRequest"),
                load(benchmarks, "powertools", "io.lambdakit.benchmarks.variants.powertools.PowertoolsHandler::handleRequest"));
    }

    static Variant load(Path benchmarks, String name, String handler) {
        Path module = benchmarks.resolve("variant-" + name);
        Path jar = module.resolve("target").resolve("lambdakit-bench-variant-" + name + ".jar");
        Path listing = module.resolve("target").resolve("runtime-classpath.txt");
        if (!Files.isRegularFile(jar) || !Files.isRegularFile(listing)) {
            throw new IllegalStateException(jar + " or " + listing + " is missing; build first: "
                    + "mvn -B -q -pl benchmarks/harness,benchmarks/coldstart -am package -DskipTests");
        }
        List<Path> cp = new ArrayList<>();
        cp.add(jar);
        try {
            for (String entry : Files.readString(listing, StandardCharsets.UTF_8).trim().split(java.io.File.pathSeparator)) {
                if (!entry.isBlank()) {
                    cp.add(Path.of(entry.trim()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Variant(name, handler, List.copyOf(cp));
    }

    /** @return the summed size of the classpath's files, in bytes */
    long classpathBytes() {
        long sum = 0;
        for (Path p : classpath) {
            try {
                sum += Files.size(p);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sum;
    }
}
