package io.lambdakit.logging;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class SamplingTest {

    private final CapturingSink sink = new CapturingSink();

    @Test
    void sampledInvocation_logsDebug_thenLevelIsRestored() {
        LogOutput out = TestOutputs.output(sink, Map.of());
        Logger log = out.logger("com.acme.Handler");
        LambdaLogging logging = LambdaLogging.builder().output(out).samplingRate(1.0).build();

        boolean enabledInside = logging.execute(TestOutputs.context("r1"), () -> {
            log.debug("detail {}", 1);
            return log.isDebugEnabled();
        });
        log.debug("after");
        logging.execute(TestOutputs.context("r2"), () -> { log.debug("second"); return null; });

        assertThat(enabledInside).isTrue();
        assertThat(log.isDebugEnabled()).as("restored after the invocation (Powertools #1528)").isFalse();
        assertThat(sink.withMessage("after")).isEmpty();
        assertThat(sink.only("detail 1").get("sampling_rate").doubleValue()).isEqualTo(1.0);
        assertThat(sink.only("detail 1").get("level").asText()).isEqualTo("DEBUG");
        assertThat(sink.only("second").get("function_request_id").asText()).isEqualTo("r2");
        assertThat(sink.withMessage("Changed log level to DEBUG based on Sampling configuration. Sampling Rate: 1.0")).hasSize(2);
    }

    @Test
    void rateZero_neverSamples_andWritesNoSamplingKey() {
        LogOutput out = TestOutputs.output(sink, Map.of());
        Logger log = out.logger("h");

        LambdaLogging.builder().output(out).build().execute(TestOutputs.context("r1"), () -> {
            log.debug("hidden");
            log.info("shown");
            return null;
        });

        assertThat(sink.messages()).containsExactly("shown");
        assertThat(sink.only("shown").has("sampling_rate")).isFalse();
    }

    @Test
    void environmentRate_appliesWhenBuilderLeavesItUnset_andExplicitZeroOverridesIt() {
        LogOutput out = TestOutputs.output(sink, Map.of("POWERTOOLS_LOGGER_SAMPLE_RATE", "1"));
        Logger log = out.logger("h");

        LambdaLogging.builder().output(out).build().execute(TestOutputs.context("r1"), () -> { log.debug("from env"); return null; });
        LambdaLogging.builder().output(out).samplingRate(0).build().execute(TestOutputs.context("r2"), () -> { log.debug("off"); return null; });

        assertThat(sink.withMessage("from env")).hasSize(1);
        assertThat(sink.withMessage("off")).isEmpty();
    }

    @Test
    void lambdaFloorAboveDebug_samplingCannotLowerTheLevel() {
        LogOutput out = TestOutputs.output(sink, Map.of("AWS_LAMBDA_LOG_LEVEL", "INFO"));
        Logger log = out.logger("h");

        LambdaLogging.builder().output(out).samplingRate(1).build().execute(TestOutputs.context("r1"), () -> { log.debug("x"); return null; });

        assertThat(sink.withMessage("x")).isEmpty();
    }

    @Test
    void sampledInvocation_doesNotEnableDebugInAConcurrentUnsampledInvocation() throws Exception {
        LogOutput out = TestOutputs.output(sink, Map.of());
        Logger log = out.logger("h");
        LambdaLogging sampled = LambdaLogging.builder().output(out).samplingRate(1).build();
        LambdaLogging unsampled = LambdaLogging.builder().output(out).build();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 50; round++) {
                CountDownLatch sampledInside = new CountDownLatch(1);
                CountDownLatch unsampledDone = new CountDownLatch(1);
                String id = "s" + round;
                Future<?> a = pool.submit(() -> sampled.execute(TestOutputs.context(id), () -> {
                    sampledInside.countDown();
                    await(unsampledDone);
                    return null;
                }));
                Future<Boolean> b = pool.submit(() -> unsampled.execute(TestOutputs.context("u" + id), () -> {
                    await(sampledInside);
                    log.debug("leak {}", id);
                    boolean enabled = log.isDebugEnabled();
                    unsampledDone.countDown();
                    return enabled;
                }));

                assertThat(b.get(10, TimeUnit.SECONDS)).isFalse();
                a.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(sink.messages()).noneMatch(m -> m.startsWith("leak"));
    }

    @Test
    void halfRate_samplesAboutHalfOfTheInvocations() {
        LogOutput out = TestOutputs.output(sink, Map.of());
        Logger log = out.logger("h");
        LambdaLogging logging = LambdaLogging.builder().output(out).samplingRate(0.5).build();
        AtomicInteger sampled = new AtomicInteger();

        for (int i = 0; i < 2000; i++) {
            logging.execute(TestOutputs.context("r" + i), () -> log.isDebugEnabled() ? sampled.incrementAndGet() : 0);
        }

        assertThat(sampled.get()).isBetween(850, 1150); // 6.7 standard deviations either side
        assertThat(log.isDebugEnabled()).isFalse();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("latch timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
