package io.lambdakit.logging;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.testing.InvocationResult;
import io.lambdakit.testing.LocalFunction;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lambda Managed Instances end to end: {@link ConcurrentOrderHandler} ({@code @Logging}, woven) runs under the real
 * runtime interface client with eight runtime threads, and hundreds of invocations are sent eight at a time, each
 * with its own trace header, tenant id and correlation id. Every log line of an invocation carries that
 * invocation's keys and no other's, each invocation writes exactly its own lines, and the buffered DEBUG lines
 * reach the log only for the invocations that failed, each with its own.
 */
class LoggingConcurrencyIT {

    private static final int CONCURRENCY = 8;
    private static final int WAVES = 25;

    @Test
    void concurrentInvocations_eachLineCarriesOnlyItsOwnIds_bufferedLinesFlushOnlyForTheirOwnFailingInvocation() {
        try (LocalFunction fn = LocalFunction.builder()
                .handler(ConcurrentOrderHandler.class)
                .maxConcurrency(CONCURRENCY)
                .timeout(Duration.ofSeconds(30))
                .environment(Map.of("POWERTOOLS_SERVICE_NAME", "orders-lmi",
                        "POWERTOOLS_LOG_LEVEL", "DEBUG",
                        "LAMBDAKIT_LOG_BUFFER", "true"))
                .start()) {
            int count = WAVES * CONCURRENCY;
            Invocations sent = new Invocations(count);
            List<CompletableFuture<InvocationResult>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(fn.invokeAsync(sent.event(i), sent.options(i)));
            }
            List<InvocationResult> results = futures.stream().map(CompletableFuture::join).toList();

            assertThat(fn.usesNativeRuntimeClient()).as("the real runtime interface client ran the handler").isTrue();
            List<Integer> inFlight = new ArrayList<>();
            int debugLines = 0;
            for (int i = 0; i < count; i++) {
                InvocationResult r = results.get(i);
                String order = sent.orderId(i);
                if (sent.fails(i)) {
                    assertThat(r.error()).as(r.toString())
                            .hasValueSatisfying(e -> assertThat(e.errorMessage()).isEqualTo("order " + order + " rejected"));
                } else {
                    assertThat(r.succeeded()).as(r.toString()).isTrue();
                }
                List<JsonNode> lines = r.logLines();
                assertThat(lines).as("the log lines of %s (%s)", order, r.requestId()).extracting(l -> l.get("message").asText())
                        .containsExactlyElementsOf(sent.fails(i)
                                ? List.of("Handler Event", "order " + order + " entered", "checking stock for " + order,
                                        "stock reserved for " + order, "Exception in Lambda Handler")
                                : List.of("Handler Event", "order " + order + " entered", "order " + order + " handled"));
                for (JsonNode line : lines) {
                    assertThat(line.get("function_request_id").asText()).as("request id of %s", line).isEqualTo(r.requestId());
                    assertThat(line.get("xray_trace_id").asText()).as("trace id of %s", line).isEqualTo(sent.root(i));
                    assertThat(line.get("correlation_id").asText()).as("correlation id of %s", line).isEqualTo(sent.correlationId(i));
                    assertThat(line.get("tenant_id").asText()).as("tenant id of %s", line).isEqualTo(sent.tenantId(i));
                    assertThat(line.get("cold_start").booleanValue()).as("a managed instance has no cold start: %s", line).isFalse();
                    assertThat(line.get("service").asText()).isEqualTo("orders-lmi");
                    assertThat(line.has("deployment")).as("the init thread's MDC is not a runtime thread's: %s", line).isFalse();
                    if (line.has("orderId")) {
                        assertThat(line.get("orderId").asText()).as("order of %s", line).isEqualTo(order);
                    }
                    if (line.get("level").asText().equals("DEBUG")) {
                        debugLines++;
                    }
                }
                assertThat(lines.get(0).at("/event/orderId").asText()).isEqualTo(order);
                inFlight.add(lines.get(1).get("in_flight").intValue());
                if (sent.fails(i)) {
                    assertThat(lines).extracting(l -> l.get("level").asText()).containsExactly("INFO", "INFO", "DEBUG", "DEBUG", "ERROR");
                    assertThat(lines.get(4).at("/error/message").asText()).isEqualTo("order " + order + " rejected");
                }
            }
            assertThat(debugLines).as("two buffered lines for each failed invocation, none for the others")
                    .isEqualTo(2 * sent.failures());
            assertThat(results).extracting(InvocationResult::requestId).doesNotHaveDuplicates();
            assertThat(fn.environmentOutput()).as("every log line of an invocation was attributed to it (the runtime"
                            + " client's own error text names no request id)")
                    .noneMatch(line -> line.startsWith("{") && line.contains("ord-"));
            assertThat(inFlight).as("request ids inside the handler when each invocation entered")
                    .allMatch(n -> n >= 1 && n <= CONCURRENCY)
                    .contains(CONCURRENCY);
            assertThat(inFlight.stream().filter(n -> n == CONCURRENCY).count())
                    .as("the last invocation of each wave found all the others in flight")
                    .isGreaterThanOrEqualTo(WAVES);
        }
    }

    /**
     * An invocation that comes without a trace header has no {@code xray_trace_id}: not the trace of the function's
     * init, which the process environment keeps in {@code _X_AMZN_TRACE_ID} and which concurrent invocations would
     * otherwise all share.
     */
    @Test
    void concurrentInvocationsWithoutATraceHeader_carryNoTraceId_notTheInitOneTheyWouldShare() {
        String initTrace = "Root=1-6b100000-2b2b2b2b2b2b2b2b2b2b2b2b;Parent=2b2b2b2b2b2b2b2b;Sampled=1";
        try (LocalFunction fn = LocalFunction.builder()
                .handler(ConcurrentOrderHandler.class)
                .maxConcurrency(CONCURRENCY)
                .tracing(false)
                .timeout(Duration.ofSeconds(30))
                .environment(Map.of("POWERTOOLS_SERVICE_NAME", "orders-lmi", "_X_AMZN_TRACE_ID", initTrace))
                .start()) {
            Invocations sent = new Invocations(2 * CONCURRENCY);
            List<CompletableFuture<InvocationResult>> futures = new ArrayList<>();
            for (int i = 0; i < 2 * CONCURRENCY; i++) {
                futures.add(fn.invokeAsync("{\"orderId\":\"" + sent.orderId(i) + "\",\"requestContext\":{\"requestId\":\""
                                + sent.correlationId(i) + "\"}}",
                        LocalFunction.InvokeOptions.create().tenantId(sent.tenantId(i))));
            }
            List<InvocationResult> results = futures.stream().map(CompletableFuture::join).toList();

            for (InvocationResult r : results) {
                assertThat(r.succeeded()).as(r.toString()).isTrue();
                assertThat(r.traceHeader()).isEmpty();
                assertThat(r.logLines()).hasSize(3).allSatisfy(line -> {
                    assertThat(line.get("function_request_id").asText()).isEqualTo(r.requestId());
                    assertThat(line.has("xray_trace_id")).as("trace id of %s", line).isFalse();
                });
            }
        }
    }

    /** What each invocation is sent: its own order, correlation id, tenant and trace; every tenth fails. */
    static final class Invocations {
        private final String rootPrefix;
        private final long parentBase;
        private final int count;

        Invocations(int count) {
            this.count = count;
            ThreadLocalRandom random = ThreadLocalRandom.current();
            this.rootPrefix = String.format("1-%08x-%012x", System.currentTimeMillis() / 1000, random.nextLong() & 0xffff_ffff_ffffL);
            this.parentBase = random.nextLong() & 0x0fff_ffff_ffff_0000L;
        }

        String orderId(int i) {
            return "ord-" + i;
        }

        String correlationId(int i) {
            return "api-ord-" + i;
        }

        String tenantId(int i) {
            return "tenant-" + i;
        }

        boolean fails(int i) {
            return i % 10 == 9;
        }

        int failures() {
            int n = 0;
            for (int i = 0; i < count; i++) {
                n += fails(i) ? 1 : 0;
            }
            return n;
        }

        String root(int i) {
            return rootPrefix + String.format("%012x", i);
        }

        String traceHeader(int i) {
            return "Root=" + root(i) + ";Parent=" + String.format("%016x", parentBase + i) + ";Sampled=1";
        }

        String event(int i) {
            return "{\"orderId\":\"" + orderId(i) + "\",\"fail\":" + fails(i)
                    + ",\"requestContext\":{\"requestId\":\"" + correlationId(i) + "\"}}";
        }

        LocalFunction.InvokeOptions options(int i) {
            return LocalFunction.InvokeOptions.create().traceHeader(traceHeader(i)).tenantId(tenantId(i));
        }
    }
}
