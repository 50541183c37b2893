package io.lambdakit.metrics;

import io.lambdakit.testing.PreloadProbe;
import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.InvocationContext;
import io.lambdakit.core.spi.ClassPreloader;
import io.lambdakit.metrics.internal.MetricsEngine;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** SnapStart: the class list, the preload before the checkpoint and silent priming. */
class MetricsSnapStartTest {

    final Fixtures fx = new Fixtures().env("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");

    @Test
    void build_recordsMetricsClassList_withTheEmfCodec() {
        List<String> names = ClassPreloader.read("metrics", getClass().getClassLoader());

        assertThat(Files.exists(Paths.get("target/classes", ClassPreloader.resource("metrics")))).isTrue();
        assertThat(names).hasSizeGreaterThan(50)
                .contains("io.lambdakit.metrics.internal.EmfCodec", "io.lambdakit.metrics.internal.MetricsBuffer")
                .noneMatch(n -> n.contains("PreloadScenario") || n.contains("$$Lambda") || n.startsWith("java.lang.invoke."));
    }

    @Test
    void preload_freshLoader_loadsTheHotPathClasses() throws Exception {
        List<String> names = PreloadProbe.onThisJdk(ClassPreloader.read("metrics", getClass().getClassLoader()));
        try (PreloadProbe probe = PreloadProbe.of(MetricsEngine.class, ExecutionEnvironment.class, ObjectMapper.class, JsonFactory.class,
                JsonProperty.class, org.slf4j.Logger.class, Context.class, org.crac.Resource.class, org.aspectj.lang.Aspects.class)) {
            assertThat(probe.hasLoaded("io.lambdakit.metrics.internal.EmfCodec")).isFalse();

            ClassPreloader.Report report = ClassPreloader.preload("metrics", names, probe);

            assertThat(report.missing()).as("missing: %s", report.examples()).isZero();
            assertThat(report.failed()).as("failed: %s", report.examples()).isZero();
            assertThat(probe.hasLoaded("io.lambdakit.metrics.internal.EmfCodec")).isTrue();
        }
    }

    @Test
    void beforeCheckpoint_preloadsAndPrimesWithoutEmittingAnything() {
        MetricsEngine engine = fx.metrics().engine();

        fx.executionEnvironment().lifecycle().beforeCheckpoint();

        ClassPreloader.Report report = engine.preloader().lastReport().orElseThrow();
        int present = PreloadProbe.onThisJdk(ClassPreloader.read("metrics", getClass().getClassLoader())).size();
        assertThat(report.loaded()).isGreaterThan(50).isEqualTo(present);
        assertThat(fx.out.lines()).isEmpty();
    }

    @Test
    void prime_handlerRecordsMetrics_noEmfIsEmittedAndTheRestoreIsStillTheFirstInvocation() throws Exception {
        Metrics metrics = fx.build(fx.builder().captureColdStart(true).raiseOnEmptyMetrics(true));
        ExecutionEnvironment ee = fx.executionEnvironment();
        ee.primeBeforeCheckpoint("prime orders", context -> metrics.execute(context, () -> {
            metrics.add("Orders", 1);
            metrics.flushSingleMetric("Single", 1, MetricUnit.COUNT, DimensionSet.of("K", "v"));
            return null;
        }));
        List<Object> kinds = new ArrayList<>();

        ee.lifecycle().beforeCheckpoint();
        ee.lifecycle().afterRestore();
        assertThat(fx.out.lines()).isEmpty();
        metrics.execute(Fixtures.context("real-1"), () -> {
            kinds.add(InvocationContext.current().orElseThrow().coldStart());
            metrics.add("Orders", 2);
            return null;
        });

        assertThat(kinds).containsExactly(io.lambdakit.core.ColdStart.SNAP_START_RESTORE);
        assertThat(fx.out.blobs()).hasSize(1);
        assertThat(fx.out.blobs().get(0).path("Orders").asDouble()).isEqualTo(2.0);
        assertThat(fx.out.blobs().get(0).path("function_request_id").asText()).isEqualTo("real-1");
    }

    @Test
    void prime_metricsRecordedOutsideAnyInvocation_areKeptForTheFirstRealInvocation() throws Exception {
        Metrics metrics = fx.metrics();
        metrics.add("AtInit", 1);

        fx.executionEnvironment().prime("prime", context -> metrics.execute(context, () -> metrics.add("Primed", 1)));
        metrics.execute(Fixtures.context("real-1"), () -> metrics.add("Real", 1));

        assertThat(fx.out.blobs()).anyMatch(b -> b.has("AtInit"));
        assertThat(fx.out.blobs()).noneMatch(b -> b.has("Primed"));
    }
}
