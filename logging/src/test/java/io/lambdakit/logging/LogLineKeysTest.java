package io.lambdakit.logging;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.MDC;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.lambdakit.logging.StructuredArguments.entry;
import static org.assertj.core.api.Assertions.assertThat;

class LogLineKeysTest {

    private static final Map<String, String> ON_DEMAND = Map.of(
            "AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand", "POWERTOOLS_SERVICE_NAME", "payment");
    private static final String TRACE = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";

    private final CapturingSink sink = new CapturingSink();

    record Order(String id, int quantity, List<String> items) {
    }

    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    @Test
    void log_outsideInvocation_writesBaseKeysOnly() {
        LogOutput out = TestOutputs.output(sink, ON_DEMAND);

        out.logger("com.acme.Init").info("starting");

        JsonNode line = sink.only("starting");
        assertThat(fieldNames(line)).containsExactly("timestamp", "level", "message", "logger", "service");
        assertThat(line.get("timestamp").asText()).isEqualTo("2026-11-22T10:15:30.123Z");
        assertThat(line.get("level").asText()).isEqualTo("INFO");
        assertThat(line.get("logger").asText()).isEqualTo("com.acme.Init");
        assertThat(line.get("service").asText()).isEqualTo("payment");
    }

    @Test
    void log_insideInvocation_writesEveryContextKeyInOrderWithPowertoolsTypes() {
        LogOutput out = TestOutputs.output(sink, ON_DEMAND);
        Logger log = out.logger("com.acme.Handler");
        LambdaLogging logging = LambdaLogging.builder().output(out).samplingRate(1e-12).build();

        logging.execute(TestOutputs.context("req-1", "tenant-a", TRACE), () -> {
            LambdaLogging.setCorrelationId("corr-9");
            log.warn("collecting", new IllegalStateException("card declined"));
            return null;
        });

        JsonNode line = sink.only("collecting");
        assertThat(fieldNames(line)).containsExactly("timestamp", "level", "message", "logger", "service", "cold_start",
                "function_name", "function_version", "function_arn", "function_memory_size", "function_request_id",
                "xray_trace_id", "correlation_id", "tenant_id", "sampling_rate", "error");
        assertThat(line.get("cold_start").isBoolean()).isTrue();
        assertThat(line.get("cold_start").booleanValue()).isTrue();
        assertThat(line.get("function_name").asText()).isEqualTo(TestOutputs.FUNCTION);
        assertThat(line.get("function_version").asText()).isEqualTo("$LATEST");
        assertThat(line.get("function_arn").asText()).isEqualTo(TestOutputs.ARN);
        assertThat(line.get("function_memory_size").isIntegralNumber()).isTrue();
        assertThat(line.get("function_memory_size").intValue()).isEqualTo(512);
        assertThat(line.get("function_request_id").asText()).isEqualTo("req-1");
        assertThat(line.get("xray_trace_id").asText()).isEqualTo("1-5759e988-bd862e3fe1be46a994272793");
        assertThat(line.get("correlation_id").asText()).isEqualTo("corr-9");
        assertThat(line.get("tenant_id").asText()).isEqualTo("tenant-a");
        assertThat(line.get("sampling_rate").isNumber()).isTrue();
        assertThat(line.get("sampling_rate").doubleValue()).isEqualTo(1e-12);
        assertThat(line.get("level").asText()).isEqualTo("WARN");
    }

    @Test
    void error_isObjectWithNameMessageAndStack() {
        LogOutput out = TestOutputs.output(sink, ON_DEMAND);
        IllegalStateException failure = new IllegalStateException("outer", new java.io.IOException("disk full"));

        out.logger("x").error("failed", failure);

        JsonNode error = sink.only("failed").get("error");
        assertThat(fieldNames(error)).containsExactly("name", "message", "stack");
        assertThat(error.get("name").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(error.get("message").asText()).isEqualTo("outer");
        assertThat(error.get("stack").asText())
                .startsWith("java.lang.IllegalStateException: outer")
                .contains("\tat io.lambdakit.logging.LogLineKeysTest.error_isObjectWithNameMessageAndStack")
                .contains("Caused by: java.io.IOException: disk full")
                .doesNotEndWith("\n");
    }

    @Test
    void secondInvocation_isNotColdStart_andProvisionedIsNeverCold() {
        LogOutput onDemand = TestOutputs.output(sink, ON_DEMAND);
        LambdaLogging logging = LambdaLogging.builder().output(onDemand).build();
        Logger log = onDemand.logger("h");

        logging.execute(TestOutputs.context("r1"), () -> { log.info("one"); return null; });
        logging.execute(TestOutputs.context("r2"), () -> { log.info("two"); return null; });
        CapturingSink pcSink = new CapturingSink();
        LogOutput provisioned = TestOutputs.output(pcSink, Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "provisioned-concurrency"));
        LambdaLogging.builder().output(provisioned).build()
                .execute(TestOutputs.context("r3"), () -> { provisioned.logger("h").info("three"); return null; });

        assertThat(sink.only("one").get("cold_start").booleanValue()).isTrue();
        assertThat(sink.only("two").get("cold_start").booleanValue()).isFalse();
        assertThat(pcSink.only("three").get("cold_start").booleanValue()).isFalse();
    }

    @Test
    void optionalKeys_absentWhenUnknown() {
        LogOutput out = TestOutputs.output(sink, ON_DEMAND);
        LambdaLogging logging = LambdaLogging.builder().output(out).build();

        logging.execute(TestOutputs.context("r1"), () -> { out.logger("h").info("plain"); return null; });

        JsonNode line = sink.only("plain");
        assertThat(line.has("tenant_id")).isFalse();
        assertThat(line.has("sampling_rate")).isFalse();
        assertThat(line.has("xray_trace_id")).isFalse();
        assertThat(line.has("correlation_id")).isFalse();
        assertThat(line.has("error")).isFalse();
        assertThat(line.get("function_request_id").asText()).isEqualTo("r1");
    }

    @Test
    void mdcAndKeyValues_followStandardKeysWithTheirJsonTypes() {
        LogOutput out = TestOutputs.output(sink, ON_DEMAND);
        MDC.put("customer", "c-7");
        MDC.put("retries", "3");
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("city", "Lyon");
        address.put("zip", 69001);

        out.logger("h").atInfo()
                .addKeyValue("orderId", 41376)
                .addKeyValue("paid", true)
                .addKeyValue("amount", 12.5)
                .addKeyValue("note", (Object) null)
                .addKeyValue("order", new Order("o-1", 2, List.of("a", "b")))
                .addKeyValue("address", address)
                .log("collected");

        JsonNode line = sink.only("collected");
        assertThat(fieldNames(line)).containsSubsequence("service", "customer", "retries", "orderId", "paid", "amount",
                "note", "order", "address");
        assertThat(line.get("customer").asText()).isEqualTo("c-7");
        assertThat(line.get("retries").isTextual()).as("MDC values stay strings").isTrue();
        assertThat(line.get("orderId").isIntegralNumber()).isTrue();
        assertThat(line.get("orderId").intValue()).isEqualTo(41376);
        assertThat(line.get("paid").booleanValue()).isTrue();
        assertThat(line.get("amount").doubleValue()).isEqualTo(12.5);
        assertThat(line.get("note").isNull()).isTrue();
        assertThat(line.get("order").get("id").asText()).isEqualTo("o-1");
        assertThat(line.get("order").get("quantity").intValue()).isEqualTo(2);
        assertThat(line.get("order").get("items").get(1).asText()).isEqualTo("b");
        assertThat(line.get("address").get("zip").intValue()).isEqualTo(69001);
    }

    @Test
    void structuredArgument_becomesFieldAndRendersInMessage() {
        LogOutput out = TestOutputs.output(sink, ON_DEMAND);

        out.logger("h").info("Order {} received", entry("orderId", 42), entry("channel", "web"));

        JsonNode line = sink.only("Order orderId=42 received");
        assertThat(line.get("orderId").intValue()).isEqualTo(42);
        assertThat(line.get("channel").asText()).isEqualTo("web");
    }

    @Test
    void reservedUserKeys_areDroppedAndReportedOncePerKey() {
        LogOutput out = TestOutputs.output(sink, ON_DEMAND);
        MDC.put("service", "spoofed");
        Logger log = out.logger("h");

        log.atInfo().addKeyValue("level", "spoofed").addKeyValue("function_request_id", "x").log("first");
        log.atInfo().addKeyValue("level", "spoofed").log("second");

        assertThat(sink.only("first").get("service").asText()).isEqualTo("payment");
        assertThat(sink.only("first").get("level").asText()).isEqualTo("INFO");
        assertThat(sink.only("second").get("level").asText()).isEqualTo("INFO");
        List<String> warnings = new ArrayList<>();
        assertThat(sink.messages()).containsExactly("first", "second");
        for (JsonNode n : sink.reports()) {
            if (n.get("message").asText().contains("is reserved")) {
                warnings.add(n.get("message").asText());
                assertThat(n.get("level").asText()).isEqualTo("WARN");
                assertThat(n.get("logger").asText()).isEqualTo("io.lambdakit.logging");
            }
        }
        assertThat(warnings).hasSize(3)
                .anyMatch(m -> m.contains("'service'"))
                .anyMatch(m -> m.contains("'level'"))
                .anyMatch(m -> m.contains("'function_request_id'"));
    }

    @Test
    void sameUserKeyTwice_laterWins_andLineHasNoDuplicateKey() {
        LogOutput out = TestOutputs.output(sink, ON_DEMAND);
        MDC.put("step", "from-mdc");

        out.logger("h").atInfo().addKeyValue("step", "first-kv").addKeyValue("step", "second-kv").log("dup");

        assertThat(sink.only("dup").get("step").asText()).isEqualTo("second-kv");
    }

    @Test
    void placeholders_areFormattedLikeSlf4j() {
        LogOutput out = TestOutputs.output(sink, ON_DEMAND);

        out.logger("h").info("a={} b={} literal=\\{} arr={}", 1, null, new int[] {1, 2});

        assertThat(sink.messages()).containsExactly("a=1 b=null literal={} arr=[1, 2]");
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
