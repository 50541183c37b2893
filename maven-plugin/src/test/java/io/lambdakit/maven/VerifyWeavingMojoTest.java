package io.lambdakit.maven;

import io.lambdakit.core.spi.WeavingScanner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The goal's own logic; the class-file rules are WeavingScannerTest's (core), and the goal failing
 * a real build is UnwovenBuildIT's (examples/weaving).
 */
class VerifyWeavingMojoTest {

    @TempDir
    Path classes;

    @Test
    void scan_ownCompiledClasses_countsThemAndFindsNothing() throws IOException {
        Path own = Path.of(VerifyWeavingMojo.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        List<WeavingScanner.Finding> findings = new ArrayList<>();

        int count = VerifyWeavingMojo.scan(own, findings);

        assertThat(count).isGreaterThanOrEqualTo(1);
        assertThat(findings).isEmpty();
    }

    @Test
    void scan_fileThatIsNotAClassFile_failsNamingTheFile() throws IOException {
        Path bogus = Files.writeString(classes.resolve("Bogus.class"), "not bytecode");

        assertThatThrownBy(() -> VerifyWeavingMojo.scan(classes, new ArrayList<>()))
                .isInstanceOf(IOException.class).hasMessageContaining(bogus.toString()).hasMessageContaining("not a class file");
    }

    @Test
    void report_twoFindings_namesEachMethodAndAspectLibraryInOneMessage() {
        List<WeavingScanner.Finding> findings = List.of(
                new WeavingScanner.Finding("a.B", "run(String)", "@Idempotent", "lambdakit-idempotency", true, false),
                new WeavingScanner.Finding("a.B", "handle(Map, Context)", "@Tracing", "lambdakit-tracing", false, false));

        String report = VerifyWeavingMojo.report(findings);

        assertThat(report).startsWith("lambdakit: 2 annotated methods were not woven and would do nothing at run time:")
                .contains("\n - @Idempotent on a.B.run(String) was not woven, so it does nothing (the method would run unguarded)")
                .contains("<artifactId>lambdakit-idempotency</artifactId>")
                .contains("\n - @Tracing on a.B.handle(Map, Context) was not woven")
                .contains("<artifactId>lambdakit-tracing</artifactId>");
    }
}
