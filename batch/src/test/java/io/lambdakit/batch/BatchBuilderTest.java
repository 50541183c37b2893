package io.lambdakit.batch;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.testing.TestContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.lambdakit.batch.Events.sqs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchBuilderTest {

    private static ExecutionEnvironment env(Map<String, String> variables) {
        return ExecutionEnvironment.builder().environment(Environment.of(variables)).build();
    }

    @Test
    void build_withoutHandler_failsNamingTheFix() {
        assertThatThrownBy(() -> BatchProcessor.sqs().executionEnvironment(env(Map.of())).build())
                .isInstanceOfSatisfying(ConfigurationException.class, e -> {
                    assertThat(e.component()).isEqualTo("lambdakit-batch");
                    assertThat(e.problems()).containsExactly("no record handler was set; call handler(..) or rawHandler(..)");
                });
    }

    @Test
    void build_withEveryProblemAtOnce_reportsThemAllInOneException() {
        BatchProcessor.SqsBuilder builder = BatchProcessor.sqs().executionEnvironment(env(Map.of()))
                .rawHandler((m, ctx) -> { })
                .handler(String.class, (b, ctx) -> { })
                .parallelism(0)
                .deadlineMargin(Duration.ofMillis(-1));

        assertThatThrownBy(builder::build).isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).containsExactly(
                "a record handler was set 2 times; call exactly one of handler(..) or rawHandler(..)",
                "parallelism was 0 but it must be between 1 and 1024; call parallelism(n) with a value in that range",
                "deadlineMargin was PT-0.001S but it must not be negative; call deadlineMargin(Duration.ZERO) to turn the cut-off off"));
    }

    @Test
    void build_withExecutorButSequential_failsBecauseTheExecutorWouldNeverBeUsed() {
        BatchProcessor.SqsBuilder builder = BatchProcessor.sqs().executionEnvironment(env(Map.of()))
                .rawHandler((m, ctx) -> { })
                .executor(Runnable::run);

        assertThatThrownBy(builder::build).isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).containsExactly(
                "executor(..) was set but parallelism is 1, so it would never be used; call parallelism(n) with n > 1 or drop executor(..)"));
    }

    @Test
    void build_withInvalidEnvironmentVariables_reportsEachVariable() {
        ExecutionEnvironment env = env(Map.of(
                "LAMBDAKIT_BATCH_PARALLELISM", "lots",
                "LAMBDAKIT_BATCH_DEADLINE_MARGIN_MS", "-5",
                "LAMBDAKIT_BATCH_THROW_ON_FULL_BATCH_FAILURE", "yes"));

        assertThatThrownBy(() -> BatchProcessor.kinesis().executionEnvironment(env).rawHandler((r, ctx) -> { }).build())
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).containsExactly(
                        "LAMBDAKIT_BATCH_PARALLELISM was 'lots' but it must be an integer between 1 and 1024; fix or unset it, or call parallelism(n)",
                        "LAMBDAKIT_BATCH_DEADLINE_MARGIN_MS was '-5' but it must be a whole number of milliseconds, 0 or more; fix or unset it, or call deadlineMargin(..)",
                        "LAMBDAKIT_BATCH_THROW_ON_FULL_BATCH_FAILURE was 'yes' but it must be true or false; fix or unset it, or call throwOnFullBatchFailure(..)"));
    }

    @Test
    void environment_throwOnFullBatchFailure_isUsedWhenTheBuilderSetsNone() {
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = BatchProcessor.sqs()
                .executionEnvironment(env(Map.of("LAMBDAKIT_BATCH_THROW_ON_FULL_BATCH_FAILURE", "TRUE")))
                .rawHandler((m, ctx) -> {
                    throw new IllegalStateException("down");
                }).build();

        assertThatThrownBy(() -> processor.process(sqs(2), TestContext.create())).isInstanceOf(BatchFailedException.class);
    }

    @Test
    void builder_overridesEnvironment() {
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = BatchProcessor.sqs()
                .executionEnvironment(env(Map.of("LAMBDAKIT_BATCH_THROW_ON_FULL_BATCH_FAILURE", "true",
                        "LAMBDAKIT_BATCH_PARALLELISM", "not a number")))
                .throwOnFullBatchFailure(false)
                .parallelism(2)
                .rawHandler((m, ctx) -> {
                    throw new IllegalStateException("down");
                }).build();

        assertThat(Events.ids(processor.process(sqs(2), TestContext.create()))).containsExactly("m-0", "m-1");
    }

    @Test
    void environment_parallelism_isUsedWhenTheBuilderSetsNone() {
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        CyclicBarrier together = new CyclicBarrier(3);
        AtomicInteger arrivals = new AtomicInteger();
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = BatchProcessor.sqs()
                .executionEnvironment(env(Map.of("LAMBDAKIT_BATCH_PARALLELISM", "3")))
                .rawHandler((m, ctx) -> {
                    if (arrivals.incrementAndGet() <= 3) {
                        together.await(10, TimeUnit.SECONDS);
                    }
                    threads.add(Thread.currentThread());
                }).build();

        assertThat(processor.process(sqs(12), TestContext.create()).getBatchItemFailures()).isEmpty();
        assertThat(threads).hasSize(3);
    }

    @Test
    void setters_rejectNullAtTheCallSite() {
        BatchProcessor.SqsBuilder builder = BatchProcessor.sqs();

        assertThatThrownBy(() -> builder.executor(null)).isInstanceOf(NullPointerException.class).hasMessage("executor");
        assertThatThrownBy(() -> builder.deadlineMargin(null)).isInstanceOf(NullPointerException.class).hasMessage("margin");
        assertThatThrownBy(() -> builder.handler((Class<String>) null, (b, c) -> { })).isInstanceOf(NullPointerException.class).hasMessage("bodyType");
        assertThatThrownBy(() -> builder.rawHandler(null)).isInstanceOf(NullPointerException.class).hasMessage("handler");
    }

    @Test
    void build_withoutExecutionEnvironment_usesTheProcessWideOne() {
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = BatchProcessor.sqs().rawHandler((m, ctx) -> { }).build();

        assertThat(processor.process(sqs(1), TestContext.create()).getBatchItemFailures()).isEmpty();
    }
}
