package io.lambdakit.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdakit.architecture.Codebase.Module;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every shipped jar declares {@code Automatic-Module-Name: io.lambdakit.<module>} (CONTRIBUTING.md, "Packages
 * and visibility"), so module-path users get a stable name. The root pom writes it from each module's
 * {@code lambdakit.module.name}; this test opens the jars the reactor built.
 */
class AutomaticModuleNameArchitectureTest {

    private static final String ENTRY = "Automatic-Module-Name";

    @Test
    void everyShippedJar_declaresItsAutomaticModuleName() {
        List<String> violations = new ArrayList<>();
        for (Module module : Module.values()) {
            Path jar = builtJar(module);

            String declared = manifest(jar).getMainAttributes().getValue(ENTRY);

            if (!module.automaticModuleName.equals(declared)) {
                violations.add(jar + " declares " + ENTRY + ": " + declared + " but it must declare " + module.automaticModuleName
                        + "; set <lambdakit.module.name>" + module.automaticModuleName + "</lambdakit.module.name> in "
                        + module.directory + "/pom.xml");
            }
        }

        Violations.check("shipped jars without their Automatic-Module-Name", violations);
    }

    /** The main jar in the module's target directory (not sources, javadoc or test jars). */
    private static Path builtJar(Module module) {
        Path target = Codebase.REPOSITORY.resolve(module.directory).resolve("target");
        List<Path> jars;
        try (Stream<Path> files = Files.list(target)) {
            jars = files.filter(f -> {
                String name = f.getFileName().toString();
                return name.endsWith(".jar") && !name.endsWith("-sources.jar") && !name.endsWith("-javadoc.jar")
                        && !name.endsWith("-tests.jar");
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(target + " cannot be listed: package the module first "
                    + "(mvn -pl architecture -am verify packages every module before these tests run)", e);
        }
        assertThat(jars).as("the jar of %s (package it first: mvn -pl architecture -am verify)", module.directory).hasSize(1);
        return jars.get(0);
    }

    private static Manifest manifest(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            assertThat(manifest).as("the manifest of %s", jar).isNotNull();
            return manifest;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
