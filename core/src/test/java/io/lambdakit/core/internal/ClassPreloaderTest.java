package io.lambdakit.core.internal;

import io.lambdakit.core.spi.ClassPreloader;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.Lifecycle;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClassPreloaderTest {

    @Test
    void build_recordsCoreClassList_intoTheClassesTheJarIsMadeOf() throws IOException {
        Path list = Paths.get("target/classes", ClassPreloader.resource("core"));

        List<String> lines = Files.readAllLines(list);

        assertThat(lines.get(0)).startsWith("# lambdakit-core hot-path classes");
        assertThat(ClassPreloader.read("core", getClass().getClassLoader()))
                .hasSizeGreaterThan(50)
                .contains("io.lambdakit.core.InvocationContext", "io.lambdakit.core.spi.JsonWriter",
                        "com.fasterxml.jackson.databind.ObjectMapper")
                .doesNotContain("io.lambdakit.core.internal.CorePreloadScenario")
                .noneMatch(n -> n.contains("$$Lambda") || n.startsWith("java.lang.invoke.") || n.contains("/"));
    }

    @Test
    void preload_freshLoader_loadsAndInitialisesTheListedClasses() throws Exception {
        List<String> names = onThisJdk(ClassPreloader.read("core", getClass().getClassLoader()));
        try (PreloadProbe probe = new PreloadProbe(ExecutionEnvironment.class, ObjectMapper.class, JsonFactory.class,
                JsonProperty.class, Context.class, org.crac.Resource.class)) {
            assertThat(probe.hasLoaded("io.lambdakit.core.spi.JsonWriter")).isFalse();

            ClassPreloader.Report report = ClassPreloader.preload("core", names, probe);

            assertThat(report.listed()).isEqualTo(names.size());
            assertThat(report.loaded()).isEqualTo(names.size());
            assertThat(report.missing()).isZero();
            assertThat(report.failed()).isZero();
            assertThat(report.initialized()).isPositive();
            assertThat(probe.hasLoaded("io.lambdakit.core.spi.JsonWriter")).isTrue();
            assertThat(probe.hasLoaded("com.fasterxml.jackson.databind.ObjectMapper")).isTrue();
        }
    }

    @Test
    void preload_optionalDependencyAbsent_countsMissingAndNeverThrows() {
        List<String> names = List.of("io.lambdakit.core.spi.JsonWriter", "software.amazon.awssdk.services.absent.AbsentClient",
                "io.lambdakit.core.NoSuchClass");

        ClassPreloader.Report report = ClassPreloader.preload("x", names, getClass().getClassLoader());

        assertThat(report.loaded()).isEqualTo(1);
        assertThat(report.missing()).isEqualTo(2);
        assertThat(report.failed()).isZero();
        assertThat(report.examples()).containsExactly("software.amazon.awssdk.services.absent.AbsentClient", "io.lambdakit.core.NoSuchClass");
    }

    @Test
    void preload_classWhoseInitialiserThrows_countsFailedAndGoesOn() {
        List<String> names = List.of(Exploding.class.getName(), "io.lambdakit.core.spi.JsonWriter");

        ClassPreloader.Report report = ClassPreloader.preload("x", names, getClass().getClassLoader());

        assertThat(report.failed()).isEqualTo(1);
        assertThat(report.loaded()).isEqualTo(1);
        assertThat(report.examples().get(0)).contains("Exploding").contains("ExceptionInInitializerError");
    }

    @Test
    void initializes_lambdakitAndJackson_butNotProcessWideHoldersOrOtherLibraries() {
        assertThat(ClassPreloader.initializes("io.lambdakit.core.spi.JsonWriter")).isTrue();
        assertThat(ClassPreloader.initializes("io.lambdakit.core.Json$Holder")).isTrue();
        assertThat(ClassPreloader.initializes("com.fasterxml.jackson.databind.ObjectMapper")).isTrue();
        assertThat(ClassPreloader.initializes("io.lambdakit.core.ExecutionEnvironment$Holder")).isFalse();
        assertThat(ClassPreloader.initializes("software.amazon.awssdk.services.dynamodb.DynamoDbClient")).isFalse();
        assertThat(ClassPreloader.initializes("org.slf4j.LoggerFactory")).isFalse();
    }

    @Test
    void register_beforeCheckpoint_runsThePreloadAndReportsIt() {
        Lifecycle lifecycle = Lifecycle.create(line -> { });
        ClassPreloader preloader = ClassPreloader.register(lifecycle, "core", ExecutionEnvironment.class);
        assertThat(preloader.lastReport()).isEmpty();

        List<Lifecycle.HookRun> runs = lifecycle.beforeCheckpoint();

        assertThat(runs).extracting(Lifecycle.HookRun::name).containsExactly("lambdakit-core: preload hot-path classes");
        ClassPreloader.Report report = preloader.lastReport().orElseThrow();
        int present = onThisJdk(ClassPreloader.read("core", getClass().getClassLoader())).size();
        assertThat(report.loaded()).isGreaterThan(50).isEqualTo(present);
    }

    @Test
    void register_beforeCheckpointReport_saysHowManyClassesWereLoadedAndMissing() throws Exception {
        List<String> lines = new java.util.ArrayList<>();
        Lifecycle lifecycle = Lifecycle.create(lines::add);
        ClassPreloader.register(lifecycle, "core", ExecutionEnvironment.class);

        lifecycle.beforeCheckpoint();

        com.fasterxml.jackson.databind.JsonNode hook = new ObjectMapper().readTree(lines.get(0)).path("hooks").get(0);
        List<String> names = ClassPreloader.read("core", getClass().getClassLoader());
        int present = onThisJdk(names).size();
        assertThat(hook.path("detail").asText()).startsWith(present + " of " + names.size() + " classes loaded, ")
                .endsWith((names.size() - present) + " not on the class path, 0 failed");
    }

    @Test
    void recorderFilter_keepsIncludedNamesInLoadOrder_dropsHiddenProxiesScenarioAndDuplicates() {
        List<String> dumped = List.of("# header", "java/lang/Object id: 1", "io/lambdakit/core/Json",
                "@lambda-proxy io/lambdakit/core/Json run", "io/lambdakit/core/Json$$Lambda$14/0x0000000800c01234",
                "io/lambdakit/x/Scenario", "io/lambdakit/x/Scenario$1", "com/fasterxml/jackson/core/JsonFactory source: jrt:/",
                "io/lambdakit/core/Json", "com/sun/proxy/$Proxy5", "io/lambdakit/core/internal/ClassListRecorder", "io/lambdakit/core/spi/PreloadScenarios",
                "com/fasterxml/jackson/databind/ext/Java7Support");

        List<String> kept = ClassListRecorder.filter(dumped, List.of("io/lambdakit/", "com/fasterxml/jackson/"),
                List.of("com/fasterxml/jackson/databind/ext/"), "io.lambdakit.x.Scenario");

        assertThat(kept).containsExactly("io.lambdakit.core.Json", "com.fasterxml.jackson.core.JsonFactory");
    }

    @Test
    void recorderFilter_withBaseline_keepsOnlyJdkClassesAnEmptyJvmDoesNotLoad() {
        List<String> dumped = List.of("java/lang/Object", "java/time/format/DateTimeFormatter", "io/lambdakit/core/Json",
                "java/lang/invoke/LambdaForm$MH", "jdk/internal/reflect/GeneratedMethodAccessor1", "sun/net/www/protocol/http/HttpURLConnection",
                "org/other/Library");

        List<String> kept = ClassListRecorder.filter(dumped, List.of("io/lambdakit/"), List.of(), "io.lambdakit.x.Scenario",
                java.util.Set.of("java/lang/Object id: 1"));

        assertThat(kept).containsExactly("java.time.format.DateTimeFormatter", "io.lambdakit.core.Json",
                "sun.net.www.protocol.http.HttpURLConnection");
    }

    @Test
    void recorder_onAnotherJava_refusesToRecord_andSaysWhichJdkToRunItWith() {
        assertThatThrownBy(() -> ClassListRecorder.checkRecordingJava(25)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("recorded on Java 17 but this is Java 25")
                .hasMessageContaining("JAVA_HOME pointing at a JDK 17");

        ClassListRecorder.checkRecordingJava(17);
    }

    /**
     * The listed classes this JDK has. The committed class lists are recorded on Java 17 (docs/snapstart.md), with
     * classes javac 17 compiled, and also name JDK classes that JDK's hot path loaded. On another JDK two kinds of
     * names can be absent: JDK internals it dropped (Java 24 removed its copy of ASM, jdk.internal.org.objectweb.asm),
     * and numbered classes javac 17 generates but a later javac does not (the switch map of a switch over an enum,
     * {@code io.lambdakit.core.TraceHeader$1}, when the build itself ran on that JDK). On 17 every listed class must
     * load; on another JDK all but those, and every named lambdakit and library class without exception.
     */
    private static List<String> onThisJdk(List<String> listed) {
        if (Runtime.version().feature() == ClassListRecorder.RECORDING_JAVA) {
            return listed;
        }
        ClassLoader loader = ClassPreloaderTest.class.getClassLoader();
        return listed.stream().filter(n -> n.matches("(java|javax|jdk|sun|com\\.sun)\\..*") ? inThisJdk(n)
                : !n.matches(".*\\$[0-9]+") || loader.getResource(n.replace('.', '/') + ".class") != null).toList();
    }

    private static boolean inThisJdk(String name) {
        try {
            Class.forName(name, false, ClassLoader.getPlatformClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    static final class Exploding {
        static final int VALUE = explode();

        private static int explode() {
            throw new IllegalStateException("boom");
        }
    }
}
