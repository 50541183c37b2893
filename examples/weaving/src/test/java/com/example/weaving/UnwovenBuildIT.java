package com.example.weaving;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The build-time weaving check, for real: a small user project (src/it/missing-aspect-library)
 * uses {@code @Idempotent} and {@code @FlushMetrics} but lists only lambdakit-logging in
 * aspectLibraries; a spawned {@code mvn verify} must fail in lambdakit-maven-plugin's
 * verify-weaving goal with a message naming each method and the aspectLibrary to add.
 * lambdakit's artifacts come from target/it-repo (maven-invoker-plugin:install), everything else
 * from the user's local repository, read through a mirror: nothing is installed into it.
 */
class UnwovenBuildIT {

    @Test
    void missingAspectLibrary_verifyWeaving_failsTheBuildNamingMethodsAndAspectLibraries() throws Exception {
        Path project = copy(Path.of(System.getProperty("weaving.itProjects"), "missing-aspect-library"),
                Path.of(System.getProperty("weaving.itWork"), "missing-aspect-library"));
        Path settings = project.resolve("it-settings.xml");
        Files.writeString(settings, "<settings><mirrors><mirror><id>user-repository</id><mirrorOf>*</mirrorOf><url>"
                + Path.of(System.getProperty("weaving.userRepository")).toUri() + "</url></mirror></mirrors></settings>");
        Path log = project.resolve("build.log");

        Process mvn = new ProcessBuilder(mavenExecutable(), "-B", "-s", settings.toString(),
                "-Dmaven.repo.local=" + System.getProperty("weaving.itRepository"), "clean", "verify")
                .directory(project.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean ended = mvn.waitFor(5, TimeUnit.MINUTES);
        if (!ended) {
            mvn.destroyForcibly();
        }
        String output = Files.readString(log);

        assertThat(ended).as("the nested build ended within 5 minutes").isTrue();
        assertThat(mvn.exitValue()).as(output).isNotZero();
        assertThat(output)
                .contains("lambdakit-maven-plugin")
                .contains(":verify-weaving")
                .contains("2 annotated methods were not woven")
                .contains("@FlushMetrics on com.example.unwoven.OrderHandler.handleRequest(Map, Context) was not woven")
                .contains("<artifactId>lambdakit-metrics</artifactId>")
                .contains("@Idempotent on com.example.unwoven.OrderHandler.create(Map) was not woven, so it does nothing"
                        + " (the method would run unguarded)")
                .contains("<artifactId>lambdakit-idempotency</artifactId>")
                .doesNotContain("@Logging on");
    }

    private static String mavenExecutable() {
        return Path.of(System.getProperty("maven.home"), "bin", "mvn").toString();
    }

    /** Copies the project, filling in the versions this build uses. */
    private static Path copy(Path from, Path to) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(from)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            Path target = to.resolve(from.relativize(f).toString());
            Files.createDirectories(target.getParent());
            if (f.getFileName().toString().equals("pom.xml")) {
                String pom = Files.readString(f, StandardCharsets.UTF_8)
                        .replace("@lambdakit.version@", System.getProperty("lambdakit.version"))
                        .replace("@aspectj.version@", System.getProperty("aspectj.version"));
                Files.writeString(target, pom, StandardCharsets.UTF_8);
            } else {
                Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return to;
    }
}
