package io.lambdakit.logging;

import io.lambdakit.testing.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.logging.spi.LogSink;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.MDC;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ConcurrencyTest {

    private static final int THREADS = 8;
    private static final int INVOCATIONS_PER_THREAD = 150;
    private static final int LINES_PER_INVOCATION = 5;

    @Test
    void concurrentInvocations_neverCrossRequestIds_norTearLines() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream stdoutLike = new PrintStream(new BufferedOutputStream(bytes, 64), false, StandardCharsets.UTF_8);
        CapturingSink unused = new CapturingSink();
        LogOutput out = TestOutputs.output(unused, Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand"),
                MutableClock.at(TestOutputs.T0), b -> b.sink(LogSink.of(stdoutLike)));
        Logger log = out.logger("com.acme.Handler");
        LambdaLogging logging = LambdaLogging.builder().output(out).correlationIdPath("id").build();
        CyclicBarrier barrier = new CyclicBarrier(THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < INVOCATIONS_PER_THREAD; i++) {
                    if (i % 25 == 0) {
                        barrier.await(10, TimeUnit.SECONDS);
                    }
                    String requestId = "t" + thread + "-i" + i;
                    logging.execute(TestOutputs.context(requestId), Map.of("id", "corr-" + requestId), () -> {
                        MDC.put("owner", requestId);
                        for (int n = 0; n < LINES_PER_INVOCATION; n++) {
                            String padding = n == 2 ? "x".repeat(9000) : ""; // larger than any stream buffer
                            log.atInfo().addKeyValue("seq", n).log("req={} {}", requestId, padding);
                        }
                        return null;
                    });
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        stdoutLike.flush();

        String all = bytes.toString(StandardCharsets.UTF_8);
        String[] lines = all.split("\n", -1);
        assertThat(lines[lines.length - 1]).as("output ends with a newline").isEmpty();
        assertThat(lines.length - 1).isEqualTo(THREADS * INVOCATIONS_PER_THREAD * LINES_PER_INVOCATION);
        Map<String, Integer> perRequest = new HashMap<>();
        int coldStarts = 0;
        for (int i = 0; i < lines.length - 1; i++) {
            JsonNode line = CapturingSink.parse(lines[i]);
            String requestId = line.get("function_request_id").asText();
            assertThat(line.get("message").asText()).startsWith("req=" + requestId + " ");
            assertThat(line.get("correlation_id").asText()).isEqualTo("corr-" + requestId);
            assertThat(line.get("owner").asText()).isEqualTo(requestId);
            perRequest.merge(requestId, 1, Integer::sum);
            if (line.get("cold_start").booleanValue()) {
                coldStarts++;
            }
        }
        assertThat(perRequest).hasSize(THREADS * INVOCATIONS_PER_THREAD).allSatisfy((k, v) -> assertThat(v).isEqualTo(LINES_PER_INVOCATION));
        assertThat(coldStarts).as("exactly one invocation is the cold start").isEqualTo(LINES_PER_INVOCATION);
    }
}
