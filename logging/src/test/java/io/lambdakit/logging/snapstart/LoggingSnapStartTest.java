package io.lambdakit.logging.snapstart;

import io.lambdakit.testing.PreloadProbe;
import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.burt.jmespath.JmesPath;
import io.lambdakit.core.ColdStart;
import io.lambdakit.core.Environment;
import io.lambdakit.core.InvocationContext;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.Lifecycle;
import io.lambdakit.core.spi.ClassPreloader;
import io.lambdakit.logging.CapturingSink;
import io.lambdakit.logging.TestOutputs;
import io.lambdakit.logging.LambdaLogging;
import io.lambdakit.logging.LogOutput;
import io.lambdakit.logging.internal.LogPipeline;
import io.lambdakit.testing.SnapStartUniqueness;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** SnapStart: the class list, the preload before the checkpoint, silent priming and the reseed after restore. */
class LoggingSnapStartTest {

    private final CapturingSink sink = new CapturingSink();
    private final Lifecycle lifecycle = Lifecycle.create(line -> { });
    private final ExecutionEnvironment ee = ExecutionEnvironment.builder()
            .environment(Environment.of(Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start", "AWS_LAMBDA_FUNCTION_NAME", "orders")))
            .lifecycle(lifecycle).systemProperties(k -> null).build();
    private final LogOutput output = LogOutput.builder().executionEnvironment(ee).sink(sink).serviceName("orders").build();
    private final LambdaLogging logging = LambdaLogging.builder().output(output).logEvent(true).build();
    private final Logger log = output.logger(LoggingSnapStartTest.class);

    @Test
    void build_recordsLoggingClassList_withTheLineCodec() throws Exception {
        Path list = Paths.get("target/classes", ClassPreloader.resource("logging"));

        List<String> names = ClassPreloader.read("logging", getClass().getClassLoader());

        assertThat(Files.exists(list)).isTrue();
        assertThat(names).hasSizeGreaterThan(50)
                .contains("io.lambdakit.logging.internal.LineCodec", "io.lambdakit.logging.internal.LogPipeline",
                        "io.lambdakit.logging.internal.LambdakitLogger")
                .noneMatch(n -> n.contains("PreloadScenario") || n.contains("$$Lambda") || n.startsWith("java.lang.invoke."));
    }

    @Test
    void preload_freshLoader_loadsTheHotPathClasses() throws Exception {
        List<String> names = PreloadProbe.onThisJdk(ClassPreloader.read("logging", getClass().getClassLoader()));
        try (PreloadProbe probe = PreloadProbe.of(LogPipeline.class, ExecutionEnvironment.class, ObjectMapper.class, JsonFactory.class,
                JsonProperty.class, Logger.class, JmesPath.class, io.burt.jmespath.jackson.JacksonRuntime.class, Context.class,
                org.crac.Resource.class)) {
            assertThat(probe.hasLoaded("io.lambdakit.logging.internal.LineCodec")).isFalse();

            ClassPreloader.Report report = ClassPreloader.preload("logging", names, probe);

            assertThat(report.missing()).as("missing: %s", report.examples()).isZero();
            assertThat(report.failed()).as("failed: %s", report.examples()).isZero();
            assertThat(report.loaded()).isEqualTo(names.size());
            assertThat(probe.hasLoaded("io.lambdakit.logging.internal.LineCodec")).isTrue();
        }
    }

    @Test
    void beforeCheckpoint_preloadsTheListAndWritesNothing() {
        LogPipeline pipeline = LogPipeline.create(pipelineSettings(), ee);
        sink.clear();

        lifecycle.beforeCheckpoint();

        ClassPreloader.Report report = pipeline.preloader().lastReport().orElseThrow();
        int present = PreloadProbe.onThisJdk(ClassPreloader.read("logging", getClass().getClassLoader())).size();
        assertThat(report.loaded()).isGreaterThan(50).isEqualTo(present);
        assertThat(sink.writes()).isEmpty();
    }

    @Test
    void prime_handlerLogs_nothingIsWrittenAndTheFirstRealInvocationIsTheRestore() throws Exception {
        ee.primeBeforeCheckpoint("prime orders", context -> logging.execute(context, Map.of("orderId", "synthetic"), () -> {
            log.info("priming line");
            log.error("priming error", new IllegalStateException("synthetic"));
            return "ok";
        }));

        lifecycle.beforeCheckpoint();
        lifecycle.afterRestore();
        assertThat(sink.writes()).isEmpty();
        ColdStart first = logging.execute(TestOutputs.context("real-1"), () -> {
            log.info("real line");
            return InvocationContext.current().orElseThrow().coldStart();
        });

        assertThat(first).isEqualTo(ColdStart.SNAP_START_RESTORE);
        assertThat(sink.messages()).contains("real line").doesNotContain("priming line", "priming error");
        assertThat(sink.only("real line").path("cold_start").asBoolean()).as("a restore is not a cold start").isFalse();
        assertThat(sink.only("real line").path("function_request_id").asText()).isEqualTo("real-1");
    }

    @Test
    void afterRestore_samplingSeedIsNeverTheSnapshotsOne() {
        LogPipeline pipeline = LogPipeline.create(pipelineSettings(), ee);

        SnapStartUniqueness.Report report = SnapStartUniqueness.builder()
                .source("logging sampling seed", pipeline::samplingSeed)
                .build().run(lifecycle);

        report.assertUnique();
        assertThat(report.sampledAfterRestore()).containsKey("logging sampling seed");
    }

    private io.lambdakit.logging.internal.LogOutputConfig pipelineSettings() {
        io.lambdakit.logging.internal.LogOutputConfig.Overrides o = new io.lambdakit.logging.internal.LogOutputConfig.Overrides();
        o.sink = sink;
        return io.lambdakit.logging.internal.LogOutputConfig.resolveLenient(o, ee.environment());
    }
}
