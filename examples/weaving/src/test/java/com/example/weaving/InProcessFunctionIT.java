package com.example.weaving;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.testing.InvocationResult;
import io.lambdakit.testing.LocalFunction;
import io.lambdakit.testing.LocalFunctionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static com.example.weaving.EmfBlobs.blobWith;
import static com.example.weaving.EmfBlobs.metricNames;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * lambdakit's own output in the in-process mode: the function's log lines and EMF blobs are captured per
 * invocation and configured from the function's variables, and every in-process function is an execution
 * environment of its own (cold start, installed instances), through both doors: ChargeHandler's annotations and
 * StockHandler's plain API.
 */
class InProcessFunctionIT {

    // docs:begin in-process
    @RegisterExtension
    static LocalFunctionExtension stock = LocalFunctionExtension.of(LocalFunction.builder()
                    .handler(StockHandler.class)
                    .mode(LocalFunction.Mode.IN_PROCESS)
                    .environment("POWERTOOLS_SERVICE_NAME", "stock")
                    .environment("POWERTOOLS_METRICS_NAMESPACE", "Shop"))
            .freshPerTest(); // every test starts with a new execution environment: its first invocation is a cold start

    @Test
    void reserve_firstInvocation_logsAndCountsTheColdStart() {
        InvocationResult result = stock.invoke("{\"sku\":\"A1\"}");

        assertThat(result.logLines()).anyMatch(line -> line.path("message").asText().equals("reserving A1")
                && line.path("service").asText().equals("stock") && line.path("cold_start").asBoolean());
        assertThat(result.emfBlobs()).anyMatch(blob -> blob.has("ColdStart")
                && blob.at("/_aws/CloudWatchMetrics/0/Namespace").asText().equals("Shop"));
    }
    // docs:end in-process

    @Test
    void reserve_secondInvocation_isWarmAndFlushesItsOwnMetricOnly() {
        InvocationResult first = stock.invoke("{\"sku\":\"A1\"}");
        InvocationResult second = stock.invoke("{\"sku\":\"B2\"}");

        assertThat(first.coldStart()).as("freshPerTest: this test's first invocation is a cold start too").isTrue();
        assertThat(lineWithMessage(second, "reserving B2").path("cold_start").asBoolean()).isFalse();
        assertThat(metricNames(second.emfBlobs())).containsExactly("Reserved");
        assertThat(blobWith(second.emfBlobs(), "Reserved").path("Service").asText()).isEqualTo("stock");
        assertThat(blobWith(second.emfBlobs(), "Reserved").path("function_request_id").asText()).isEqualTo(second.requestId());
    }

    @Test
    void twoAnnotatedFunctions_differentServices_eachLogsCountsAndRemembersOnItsOwn() {
        try (LocalFunction payments = charges("payments"); LocalFunction refunds = charges("refunds")) {
            InvocationResult p1 = payments.invoke("{\"orderId\":\"o-1\",\"amount\":25}");
            InvocationResult r1 = refunds.invoke("{\"orderId\":\"o-1\",\"amount\":25}");
            InvocationResult p2 = payments.invoke("{\"orderId\":\"o-1\",\"amount\":25}");

            assertThat(lineWithMessage(p1, "charging order o-1").path("service").asText()).isEqualTo("payments");
            assertThat(lineWithMessage(p1, "charging order o-1").path("cold_start").asBoolean()).isTrue();
            assertThat(lineWithMessage(r1, "charging order o-1").path("service").asText()).isEqualTo("refunds");
            assertThat(lineWithMessage(r1, "charging order o-1").path("cold_start").asBoolean())
                    .as("the second function's first invocation is its own cold start").isTrue();
            assertThat(metricNames(r1.emfBlobs())).contains("Charged", "ColdStart");
            assertThat(r1.responseJson().path("charge").asInt()).as("refunds installed its own idempotency store").isEqualTo(1);
            assertThat(messages(p2)).contains("replayed the charge of order o-1").doesNotContain("charging order o-1");
            assertThat(metricNames(p2.emfBlobs())).contains("ChargeReplayed").doesNotContain("ColdStart");
            assertThat(p1.segments()).as("the tracer sends to this function's local daemon").hasSize(1);
        }
    }

    @Test
    void inProcessAndRuntimeClient_sameHandler_sameLambdakitOutput() {
        List<InvocationResult> local = new ArrayList<>();
        List<InvocationResult> real = new ArrayList<>();
        try (LocalFunction inProcess = charges("payments");
             LocalFunction runtimeClient = LocalFunction.builder().handler(ChargeHandler.class).functionName("payments-fn")
                     .environment("POWERTOOLS_SERVICE_NAME", "payments").start()) {
            for (String order : List.of("{\"orderId\":\"o-1\",\"amount\":25}", "{\"orderId\":\"o-1\",\"amount\":25}",
                    "{\"orderId\":\"o-2\",\"amount\":5}")) {
                local.add(inProcess.invoke(order));
                real.add(runtimeClient.invoke(order));
            }
        }

        assertThat(real.get(0).logLines()).isNotEmpty();
        assertThat(real.get(0).emfBlobs()).isNotEmpty();
        for (int i = 0; i < real.size(); i++) {
            assertThat(shape(local.get(i).logLines())).as("log lines of invocation %d", i).isEqualTo(shape(real.get(i).logLines()));
            assertThat(shape(local.get(i).emfBlobs())).as("EMF of invocation %d", i).isEqualTo(shape(real.get(i).emfBlobs()));
            assertThat(local.get(i).segments()).hasSameSizeAs(real.get(i).segments());
        }
    }

    private static LocalFunction charges(String service) {
        return LocalFunction.builder().handler(ChargeHandler.class).mode(LocalFunction.Mode.IN_PROCESS)
                .functionName(service + "-fn").environment("POWERTOOLS_SERVICE_NAME", service).build();
    }

    /** The documents with what differs per invocation by nature (times, ids, measured values) blanked. */
    private static List<JsonNode> shape(List<JsonNode> documents) {
        List<JsonNode> shapes = new ArrayList<>();
        for (JsonNode d : documents) {
            com.fasterxml.jackson.databind.node.ObjectNode copy = d.deepCopy();
            for (String varies : List.of("timestamp", "function_request_id", "xray_trace_id")) {
                if (copy.has(varies)) {
                    copy.put(varies, "*");
                }
            }
            if (copy.has("_aws")) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) copy.get("_aws")).put("Timestamp", 0);
            }
            shapes.add(copy);
        }
        return shapes;
    }

    private static List<String> messages(InvocationResult r) {
        List<String> out = new ArrayList<>();
        for (JsonNode line : r.logLines()) {
            out.add(line.path("message").asText());
        }
        return out;
    }

    private static JsonNode lineWithMessage(InvocationResult r, String message) {
        for (JsonNode line : r.logLines()) {
            if (message.equals(line.path("message").asText())) {
                return line;
            }
        }
        throw new AssertionError("no log line says '" + message + "': " + r.stdout());
    }
}
