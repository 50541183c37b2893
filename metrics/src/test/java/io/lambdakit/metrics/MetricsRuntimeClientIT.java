package io.lambdakit.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.metrics.handlers.AnnotatedIdempotentOrderHandler;
import io.lambdakit.metrics.handlers.OrderHandler;
import io.lambdakit.metrics.handlers.PlainIdempotentOrderHandler;
import io.lambdakit.metrics.handlers.PlainOrderHandler;
import io.lambdakit.testing.InvocationResult;
import io.lambdakit.testing.LocalFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.lambdakit.metrics.MetricsTest.j;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end: a handler runs in a child JVM under the real AWS Lambda runtime interface client against a
 * local Runtime API; the EMF blobs it prints to stdout are captured per invocation, validated against the
 * EMF specification and compared across a cold and a warm invocation (and a failing one).
 */
class MetricsRuntimeClientIT {

    static final Map<String, String> ENV = Map.of(
            "POWERTOOLS_METRICS_NAMESPACE", "ShopIT",
            "POWERTOOLS_SERVICE_NAME", "orders");

    @ParameterizedTest(name = "{0}")
    @ValueSource(classes = {OrderHandler.class, PlainOrderHandler.class})
    void coldThenWarmThenFailing_blobsCarryEachInvocationsMetricsAndColdStartOnlyOnce(Class<?> handler) {
        try (LocalFunction fn = LocalFunction.builder().handler(handler).functionName("orders-it").environment(ENV).start()) {

            InvocationResult cold = fn.invoke("{\"orderId\":\"o-1\",\"channel\":\"web\",\"items\":3}");
            InvocationResult warm = fn.invoke("{\"orderId\":\"o-2\",\"channel\":\"app\",\"items\":150}");
            InvocationResult failing = fn.invoke("{\"orderId\":\"o-3\",\"channel\":\"web\",\"action\":\"reject\"}",
                    LocalFunction.InvokeOptions.create().tenantId("acme"));

            assertThat(fn.usesNativeRuntimeClient()).as("the real runtime interface client ran the handler").isTrue();
            assertThat(cold.succeeded()).as(cold.toString()).isTrue();
            assertThat(cold.coldStart()).isTrue();
            assertThat(warm.succeeded()).isTrue();
            assertThat(warm.coldStart()).isFalse();
            assertThat(failing.error()).hasValueSatisfying(e -> assertThat(e.errorMessage()).isEqualTo("order o-3 rejected"));
            List.of(cold, warm, failing).forEach(r -> r.emfBlobs().forEach(EmfSpec::requireValid));

            List<JsonNode> coldBlobs = cold.emfBlobs();
            assertThat(coldBlobs).hasSize(2);
            assertThat(coldBlobs.get(0)).isEqualTo(withTimestampOf(coldBlobs.get(0), j(
                    "{'_aws':{'Timestamp':0,'CloudWatchMetrics':[{'Namespace':'ShopIT','Dimensions':[['Service','FunctionName']],"
                            + "'Metrics':[{'Name':'ColdStart','Unit':'Count'}]}]},'Service':'orders','FunctionName':'orders-it','ColdStart':1,"
                            + "'function_request_id':'" + cold.requestId() + "','xray_trace_id':'" + traceId(cold) + "'}")));
            JsonNode coldMain = coldBlobs.get(1);
            assertThat(coldMain).isEqualTo(withTimestampOf(coldMain, j(
                    "{'_aws':{'Timestamp':0,'CloudWatchMetrics':[{'Namespace':'ShopIT','Dimensions':[['Service','Channel']],"
                            + "'Metrics':[{'Name':'OrderPlaced','Unit':'Count'},{'Name':'ItemLatency','Unit':'Milliseconds'}]}]},"
                            + "'Service':'orders','Channel':'web','OrderPlaced':1,'ItemLatency':" + coldMain.get("ItemLatency") + ","
                            + "'orderId':'o-1','function_request_id':'" + cold.requestId() + "','xray_trace_id':'" + traceId(cold) + "'}")));
            assertThat(sortedValues(coldMain.get("ItemLatency"))).containsExactly(0, 1, 2);

            List<JsonNode> warmBlobs = warm.emfBlobs();
            assertThat(warmBlobs).hasSize(2).noneMatch(b -> b.has("ColdStart"));
            List<Integer> latencies = new ArrayList<>();
            for (JsonNode b : warmBlobs) {
                assertThat(b.get("function_request_id").asText()).isEqualTo(warm.requestId());
                assertThat(b.get("xray_trace_id").asText()).isEqualTo(traceId(warm));
                assertThat(b.get("Channel").asText()).isEqualTo("app");
                assertThat(b.get("orderId").asText()).isEqualTo("o-2");
                latencies.addAll(sortedValues(b.get("ItemLatency")));
            }
            assertThat(warmBlobs.get(0).get("OrderPlaced").asInt()).isEqualTo(1);
            assertThat(latencies).hasSize(150).doesNotHaveDuplicates().allMatch(v -> v >= 0 && v < 150);

            assertThat(failing.emfBlobs()).singleElement().satisfies(b -> {
                assertThat(b.get("OrderPlaced").asInt()).isEqualTo(1);
                assertThat(b.get("function_request_id").asText()).isEqualTo(failing.requestId());
                assertThat(b.get("tenant_id").asText()).isEqualTo("acme");
            });
        }
    }

    /**
     * The function's log says "no metrics were emitted" only when it helps: a failed invocation shows its error and
     * nothing about metrics, an idempotent replay (answered from the store, the body did not run) says nothing, and
     * the first invocation that ran and returned without a metric is warned about, once.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(classes = {AnnotatedIdempotentOrderHandler.class, PlainIdempotentOrderHandler.class})
    void failedAndReplayedInvocations_sayNothingAboutMetrics_anEmptySuccessIsWarned(Class<?> handler) {
        try (LocalFunction fn = LocalFunction.builder().handler(handler).functionName("orders-it").environment(ENV).start()) {

            InvocationResult placed = fn.invoke("{\"orderId\":\"o-1\"}");
            InvocationResult replayed = fn.invoke("{\"orderId\":\"o-1\"}");
            InvocationResult failing = fn.invoke("{\"orderId\":\"o-2\",\"action\":\"reject\"}");
            InvocationResult quiet = fn.invoke("{\"orderId\":\"o-3\",\"action\":\"quiet\"}");

            assertThat(fn.usesNativeRuntimeClient()).as("the real runtime interface client ran the handler").isTrue();
            assertThat(placed.emfBlobs()).singleElement().satisfies(b -> assertThat(b.get("OrderPlaced").asInt()).isEqualTo(1));
            assertThat(placed.stdout()).noneMatch(line -> line.contains(NO_METRICS));

            assertThat(replayed.responseJson()).isEqualTo(placed.responseJson());
            assertThat(replayed.emfBlobs()).isEmpty();
            assertThat(replayed.stdout()).as("a replay's log").noneMatch(line -> line.contains(NO_METRICS));

            assertThat(failing.error()).hasValueSatisfying(e -> assertThat(e.errorMessage()).isEqualTo("order o-2 rejected"));
            assertThat(failing.stdout()).as("a failed invocation's log").noneMatch(line -> line.contains(NO_METRICS));

            assertThat(quiet.succeeded()).as(quiet.toString()).isTrue();
            assertThat(quiet.stdout()).as("an invocation that ran and returned without a metric")
                    .filteredOn(line -> line.contains(NO_METRICS)).singleElement()
                    .satisfies(line -> assertThat(line).contains("WARN").endsWith(NO_METRICS + " by invocation " + quiet.requestId()));
        }
    }

    static final String NO_METRICS = "no metrics were emitted";

    /** A misspelt variable is named once per process, with the one meant, in the function's log (core's check at init). */
    @Test
    void misspeltVariable_isNamedOnce_withTheVariableMeant() throws Exception {
        Map<String, String> env = new HashMap<>(ENV);
        env.put("POWERTOOLS_METRIC_NAMESPACE", "x");
        try (LocalFunction fn = LocalFunction.builder().handler(PlainOrderHandler.class).functionName("orders-it").environment(env).start()) {

            InvocationResult first = fn.invoke("{\"orderId\":\"o-1\",\"channel\":\"web\"}");
            InvocationResult second = fn.invoke("{\"orderId\":\"o-2\",\"channel\":\"web\"}");

            assertThat(first.succeeded()).as(first.toString()).isTrue();
            assertThat(second.succeeded()).as(second.toString()).isTrue();
            List<String> log = new ArrayList<>(fn.initOutput());
            log.addAll(first.stdout());
            log.addAll(second.stdout());
            List<String> lines = log.stream().filter(line -> line.contains("POWERTOOLS_METRIC_NAMESPACE")).toList();
            assertThat(lines).as("the whole log of the environment: " + log).hasSize(1);
            JsonNode line = io.lambdakit.core.Json.mapper().readTree(lines.get(0));
            assertThat(line.get("message").asText()).isEqualTo("POWERTOOLS_METRIC_NAMESPACE is not a variable lambdakit reads;"
                    + " did you mean POWERTOOLS_METRICS_NAMESPACE? Rename it");
            assertThat(line.get("level").asText()).isEqualTo("WARN");
            assertThat(line.get("logger").asText()).isEqualTo("io.lambdakit.core");
            assertThat(line.get("service").asText()).isEqualTo("orders");
        }
    }

    static String traceId(InvocationResult r) {
        String header = r.traceHeader().orElseThrow();
        for (String part : header.split(";")) {
            if (part.startsWith("Root=")) {
                return part.substring(5);
            }
        }
        throw new AssertionError("no Root in " + header);
    }

    /** The timestamp is the function's clock: copy it into the expectation after checking it is recent. */
    static JsonNode withTimestampOf(JsonNode actual, JsonNode expected) {
        long ts = actual.at("/_aws/Timestamp").asLong();
        assertThat(ts).isBetween(System.currentTimeMillis() - 300_000, System.currentTimeMillis() + 1_000);
        ((com.fasterxml.jackson.databind.node.ObjectNode) expected.get("_aws")).put("Timestamp", ts);
        return expected;
    }

    static List<Integer> sortedValues(JsonNode values) {
        List<Integer> out = new ArrayList<>();
        if (values.isArray()) {
            values.forEach(v -> out.add(v.asInt()));
        } else {
            out.add(values.asInt());
        }
        out.sort(Integer::compare);
        return out;
    }
}
