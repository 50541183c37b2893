package io.lambdakit.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static io.lambdakit.metrics.MetricsTest.j;
import static org.assertj.core.api.Assertions.assertThat;

/** The ColdStart metric: a blob of its own, only for core's on-demand cold start. */
class ColdStartMetricTest {

    final Fixtures fx = new Fixtures();

    @Test
    void onDemandFirstInvocation_writesColdStartBlobBeforeTheHandlerRuns() {
        Metrics metrics = fx.build(fx.builder().captureColdStart(true));

        metrics.execute(Fixtures.context("req-1"), () -> {
            assertThat(fx.out.lines()).hasSize(1);
            metrics.add("M", 1);
            return null;
        });

        List<JsonNode> blobs = fx.out.blobs();
        assertThat(blobs).hasSize(2);
        assertThat(blobs.get(0)).isEqualTo(j("{'_aws':{'Timestamp':1714564800000,'CloudWatchMetrics':[{'Namespace':'Shop',"
                + "'Dimensions':[['Service','FunctionName']],'Metrics':[{'Name':'ColdStart','Unit':'Count'}]}]},"
                + "'Service':'orders','FunctionName':'orders-fn','ColdStart':1,'function_request_id':'req-1','xray_trace_id':'"
                + Fixtures.TRACE_ID + "'}"));
        assertThat(blobs.get(1).has("ColdStart")).isFalse();
    }

    @Test
    void warmInvocation_writesNoColdStart() {
        Metrics metrics = fx.build(fx.builder().captureColdStart(true));
        metrics.execute(Fixtures.context("req-1"), () -> {
            metrics.add("M", 1);
            return null;
        });
        fx.out.clear();

        metrics.execute(Fixtures.context("req-2"), () -> {
            metrics.add("M", 1);
            return null;
        });

        assertThat(fx.out.single().has("ColdStart")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"provisioned-concurrency", "snap-start", "lambda-managed-instances"})
    void firstInvocationThatIsNotOnDemand_writesNoColdStart(String initializationType) {
        fx.env("AWS_LAMBDA_INITIALIZATION_TYPE", initializationType);
        Metrics metrics = fx.build(fx.builder().captureColdStart(true));

        metrics.execute(Fixtures.context("req-1"), () -> {
            metrics.add("M", 1);
            return null;
        });

        assertThat(fx.out.single().has("ColdStart")).isFalse();
    }

    @Test
    void captureColdStartOff_writesNoColdStart() {
        Metrics metrics = fx.metrics();

        metrics.execute(Fixtures.context("req-1"), () -> {
            metrics.add("M", 1);
            return null;
        });

        assertThat(fx.out.single().has("ColdStart")).isFalse();
    }

    @Test
    void functionName_fromEnvironment_overridesTheContexts() {
        fx.env("POWERTOOLS_METRICS_FUNCTION_NAME", "orders-alias");
        Metrics metrics = fx.build(fx.builder().captureColdStart(true));

        metrics.execute(Fixtures.context("req-1"), () -> {
            metrics.add("M", 1);
            return null;
        });

        assertThat(fx.out.blobs().get(0).get("FunctionName").asText()).isEqualTo("orders-alias");
    }

    @Test
    void functionName_fromBuilder_overridesTheEnvironment() {
        fx.env("POWERTOOLS_METRICS_FUNCTION_NAME", "orders-alias");
        Metrics metrics = fx.build(fx.builder().captureColdStart(true).functionName("orders-builder"));

        metrics.execute(Fixtures.context("req-1"), () -> {
            metrics.add("M", 1);
            return null;
        });

        assertThat(fx.out.blobs().get(0).get("FunctionName").asText()).isEqualTo("orders-builder");
    }

    @Test
    void serviceUndefined_coldStartHasOnlyFunctionName() {
        fx.env("POWERTOOLS_SERVICE_NAME", null);
        Metrics metrics = fx.build(fx.builder().captureColdStart(true));

        metrics.execute(Fixtures.context("req-1"), () -> {
            metrics.add("M", 1);
            return null;
        });

        JsonNode coldStart = fx.out.blobs().get(0);
        assertThat(coldStart.at("/_aws/CloudWatchMetrics/0/Dimensions")).isEqualTo(j("[['FunctionName']]"));
        assertThat(coldStart.has("Service")).isFalse();
    }

    @Test
    void coldStart_withTenant_carriesTenantAsProperty() {
        Metrics metrics = fx.build(fx.builder().captureColdStart(true));

        metrics.execute(Fixtures.contextBuilder("req-1").tenantId("acme").build(), () -> {
            metrics.add("M", 1);
            return null;
        });

        assertThat(fx.out.blobs().get(0).get("tenant_id").asText()).isEqualTo("acme");
    }

    @Test
    void coldStart_doesNotCountForRaiseOnEmptyMetrics() {
        Metrics metrics = fx.build(fx.builder().captureColdStart(true).raiseOnEmptyMetrics(true));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> metrics.execute(Fixtures.context("req-1"), () -> "no metrics"))
                .isInstanceOf(MetricsException.class);
        assertThat(fx.out.single().get("ColdStart").asInt()).isEqualTo(1);
    }
}
