package io.lambdakit.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.core.ColdStart;
import io.lambdakit.core.Json;
import io.lambdakit.metrics.handlers.ConcurrentOrderHandler;
import io.lambdakit.testing.InvocationResult;
import io.lambdakit.testing.LocalFunction;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lambda Managed Instances end to end: {@link ConcurrentOrderHandler} runs under the real runtime interface client
 * with eight runtime threads, and hundreds of invocations are sent eight at a time, each with its own trace header
 * and tenant id and values of its own. Each invocation's EMF blob holds exactly its own metrics (one of them added
 * from a worker thread shared by all), dimensions, metadata and ids; and, as docs/metrics.md and core's
 * {@code ColdStart} say for a managed-instance environment, no invocation is a cold start: exactly one (of the
 * eight that enter together first) is classified {@code LAMBDA_MANAGED_INSTANCES}, every other {@code WARM}, and no
 * {@code ColdStart} metric is written.
 */
class MetricsConcurrencyIT {

    private static final int CONCURRENCY = 8;
    private static final int WAVES = 25;

    @Test
    void concurrentInvocations_eachBlobHoldsOnlyItsOwnInvocation_noColdStartOnAManagedInstance() throws Exception {
        try (LocalFunction fn = LocalFunction.builder()
                .handler(ConcurrentOrderHandler.class)
                .functionName("orders-lmi")
                .maxConcurrency(CONCURRENCY)
                .timeout(Duration.ofSeconds(30))
                .environment(Map.of("POWERTOOLS_METRICS_NAMESPACE", "ShopLMI", "POWERTOOLS_SERVICE_NAME", "orders"))
                .start()) {
            int count = WAVES * CONCURRENCY;
            String rootPrefix = String.format("1-%08x-%012x", System.currentTimeMillis() / 1000,
                    ThreadLocalRandom.current().nextLong() & 0xffff_ffff_ffffL);
            List<CompletableFuture<InvocationResult>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(fn.invokeAsync("{\"orderId\":\"ord-" + i + "\",\"n\":" + (i + 1) + "}",
                        LocalFunction.InvokeOptions.create().tenantId("tenant-" + i)
                                .traceHeader("Root=" + rootPrefix + String.format("%012x", i) + ";Parent=" + String.format("%016x", 0xabc0000L + i)
                                        + ";Sampled=1")));
            }
            List<InvocationResult> results = futures.stream().map(CompletableFuture::join).toList();

            assertThat(fn.usesNativeRuntimeClient()).as("the real runtime interface client ran the handler").isTrue();
            JsonNode directives = Json.mapper().readTree("[{\"Namespace\":\"ShopLMI\",\"Dimensions\":[[\"Service\",\"Order\"]],"
                    + "\"Metrics\":[{\"Name\":\"Items\",\"Unit\":\"Count\"},{\"Name\":\"WorkerItems\",\"Unit\":\"Count\"},"
                    + "{\"Name\":\"Latency\",\"Unit\":\"Milliseconds\"}]}]");
            List<String> initKinds = new ArrayList<>();
            List<Integer> inFlight = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                InvocationResult r = results.get(i);
                int n = i + 1;
                assertThat(r.succeeded()).as(r.toString()).isTrue();
                r.emfBlobs().forEach(EmfSpec::requireValid);
                JsonNode blob = single(r);
                assertThat(fieldNames(blob)).as("the members of %s", blob).containsExactlyInAnyOrder("_aws", "Service", "Order",
                        "Items", "WorkerItems", "Latency", "orderId", "initKind", "inFlight", "function_request_id", "xray_trace_id",
                        "tenant_id");
                assertThat(blob.at("/_aws/CloudWatchMetrics")).as("the directives of %s", blob).isEqualTo(directives);
                assertThat(blob.get("Service").asText()).isEqualTo("orders");
                assertThat(blob.get("Order").asText()).as("dimension of %s", blob).isEqualTo("ord-" + i);
                assertThat(blob.get("Items").isNumber() && blob.get("Items").asDouble() == n).as("Items of %s", blob).isTrue();
                assertThat(blob.get("WorkerItems").isNumber() && blob.get("WorkerItems").asDouble() == 2 * n)
                        .as("WorkerItems (added from a shared worker thread) of %s", blob).isTrue();
                assertThat(blob.get("Latency").isNumber() && blob.get("Latency").asDouble() == n + 0.5).as("Latency of %s", blob).isTrue();
                assertThat(blob.get("orderId").asText()).as("metadata of %s", blob).isEqualTo("ord-" + i);
                assertThat(blob.get("function_request_id").asText()).isEqualTo(r.requestId());
                assertThat(blob.get("xray_trace_id").asText()).isEqualTo(rootPrefix + String.format("%012x", i));
                assertThat(blob.get("tenant_id").asText()).isEqualTo("tenant-" + i);
                initKinds.add(blob.get("initKind").asText());
                inFlight.add(blob.get("inFlight").intValue());
            }
            assertThat(results).extracting(InvocationResult::requestId).doesNotHaveDuplicates();
            assertThat(fn.environmentOutput()).as("no blob outside an invocation (a ColdStart or unscoped one)")
                    .noneMatch(line -> line.contains("\"_aws\""));
            assertThat(initKinds).as("core classifies exactly one invocation as the environment's first")
                    .containsOnly(ColdStart.LAMBDA_MANAGED_INSTANCES.wireName(), ColdStart.WARM.wireName())
                    .filteredOn(ColdStart.LAMBDA_MANAGED_INSTANCES.wireName()::equals).hasSize(1);
            assertThat(inFlight).as("request ids inside the handler when each invocation entered")
                    .allMatch(v -> v >= 1 && v <= CONCURRENCY)
                    .contains(CONCURRENCY);
            assertThat(inFlight.stream().filter(v -> v == CONCURRENCY).count())
                    .as("the last invocation of each wave found all the others in flight")
                    .isGreaterThanOrEqualTo(WAVES);
            int first = initKinds.indexOf(ColdStart.LAMBDA_MANAGED_INSTANCES.wireName());
            assertThat(results.get(first).emfBlobs()).as("the first invocation of a managed instance writes no ColdStart metric")
                    .noneMatch(b -> b.has("ColdStart"));
        }
    }

    private static JsonNode single(InvocationResult r) {
        assertThat(r.emfBlobs()).as("the blobs of %s: %s", r.requestId(), r.stdout()).hasSize(1);
        return r.emfBlobs().get(0);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
