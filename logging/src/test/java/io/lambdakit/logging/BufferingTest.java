package io.lambdakit.logging;

import io.lambdakit.testing.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.core.InvocationContext;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.event.Level;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BufferingTest {

    private final CapturingSink sink = new CapturingSink();
    private final MutableClock clock = MutableClock.at(TestOutputs.T0);

    private LogOutput output(UnaryOperator<LogOutput.Builder> more) {
        return TestOutputs.output(sink, Map.of(), clock, b -> more.apply(b.level(Level.DEBUG).buffering(true)));
    }

    @Test
    void success_dropsBufferedLines_andWritesHigherLevelsDirectly() {
        LogOutput out = output(b -> b);
        Logger log = out.logger("h");

        LambdaLogging.builder().output(out).build().execute(TestOutputs.context("r1"), () -> {
            log.debug("maybe useful");
            log.info("progress");
            return "ok";
        });

        assertThat(sink.messages()).containsExactly("progress");
    }

    @Test
    void errorLine_flushesBufferFirst_withOriginalTimestamps() {
        LogOutput out = output(b -> b);
        Logger log = out.logger("h");

        LambdaLogging.builder().output(out).build().execute(TestOutputs.context("r1"), () -> {
            log.debug("step one");
            clock.advance(Duration.ofMillis(5));
            log.debug("step two");
            clock.advance(Duration.ofMillis(5));
            log.error("payment failed");
            clock.advance(Duration.ofMillis(5));
            log.debug("after the flush");
            return null;
        });

        List<JsonNode> lines = sink.lines();
        assertThat(sink.messages()).containsExactly("step one", "step two", "payment failed");
        assertThat(lines.get(0).get("timestamp").asText()).isEqualTo("2026-11-22T10:15:30.123Z");
        assertThat(lines.get(1).get("timestamp").asText()).isEqualTo("2026-11-22T10:15:30.128Z");
        assertThat(lines.get(2).get("timestamp").asText()).isEqualTo("2026-11-22T10:15:30.133Z");
        assertThat(lines).allMatch(l -> "r1".equals(l.get("function_request_id").asText()));
    }

    @Test
    void handlerFailure_flushesBuffer_andRethrowsTheSameException() {
        LogOutput out = output(b -> b);
        Logger log = out.logger("h");
        IllegalStateException boom = new IllegalStateException("boom");

        assertThatThrownBy(() -> LambdaLogging.builder().output(out).build().execute(TestOutputs.context("r1"), () -> {
            log.debug("context before failure");
            throw boom;
        })).isSameAs(boom);

        assertThat(sink.messages()).containsExactly("context before failure");
    }

    @Test
    void handlerFailure_withFlushOnUncaughtErrorOff_dropsBuffer() {
        LogOutput out = output(b -> b);
        Logger log = out.logger("h");

        assertThatThrownBy(() -> LambdaLogging.builder().output(out).flushBufferOnUncaughtError(false).build()
                .execute(TestOutputs.context("r1"), () -> {
                    log.debug("dropped");
                    throw new IllegalStateException("boom");
                })).hasMessage("boom");

        assertThat(sink.writes()).isEmpty();
    }

    @Test
    void overflow_evictsOldestLines_andWarnsOnceAtFlush() {
        LogOutput out = output(b -> b.bufferMaxBytes(1200));
        Logger log = out.logger("h");

        LambdaLogging.builder().output(out).build().execute(TestOutputs.context("r1"), () -> {
            for (int i = 0; i < 20; i++) {
                log.debug("line {} {}", i, "x".repeat(100));
            }
            log.error("failed");
            return null;
        });

        List<String> messages = sink.messages();
        assertThat(messages.get(0)).contains("buffered log line(s) of this invocation were evicted")
                .contains("1200 bytes").contains("LAMBDAKIT_LOG_BUFFER_MAX_BYTES");
        assertThat(messages).filteredOn(m -> m.contains("evicted")).hasSize(1);
        List<String> kept = messages.subList(1, messages.size() - 1);
        assertThat(kept).isNotEmpty().hasSizeLessThan(20);
        assertThat(kept.get(kept.size() - 1)).startsWith("line 19 ");
        int evicted = Integer.parseInt(messages.get(0).substring(0, messages.get(0).indexOf(' ')));
        assertThat(evicted + kept.size()).isEqualTo(20);
        assertThat(kept.get(0)).startsWith("line " + evicted + " ");
        int keptBytes = sink.writes().subList(1, messages.size() - 1).stream().mapToInt(w -> w.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).sum();
        assertThat(keptBytes).isLessThanOrEqualTo(1200);
        assertThat(messages.get(messages.size() - 1)).isEqualTo("failed");
    }

    @Test
    void outsideAnInvocation_linesAreNotBuffered() {
        LogOutput out = output(b -> b);

        out.logger("init").debug("init detail");

        assertThat(sink.messages()).containsExactly("init detail");
    }

    @Test
    void flushOnErrorOff_errorIsWrittenButBufferIsKept_thenDroppedOnSuccess() {
        LogOutput out = output(b -> b.flushBufferOnError(false));
        Logger log = out.logger("h");

        LambdaLogging.builder().output(out).build().execute(TestOutputs.context("r1"), () -> {
            log.debug("quiet");
            log.error("handled error");
            return null;
        });

        assertThat(sink.messages()).containsExactly("handled error");
    }

    @Test
    void bufferAtInfo_buffersInfoToo_butWritesWarnDirectly() {
        LogOutput out = output(b -> b.bufferAtLevel(Level.INFO));
        Logger log = out.logger("h");

        LambdaLogging.builder().output(out).build().execute(TestOutputs.context("r1"), () -> {
            log.info("info buffered");
            log.warn("warn direct");
            return null;
        });

        assertThat(sink.messages()).containsExactly("warn direct");
    }

    @Test
    void manualFlushAndClear_actOnTheCurrentInvocation() {
        LogOutput out = output(b -> b);
        Logger log = out.logger("h");

        LambdaLogging.builder().output(out).build().execute(TestOutputs.context("r1"), () -> {
            log.debug("cleared");
            LambdaLogging.clearBuffer();
            log.debug("flushed");
            LambdaLogging.flushBuffer();
            log.debug("dropped at the end");
            return null;
        });

        assertThat(sink.messages()).containsExactly("flushed");
    }

    @Test
    void workerThreadsOfTheInvocation_shareItsBuffer() throws Exception {
        LogOutput out = output(b -> b);
        Logger log = out.logger("h");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            LambdaLogging.builder().output(out).build().execute(TestOutputs.context("r1"), () -> {
                InvocationContext ic = InvocationContext.current().orElseThrow();
                try {
                    pool.submit(ic.wrap(() -> log.debug("from worker"))).get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                log.error("failed");
                return null;
            });
        } finally {
            pool.shutdownNow();
        }

        assertThat(sink.messages()).containsExactly("from worker", "failed");
        assertThat(sink.only("from worker").get("function_request_id").asText()).isEqualTo("r1");
    }

    @Test
    void bufferingBelowEveryLoggerLevel_warnsAtInit() {
        TestOutputs.output(sink, Map.of(), clock, b -> b.buffering(true));

        assertThat(sink.reportMessages()).singleElement().asString()
                .contains("log buffering at DEBUG is on but no logger is enabled at DEBUG").contains("POWERTOOLS_LOG_LEVEL=DEBUG");
    }

    @Test
    void sampledInvocation_writesDebugDirectly() {
        LogOutput out = output(b -> b.level(Level.INFO));
        Logger log = out.logger("h");

        LambdaLogging.builder().output(out).samplingRate(1).build().execute(TestOutputs.context("r1"), () -> {
            log.debug("sampled detail");
            return null;
        });

        assertThat(sink.messages()).contains("sampled detail");
    }
}
