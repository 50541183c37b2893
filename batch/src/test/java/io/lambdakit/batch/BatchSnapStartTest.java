package io.lambdakit.batch;

import io.lambdakit.testing.PreloadProbe;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.Lifecycle;
import io.lambdakit.core.spi.ClassPreloader;
import io.lambdakit.testing.TestContext;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** SnapStart: the batch class list is recorded by the build and preloaded before the checkpoint. */
class BatchSnapStartTest {

    @Test
    void build_recordsBatchClassList_withTheEngineAndTheEventClasses() {
        List<String> names = ClassPreloader.read("batch", getClass().getClassLoader());

        assertThat(Files.exists(Paths.get("target/classes", ClassPreloader.resource("batch")))).isTrue();
        assertThat(names).hasSizeGreaterThan(50)
                .contains("io.lambdakit.batch.internal.BatchEngine", "io.lambdakit.batch.internal.BodyCodec",
                        "com.amazonaws.services.lambda.runtime.events.SQSBatchResponse")
                .noneMatch(n -> n.contains("PreloadScenario") || n.contains("$$Lambda") || n.startsWith("java.lang.invoke."));
    }

    @Test
    void preload_freshLoader_loadsTheHotPathClasses() throws Exception {
        List<String> names = PreloadProbe.onThisJdk(ClassPreloader.read("batch", getClass().getClassLoader()));
        try (PreloadProbe probe = PreloadProbe.ofClassPath()) {
            assertThat(probe.hasLoaded("io.lambdakit.batch.internal.BatchEngine")).isFalse();

            ClassPreloader.Report report = ClassPreloader.preload("batch", names, probe);

            assertThat(report.missing()).as("missing: %s", report.examples()).isZero();
            assertThat(report.failed()).as("failed: %s", report.examples()).isZero();
            assertThat(probe.hasLoaded("io.lambdakit.batch.internal.BatchEngine")).isTrue();
        }
    }

    @Test
    void beforeCheckpoint_preloadsTheListAndTheProcessorStillWorks() throws Exception {
        Lifecycle lifecycle = Lifecycle.create(line -> { });
        ExecutionEnvironment ee = ExecutionEnvironment.builder().lifecycle(lifecycle).build();
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = BatchProcessor.sqs().executionEnvironment(ee)
                .handler(String.class, (body, ctx) -> { }).build();

        List<Lifecycle.HookRun> runs = lifecycle.beforeCheckpoint();
        lifecycle.afterRestore();
        SQSBatchResponse response = processor.process(Events.sqs(2), TestContext.create());

        assertThat(runs).extracting(Lifecycle.HookRun::name).contains("lambdakit-batch: preload hot-path classes");
        ClassPreloader preloader = ClassPreloader.register(lifecycle, "batch", Class.forName("io.lambdakit.batch.internal.BatchEngine"));
        ClassPreloader.Report report = preloader.lastReport().orElseThrow(); // the engine's registration, de-duplicated by owner
        int present = PreloadProbe.onThisJdk(ClassPreloader.read("batch", getClass().getClassLoader())).size();
        assertThat(report.loaded()).isGreaterThan(50).isEqualTo(present);
        assertThat(response.getBatchItemFailures()).isEmpty();
    }
}
