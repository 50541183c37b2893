package io.lambdakit.core.internal;

import io.lambdakit.core.spi.WeavingScanner;

import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.Environment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The class-file rules of the weaving checks, over classes javac compiles here: stand-ins for the
 * lambdakit annotations and aspects (same names, so core needs no feature module), a class as
 * javac leaves it, and one carrying the two marks ajc leaves (an {@code m_aroundBody<n>} method and
 * a reference to the aspect). Real weaving is proven in examples/weaving.
 */
class WeavingScannerTest {

    @TempDir
    static Path dir;

    private static final Map<String, String> SOURCES = Map.of(
            "io/lambdakit/idempotency/Idempotent.java",
            "package io.lambdakit.idempotency; @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)"
                    + " public @interface Idempotent { String name() default \"\"; }",
            "io/lambdakit/metrics/FlushMetrics.java",
            "package io.lambdakit.metrics; @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)"
                    + " public @interface FlushMetrics { String[] tags() default {}; }",
            "io/lambdakit/idempotency/internal/IdempotentAspect.java",
            "package io.lambdakit.idempotency.internal; public class IdempotentAspect {"
                    + " public static IdempotentAspect aspectOf() { return new IdempotentAspect(); } }",
            "app/Plain.java",
            "package app; public class Plain extends Base implements java.util.function.Function<String, String> {"
                    + " @io.lambdakit.idempotency.Idempotent(name = \"charge\") public String apply(String s) { return s; }"
                    + " @io.lambdakit.metrics.FlushMetrics(tags = {\"a\", \"b\"}) public long[][] flush(int i, String[] s, java.util.Map<String, ?> m) { return null; }"
                    + " void inherited(double d) { } }",
            "app/Base.java",
            "package app; public abstract class Base { @io.lambdakit.idempotency.Idempotent abstract void inherited(double d); }",
            "app/Woven.java",
            "package app; public class Woven { @io.lambdakit.idempotency.Idempotent public String charge(String s) {"
                    + " io.lambdakit.idempotency.internal.IdempotentAspect.aspectOf(); return charge_aroundBody0(s); }"
                    + " private static String charge_aroundBody0(String s) { return s; } }",
            "app/Unannotated.java",
            "package app; public class Unannotated { public String run() { return \"x\"; } }");

    @BeforeAll
    static void compile() throws IOException {
        List<String> args = new ArrayList<>(List.of("--release", "17", "-d", dir.toString()));
        for (Map.Entry<String, String> e : SOURCES.entrySet()) {
            Path source = dir.resolve("src").resolve(e.getKey());
            Files.createDirectories(source.getParent());
            Files.writeString(source, e.getValue());
            args.add(source.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac.run(null, null, null, args.toArray(new String[0]))).isZero();
    }

    private static byte[] bytes(String className) throws IOException {
        return Files.readAllBytes(dir.resolve(className.replace('.', '/') + ".class"));
    }

    @Test
    void scan_annotatedMethodsCompiledByJavac_reportsEachWithItsAspectLibrary() throws IOException {
        WeavingScanner.Result r = WeavingScanner.scan(bytes("app.Plain"));

        assertThat(r.className()).isEqualTo("app.Plain");
        assertThat(r.superName()).isEqualTo("app/Base");
        assertThat(r.findings()).extracting(WeavingScanner.Finding::method, WeavingScanner.Finding::annotation,
                        WeavingScanner.Finding::artifactId, WeavingScanner.Finding::fatal)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("apply(String)", "@Idempotent", "lambdakit-idempotency", true),
                        org.assertj.core.groups.Tuple.tuple("flush(int, String[], Map)", "@FlushMetrics", "lambdakit-metrics", false));
        assertThat(r.findings().get(0).message()).contains("was not woven").contains("<artifactId>lambdakit-");
    }

    @Test
    void scan_bridgeMethodOfAnAnnotatedMethod_isNotReportedTwice() throws IOException {
        WeavingScanner.Result r = WeavingScanner.scan(bytes("app.Plain"));

        assertThat(r.findings()).filteredOn(f -> f.method().startsWith("apply")).hasSize(1);
    }

    @Test
    void scan_methodWithAroundBodyAndAspectReference_countsAsWoven() throws IOException {
        assertThat(WeavingScanner.scan(bytes("app.Woven")).findings()).isEmpty();
        assertThat(WeavingScanner.scan(bytes("app.Unannotated")).findings()).isEmpty();
    }

    @Test
    void scan_annotationOnAbstractMethod_reportsThatItBelongsOnTheImplementation() throws IOException {
        List<WeavingScanner.Finding> findings = WeavingScanner.scan(bytes("app.Base")).findings();

        assertThat(findings).hasSize(1);
        assertThat(findings.get(0).abstractOnly()).isTrue();
        assertThat(findings.get(0).message()).isEqualTo("@Idempotent on app.Base.inherited(double) does nothing: the method"
                + " is abstract, and AspectJ weaves only method bodies (annotations on interface or abstract methods are"
                + " not inherited); put @Idempotent on the implementing method");
    }

    @Test
    void scan_notAClassFile_throwsIllegalArgument() {
        assertThatThrownBy(() -> WeavingScanner.scan("hello".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a class file");
        assertThatThrownBy(() -> WeavingScanner.scan(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61, 0, 9}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
    }

    @Test
    void check_handlerWithUnwovenIdempotent_failsWithEveryProblemOfTheClassAndItsSuperclass() throws IOException {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            Object outcome = WeavingCheck.run(Environment.of(Map.of("_HANDLER", "app.Plain::apply")), loader, discard());

            assertThat(outcome).isInstanceOf(ConfigurationException.class);
            ConfigurationException e = (ConfigurationException) outcome;
            assertThat(e.problems()).hasSize(3);
            assertThat(e.getMessage()).contains("@Idempotent on app.Plain.apply(String) was not woven")
                    .contains("@Idempotent on app.Base.inherited(double) does nothing")
                    .contains("@FlushMetrics on app.Plain.flush(int, String[], Map) was not woven");
        }
    }

    @Test
    void check_handlerWithOnlyNonFatalFindings_writesOneWarnLineAndPasses() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Files.writeString(dir.resolve("src/OnlyMetrics.java"), "package app; public class OnlyMetrics {"
                + " @io.lambdakit.metrics.FlushMetrics public String handle(String s) { return s; } }");

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac.run(null, null, null, "--release", "17", "-cp", dir.toString(), "-d", dir.toString(),
                dir.resolve("src/OnlyMetrics.java").toString())).isZero();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            Object outcome = WeavingCheck.run(Environment.of(Map.of("_HANDLER", "app.OnlyMetrics")), loader,
                    new PrintStream(out, true, StandardCharsets.UTF_8));

            assertThat(outcome).isNotInstanceOf(ConfigurationException.class);
            String line = out.toString(StandardCharsets.UTF_8);
            assertThat(line.lines()).hasSize(1);
            assertThat(line).contains("\"level\":\"WARN\"").contains("\"logger\":\"io.lambdakit.core.internal.WeavingCheck\"")
                    .contains("@FlushMetrics on app.OnlyMetrics.handle(String) was not woven");
        }
    }

    @Test
    void check_noHandlerOrUnknownClass_passesSilently() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);

            assertThat(WeavingCheck.run(Environment.empty(), loader, print)).isNotInstanceOf(ConfigurationException.class);
            assertThat(WeavingCheck.run(Environment.of(Map.of("_HANDLER", "app.Missing::handle")), loader, print))
                    .isNotInstanceOf(ConfigurationException.class);
            assertThat(WeavingCheck.run(Environment.of(Map.of("_HANDLER", "app.Woven")), loader, print))
                    .isNotInstanceOf(ConfigurationException.class);
            assertThat(out.size()).isZero();
        }
    }

    private static PrintStream discard() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
