package io.lambdakit.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdakit.architecture.Codebase.Module;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

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
            Path jar = Codebase.builtJar(module);

            String declared = manifest(jar).getMainAttributes().getValue(ENTRY);

            if (!module.automaticModuleName.equals(declared)) {
                violations.add(jar + " declares " + ENTRY + ": " + declared + " but it must declare " + module.automaticModuleName
                        + "; set <lambdakit.module.name>" + module.automaticModuleName + "</lambdakit.module.name> in "
                        + module.directory + "/pom.xml");
            }
        }

        Violations.check("shipped jars without their Automatic-Module-Name", violations);
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
