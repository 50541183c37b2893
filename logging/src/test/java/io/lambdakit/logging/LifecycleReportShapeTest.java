package io.lambdakit.logging;

import io.lambdakit.testing.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.Lifecycle;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Core writes the SnapStart lifecycle report itself (it cannot depend on logging), so this proves,
 * over real lines of both, that the report has the shape of a logging line written outside an
 * invocation: the same leading keys in the same order, the same timestamp format from the same
 * clock, the same level names and the same service.
 */
class LifecycleReportShapeTest {

    private static final List<String> HEAD = List.of("timestamp", "level", "message", "logger", "service");

    private final CapturingSink sink = new CapturingSink();
    private final List<String> reports = new ArrayList<>();
    private final MutableClock clock = MutableClock.at(TestOutputs.T0);
    private final ExecutionEnvironment ee = ExecutionEnvironment.builder()
            .environment(Environment.of(Map.of("POWERTOOLS_SERVICE_NAME", "orders", "AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start")))
            .clock(clock)
            .lifecycle(Lifecycle.create(reports::add))
            .systemProperties(name -> null)
            .build();
    private final LogOutput out = LogOutput.builder().executionEnvironment(ee).sink(sink).build();

    private static List<String> keys(JsonNode line) {
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = line.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        return keys;
    }

    private JsonNode logLine() {
        out.logger("com.acme.Init").info("ready");
        return sink.only("ready");
    }

    @Test
    void afterRestoreReport_hasTheShapeOfALoggingLineOutsideAnInvocation() {
        JsonNode log = logLine();

        ee.lifecycle().afterRestore();

        JsonNode report = CapturingSink.parse(reports.get(0));
        assertThat(keys(log)).isEqualTo(HEAD);
        assertThat(keys(report).subList(0, HEAD.size())).isEqualTo(HEAD);
        assertThat(report.get("timestamp").asText()).isEqualTo(log.get("timestamp").asText()).isEqualTo("2026-11-22T10:15:30.123Z");
        assertThat(report.get("service").asText()).isEqualTo(log.get("service").asText()).isEqualTo("orders");
        assertThat(report.get("level").asText()).isEqualTo(log.get("level").asText()).isEqualTo("INFO");
        assertThat(report.get("logger").asText()).isEqualTo("io.lambdakit.core.Lifecycle");
        for (String key : List.of("cold_start", "function_name", "function_request_id", "xray_trace_id")) {
            assertThat(report.has(key)).as(key).isEqualTo(log.has(key)).isFalse();
        }
    }

    @Test
    void beforeCheckpointReport_onAWholeSecond_keepsThreeFractionDigitsLikeLoggingLines() {
        ExecutionEnvironment whole = ExecutionEnvironment.builder()
                .clock(MutableClock.at(java.time.Instant.parse("2026-11-22T10:15:30Z")))
                .lifecycle(Lifecycle.create(reports::add)).build();
        CapturingSink wholeSink = new CapturingSink();
        LogOutput.builder().executionEnvironment(whole).sink(wholeSink).build().logger("x").info("ready");

        whole.lifecycle().beforeCheckpoint();

        JsonNode report = CapturingSink.parse(reports.get(0));
        assertThat(report.get("timestamp").asText()).isEqualTo(wholeSink.only("ready").get("timestamp").asText())
                .isEqualTo("2026-11-22T10:15:30.000Z");
    }

    @Test
    void report_withoutServiceName_usesTheDefaultLikeLoggingLines() {
        ExecutionEnvironment plain = ExecutionEnvironment.builder().clock(clock).lifecycle(Lifecycle.create(reports::add)).build();
        CapturingSink plainSink = new CapturingSink();
        LogOutput plainOut = LogOutput.builder().executionEnvironment(plain).sink(plainSink).build();
        plainOut.logger("x").info("ready");

        plain.lifecycle().afterRestore();

        assertThat(CapturingSink.parse(reports.get(0)).get("service").asText())
                .isEqualTo(plainSink.only("ready").get("service").asText()).isEqualTo("service_undefined");
    }
}
