package io.lambdakit.metrics;

import io.lambdakit.testing.TestContext;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Exact EMF output of each feature of the plain API; every blob is also checked against the EMF specification. */
class MetricsTest {

    static final String TRACE = Fixtures.TRACE_ID;

    final Fixtures fx = new Fixtures();

    /** Single quotes stand for double quotes, to keep expected JSON readable. */
    static JsonNode j(String singleQuoted) {
        return EmfOutput.parse(singleQuoted.replace('\'', '"'));
    }

    @Test
    void add_once_writesPowertoolsCompatibleLine() {
        Metrics metrics = fx.metrics();

        metrics.execute(Fixtures.context("req-1"), () -> {
            metrics.add("OrderPlaced", 1, MetricUnit.COUNT);
            return null;
        });

        assertThat(fx.out.lines()).containsExactly("{\"_aws\":{\"Timestamp\":1714564800000,\"CloudWatchMetrics\":[{\"Namespace\":\"Shop\","
                + "\"Dimensions\":[[\"Service\"]],\"Metrics\":[{\"Name\":\"OrderPlaced\",\"Unit\":\"Count\"}]}]},"
                + "\"Service\":\"orders\",\"OrderPlaced\":1,\"function_request_id\":\"req-1\",\"xray_trace_id\":\"" + TRACE + "\"}");
        assertThat(fx.out.single()).isNotNull();
    }

    @Test
    void add_sameNameTwice_writesArrayOfValuesInOrder() {
        Metrics metrics = fx.metrics();

        metrics.execute(Fixtures.context("req-1"), () -> {
            metrics.add("Latency", 12, MetricUnit.MILLISECONDS).add("Latency", 15.5, MetricUnit.MILLISECONDS);
            return null;
        });

        assertThat(fx.out.single()).isEqualTo(j("{'_aws':{'Timestamp':1714564800000,'CloudWatchMetrics':[{'Namespace':'Shop',"
                + "'Dimensions':[['Service']],'Metrics':[{'Name':'Latency','Unit':'Milliseconds'}]}]},"
                + "'Service':'orders','Latency':[12,15.5],'function_request_id':'req-1','xray_trace_id':'" + TRACE + "'}"));
    }

    @Test
    void add_highResolution_writesStorageResolutionOneOnlyForThatMetric() {
        Metrics metrics = fx.metrics();

        metrics.execute(Fixtures.context("req-1"), () -> {
            metrics.add("Fast", 3, MetricUnit.COUNT, MetricResolution.HIGH).add("Slow", 4, MetricUnit.COUNT, MetricResolution.STANDARD);
            return null;
        });

        assertThat(fx.out.single().at("/_aws/CloudWatchMetrics/0/Metrics")).isEqualTo(j(
                "[{'Name':'Fast','Unit':'Count','StorageResolution':1},{'Name':'Slow','Unit':'Count'}]"));
    }

    @ParameterizedTest
    @EnumSource(MetricUnit.class)
    void add_eachUnit_writesItsCloudWatchName(MetricUnit unit) {
        Metrics metrics = fx.metrics();

        metrics.execute(Fixtures.context("req-1"), () -> {
            metrics.add("M", 1, unit);
            return null;
        });

        assertThat(fx.out.single().at("/_aws/CloudWatchMetrics/0/Metrics/0/Unit").asText()).isEqualTo(unit.wireName());
    }

    @Test
    void add_withoutUnit_writesNone() {
        Metrics metrics = fx.metrics();

        metrics.execute(Fixtures.context("req-1"), () -> {
            metrics.add("Plain", 7);
            return null;
        });

        assertThat(fx.out.single().at("/_aws/CloudWatchMetrics/0/Metrics/0")).isEqualTo(j("{'Name':'Plain','Unit':'None'}"));
    }

    @Test
    void namespace_fromBuilder_overridesEnvironment() {
        Metrics metrics = fx.build(fx.builder().namespace("Checkout/Prod"));

        metrics.execute(Fixtures.context("req-1"), () -> {
            metrics.add("M", 1);
            return null;
        });

        assertThat(fx.out.single().at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("Checkout/Prod");
    }

    @Test
    void service_undefined_writesOneEmptyDimensionSet() {
        fx.env("POWERTOOLS_SERVICE_NAME", null);
        Metrics metrics = fx.metrics();

        metrics.execute(Fixtures.context("req-1"), () -> {
            metrics.add("M", 1);
            return null;
        });

        assertThat(fx.out.single()).isEqualTo(j("{'_aws':{'Timestamp':1714564800000,'CloudWatchMetrics':[{'Namespace':'Shop',"
                + "'Dimensions':[[]],'Metrics':[{'Name':'M','Unit':'None'}]}]},"
                + "'M':1,'function_request_id':'req-1','xray_trace_id':'" + TRACE + "'}"));
    }

    @Test
    void service_fromBuilder_overridesEnvironment() {
        Metrics metrics = fx.build(fx.builder().service("payments"));

        metrics.execute(Fixtures.context("req-1"), () -> {
            metrics.add("M", 1);
            return null;
        });

        assertThat(fx.out.single().get("Service").asText()).isEqualTo("payments");
    }

    @Test
    void defaultDimension_fromBuilder_followsServiceInTheSet() {
        Metrics metrics = fx.build(fx.builder().defaultDimension("Environment", "prod"));

        metrics.execute(Fixtures.context("req-1"), () -> {
            metrics.add("M", 1);
            return null;
        });

        JsonNode blob = fx.out.single();
        assertThat(blob.at("/_aws/CloudWatchMetrics/0/Dimensions")).isEqualTo(j("[['Service','Environment']]"));
        assertThat(blob.get("Environment").asText()).isEqualTo("prod");
    }

    @Test
    void addDimension_joinsTheDefaultSet() {
        Metrics metrics = fx.metrics();

        metrics.execute(Fixtures.context("req-1"), () -> {
            metrics.addDimension("Region", "eu-west-1").add("M", 1);
            return null;
        });

        assertThat(fx.out.single()).isEqualTo(j("{'_aws':{'Timestamp':1714564800000,'CloudWatchMetrics':[{'Namespace':'Shop',"
                + "'Dimensions':[['Service','Region']],'Metrics':[{'Name':'M','Unit':'None'}]}]},"
                + "'Service':'orders','Region':'eu-west-1','M':1,'function_request_id':'req-1','xray_trace_id':'" + TRACE + "'}"));
    }

    @Test
    void addDimension_sameKeyTwice_keepsLastValue() {
        Metrics metrics = fx.metrics();

        metrics.execute(Fixtures.context("req-1"), () -> {
            metrics.addDimension("Region", "eu-west-1").addDimension("Region", "us-east-1").add("M", 1);
            return null;
        });

        assertThat(fx.out.single().get("Region").asText()).isEqualTo("us-east-1");
    }

    @Test
    void addDimensionSet_addsAnotherSetCarryingTheDefaults() {
        Metrics metrics = fx.metrics();

        metrics.execute(Fixtures.context("req-1"), () -> {
            metrics.addDimension("Region", "eu-west-1")
                    .addDimensionSet(DimensionSet.of("Environment", "prod", "Tier", "gold"))
                    .add("M", 1);
            return null;
        });

        assertThat(fx.out.single()).isEqualTo(j("{'_aws':{'Timestamp':1714564800000,'CloudWatchMetrics':[{'Namespace':'Shop',"
                + "'Dimensions':[['Service','Region'],['Service','Environment','Tier']],'Metrics':[{'Name':'M','Unit':'None'}]}]},"
                + "'Service':'orders','Region':'eu-west-1','Environment':'prod','Tier':'gold','M':1,"
                + "'function_request_id':'req-1','xray_trace_id':'" + TRACE + "'}"));
    }

    @Test
    void addDimensionSet_sameKeysAsDefaultSet_isWrittenOnce() {
        Metrics metrics = fx.metrics();

        metrics.execute(Fixtures.context("req-1"), () -> {
            metrics.addDimension("Region", "eu-west-1")
                    .addDimensionSet(DimensionSet.of("Region", "eu-west-1"))
                    .add("M", 1);
            return null;
        });

        assertThat(fx.out.single().at("/_aws/CloudWatchMetrics/0/Dimensions")).isEqualTo(j("[['Service','Region']]"));
    }

    @Test
    void addMetadata_writesRootLevelMembersThatAreNeitherMetricsNorDimensions() {
        Metrics metrics = fx.metrics();

        metrics.execute(Fixtures.context("req-1"), () -> {
            metrics.add("M", 1)
                    .addMetadata("orderId", "o-42")
                    .addMetadata("items", 3)
                    .addMetadata("ratio", 0.25)
                    .addMetadata("express", true)
                    .addMetadata("coupon", null)
                    .addMetadata("total", new BigDecimal("19.99"))
                    .addMetadata("customer", Map.of("tier", "gold"))
                    .addMetadata("tags", List.of("a", "b"));
            return null;
        });

        assertThat(fx.out.single()).isEqualTo(j("{'_aws':{'Timestamp':1714564800000,'CloudWatchMetrics':[{'Namespace':'Shop',"
                + "'Dimensions':[['Service']],'Metrics':[{'Name':'M','Unit':'None'}]}]},"
                + "'Service':'orders','M':1,'orderId':'o-42','items':3,'ratio':0.25,'express':true,'coupon':null,'total':19.99,"
                + "'customer':{'tier':'gold'},'tags':['a','b'],'function_request_id':'req-1','xray_trace_id':'" + TRACE + "'}"));
    }

    @Test
    void addMetadata_unserialisableObject_throwsAtTheCall() {
        Metrics metrics = fx.metrics();
        Object selfReferencing = new Object() {
            @SuppressWarnings("unused")
            public Object getSelf() {
                return this;
            }
        };

        assertThatThrownBy(() -> metrics.addMetadata("bad", selfReferencing))
                .isInstanceOf(MetricsValidationException.class)
                .hasMessageContaining("metadata 'bad'")
                .hasMessageContaining("cannot be serialised to JSON");
    }

    @Test
    void timestamp_explicit_isWrittenInsteadOfTheFirstAddTime() {
        Metrics metrics = fx.metrics();

        metrics.execute(Fixtures.context("req-1"), () -> {
            metrics.add("M", 1).timestamp(Fixtures.NOW.minus(Duration.ofHours(3)));
            return null;
        });

        assertThat(fx.out.single().at("/_aws/Timestamp").asLong()).isEqualTo(Fixtures.NOW_MILLIS - Duration.ofHours(3).toMillis());
    }

    @Test
    void timestamp_default_isTheTimeOfTheFirstMetric() {
        Metrics metrics = fx.metrics();

        metrics.execute(Fixtures.context("req-1"), () -> {
            fx.clock.advance(Duration.ofSeconds(5));
            metrics.add("M", 1);
            fx.clock.advance(Duration.ofSeconds(40));
            metrics.add("M", 2);
            return null;
        });

        assertThat(fx.out.single().at("/_aws/Timestamp").asLong()).isEqualTo(Fixtures.NOW_MILLIS + 5_000);
    }

    @Test
    void timestamp_atTheLimits_isAccepted() {
        Metrics metrics = fx.metrics();

        metrics.timestamp(Fixtures.NOW.minus(Duration.ofDays(14)));
        metrics.timestamp(Fixtures.NOW.plus(Duration.ofHours(2)));
    }

    @Test
    void timestamp_olderThan14Days_throwsSayingTheWindow() {
        Metrics metrics = fx.metrics();

        assertThatThrownBy(() -> metrics.timestamp(Fixtures.NOW.minus(Duration.ofDays(14)).minusMillis(1)))
                .isInstanceOf(MetricsValidationException.class)
                .hasMessageContaining("more than 14 days before now");
    }

    @Test
    void timestamp_moreThanTwoHoursAhead_throwsSayingTheWindow() {
        Metrics metrics = fx.metrics();

        assertThatThrownBy(() -> metrics.timestamp(Fixtures.NOW.plus(Duration.ofHours(2)).plusMillis(1)))
                .isInstanceOf(MetricsValidationException.class)
                .hasMessageContaining("more than 2 hours after now");
    }

    @Test
    void execute_returnsTheBodysResult() {
        Metrics metrics = fx.metrics();

        String result = metrics.execute(Fixtures.context("req-1"), () -> {
            metrics.add("M", 1);
            return "done";
        });

        assertThat(result).isEqualTo("done");
    }

    @Test
    void execute_bodyThrows_flushesAndRethrowsTheSameException() {
        Metrics metrics = fx.metrics();
        IllegalStateException boom = new IllegalStateException("boom");

        assertThatThrownBy(() -> metrics.execute(Fixtures.context("req-1"), () -> {
            metrics.add("Attempted", 1, MetricUnit.COUNT);
            throw boom;
        })).isSameAs(boom);

        assertThat(fx.out.single().get("Attempted").asInt()).isEqualTo(1);
    }

    @Test
    void execute_bodyThrowsCheckedException_flushesAndPropagatesItUnchanged() {
        Metrics metrics = fx.metrics();
        java.io.IOException disk = new java.io.IOException("disk");

        assertThatThrownBy(() -> metrics.execute(Fixtures.context("req-1"), () -> {
            metrics.add("Attempted", 1, MetricUnit.COUNT);
            throw disk;
        })).isSameAs(disk);

        assertThat(fx.out.single().get("Attempted").asInt()).isEqualTo(1);
    }

    @Test
    void execute_returnsTheBodysResult_andWritesWhatWithMetricsWrites() {
        Metrics viaExecute = fx.metrics();
        String result = viaExecute.execute(Fixtures.context("req-1"), () -> {
            viaExecute.add("M", 1).addDimension("Region", "eu").addMetadata("k", "v");
            return "done";
        });
        List<String> executed = fx.out.lines();
        fx.out.clear();
        Metrics viaSupplier = fx.metrics();

        viaSupplier.execute(Fixtures.context("req-1"), () -> {
            viaSupplier.add("M", 1).addDimension("Region", "eu").addMetadata("k", "v");
            return "done";
        });

        assertThat(result).isEqualTo("done");
        assertThat(executed).hasSize(1).isEqualTo(fx.out.lines());
    }

    @Test
    void execute_streamHandlerThatThrowsIOException_writesItsResponseAndMetrics() throws java.io.IOException {
        io.lambdakit.metrics.handlers.PlainStreamOrderHandler handler = new io.lambdakit.metrics.handlers.PlainStreamOrderHandler(fx.metrics());
        java.io.ByteArrayOutputStream response = new java.io.ByteArrayOutputStream();

        handler.handleRequest(new java.io.ByteArrayInputStream("{\"orderId\":\"o-7\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                response, Fixtures.context("req-1"));

        assertThat(response.toString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("\"o-7\"");
        assertThat(fx.out.blobs()).extracting(b -> b.has("OrderPlaced")).contains(true);
    }

    @Test
    void execute_streamHandlerGivenBrokenJson_propagatesTheParsersIOExceptionAndStillFlushes() {
        io.lambdakit.metrics.handlers.PlainStreamOrderHandler handler = new io.lambdakit.metrics.handlers.PlainStreamOrderHandler(
                fx.build(fx.builder().captureColdStart(true)));

        assertThatThrownBy(() -> handler.handleRequest(new java.io.ByteArrayInputStream("{broken".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                new java.io.ByteArrayOutputStream(), Fixtures.context("req-1")))
                .isInstanceOf(com.fasterxml.jackson.core.JsonProcessingException.class);

        assertThat(fx.out.blobs()).singleElement().satisfies(b -> assertThat(b.get("ColdStart").asInt()).isEqualTo(1));
    }

    @Test
    void execute_nested_flushesOnceWhenTheOutermostEnds() {
        Metrics metrics = fx.metrics();
        TestContext ctx = Fixtures.context("req-1");

        metrics.execute(ctx, () -> {
            metrics.add("Outer", 1);
            metrics.execute(ctx, () -> {
                metrics.add("Inner", 1);
                return null;
            });
            assertThat(fx.out.lines()).isEmpty();
            return null;
        });

        JsonNode blob = fx.out.single();
        assertThat(blob.has("Outer")).isTrue();
        assertThat(blob.has("Inner")).isTrue();
    }

    @Test
    void execute_withoutContextOutsideAnyInvocation_flushesWithoutRequestId() {
        Metrics metrics = fx.metrics();

        metrics.execute(null, () -> {
            metrics.add("Batch", 2);
            return null;
        });

        JsonNode blob = fx.out.single();
        assertThat(blob.get("Batch").asInt()).isEqualTo(2);
        assertThat(blob.has("function_request_id")).isFalse();
        assertThat(blob.has("xray_trace_id")).isFalse();
    }

    @Test
    void execute_invocationWithoutTraceHeader_writesNoTraceId() {
        Metrics metrics = fx.metrics();

        metrics.execute(Fixtures.contextBuilder("req-1").xrayTraceId(null).build(), () -> {
            metrics.add("M", 1);
            return null;
        });

        assertThat(fx.out.single().has("xray_trace_id")).isFalse();
    }

    @Test
    void flush_midInvocation_writesAndClearsMetricsAndDimensionsButKeepsMetadata() {
        Metrics metrics = fx.metrics();

        metrics.execute(Fixtures.context("req-1"), () -> {
            metrics.addMetadata("orderId", "o-1").addDimension("Region", "eu").add("First", 1);
            metrics.flush();
            metrics.add("Second", 2);
            return null;
        });

        List<JsonNode> blobs = fx.out.blobs();
        assertThat(blobs).hasSize(2);
        assertThat(blobs.get(0).has("First")).isTrue();
        assertThat(blobs.get(0).get("Region").asText()).isEqualTo("eu");
        assertThat(blobs.get(1).has("First")).isFalse();
        assertThat(blobs.get(1).has("Region")).isFalse();
        assertThat(blobs.get(1).get("Second").asInt()).isEqualTo(2);
        assertThat(blobs.get(1).get("orderId").asText()).isEqualTo("o-1");
    }

    @Test
    void flush_outsideAnyInvocation_writesMetricsRecordedOutsideInvocations() {
        Metrics metrics = fx.metrics();
        metrics.add("InitWork", 3, MetricUnit.MILLISECONDS);

        metrics.flush();

        JsonNode blob = fx.out.single();
        assertThat(blob.get("InitWork").asInt()).isEqualTo(3);
        assertThat(blob.has("function_request_id")).isFalse();
    }

    @Test
    void metricsRecordedOutsideInvocations_areWrittenAtTheEndOfTheNextInvocation() {
        Metrics metrics = fx.metrics();
        metrics.add("InitWork", 3, MetricUnit.MILLISECONDS);

        metrics.execute(Fixtures.context("req-1"), () -> {
            metrics.add("M", 1);
            return null;
        });

        List<JsonNode> blobs = fx.out.blobs();
        assertThat(blobs).hasSize(2);
        assertThat(blobs.get(0).get("function_request_id").asText()).isEqualTo("req-1");
        assertThat(blobs.get(0).has("InitWork")).isFalse();
        assertThat(blobs.get(1).get("InitWork").asInt()).isEqualTo(3);
        assertThat(blobs.get(1).has("function_request_id")).isFalse();
    }

    @Test
    void noNamespaceAnywhere_writesToDefaultNamespaceAndWarnsOnce() {
        fx.env("POWERTOOLS_METRICS_NAMESPACE", null);
        Metrics metrics = fx.metrics();

        for (int i = 0; i < 3; i++) {
            metrics.execute(Fixtures.context("req-" + i), () -> {
                metrics.add("M", 1);
                return null;
            });
        }

        assertThat(fx.out.blobs()).hasSize(3).allSatisfy(b ->
                assertThat(b.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("default_namespace"));
        assertThat(fx.warnings).hasSize(1);
        assertThat(fx.warnings.get(0)).contains("POWERTOOLS_METRICS_NAMESPACE");
    }

    @Test
    void invocationWithoutMetrics_writesNothingAndWarnsOnceInTheFunctionsLog() {
        Metrics metrics = fx.metrics();

        metrics.execute(Fixtures.context("req-1"), () -> null);
        metrics.execute(Fixtures.context("req-2"), () -> null);

        assertThat(fx.out.lines()).isEmpty();
        // about the user's invocation: the function's log (SLF4J, with the invocation's keys), WARN once, then DEBUG
        assertThat(fx.invocationLog).containsExactly("WARN no metrics were emitted by invocation req-1",
                "DEBUG no metrics were emitted by invocation req-2");
        assertThat(fx.warnings).isEmpty();
    }

    @Test
    void diagnostics_areJsonLinesOfTheMetricsLogger_inTheLoggingLinesShape() throws Exception {
        fx.env("POWERTOOLS_METRICS_NAMESPACE", null);
        Metrics metrics = fx.metrics();

        metrics.execute(Fixtures.context("req-1"), () -> {
            metrics.add("M", 1);
            return null;
        });

        assertThat(fx.diagnosticLines).hasSize(1);
        JsonNode line = io.lambdakit.core.Json.mapper().readTree(fx.diagnosticLines.get(0));
        assertThat(line.get("level").asText()).isEqualTo("WARN");
        assertThat(line.get("logger").asText()).isEqualTo("io.lambdakit.metrics");
        assertThat(line.get("service").asText()).isEqualTo("orders");
        assertThat(line.get("message").asText()).contains("POWERTOOLS_METRICS_NAMESPACE");
        assertThat(line.has("timestamp")).isTrue();
    }

    @Test
    void raiseOnEmptyMetrics_invocationWithoutMetrics_throwsMetricsException() {
        Metrics metrics = fx.build(fx.builder().raiseOnEmptyMetrics(true));

        assertThatThrownBy(() -> metrics.execute(Fixtures.context("req-1"), () -> "ok"))
                .isExactlyInstanceOf(MetricsException.class)
                .hasMessageContaining("no metrics were emitted by invocation req-1")
                .hasMessageContaining("raiseOnEmptyMetrics");
    }

    @Test
    void raiseOnEmptyMetrics_bodyThrows_propagatesTheBodysException() {
        Metrics metrics = fx.build(fx.builder().raiseOnEmptyMetrics(true));
        IllegalArgumentException boom = new IllegalArgumentException("bad order");

        assertThatThrownBy(() -> metrics.execute(Fixtures.context("req-1"), () -> {
            throw boom;
        })).isSameAs(boom);
    }

    @Test
    void raiseOnEmptyMetrics_metricFlushedMidInvocation_doesNotThrow() {
        Metrics metrics = fx.build(fx.builder().raiseOnEmptyMetrics(true));

        metrics.execute(Fixtures.context("req-1"), () -> {
            metrics.add("M", 1);
            metrics.flush();
            return null;
        });

        assertThat(fx.out.blobs()).hasSize(1);
    }

    @Test
    void disabledByEnvironment_writesNothingButStillValidates() {
        fx.env("POWERTOOLS_METRICS_DISABLED", "TRUE");
        Metrics metrics = fx.build(fx.builder().raiseOnEmptyMetrics(true).captureColdStart(true));

        metrics.execute(Fixtures.context("req-1"), () -> {
            metrics.add("M", 1);
            metrics.flushSingleMetric("S", 1, MetricUnit.COUNT, DimensionSet.empty());
            return null;
        });
        metrics.execute(Fixtures.context("req-2"), () -> null);

        assertThat(fx.out.lines()).isEmpty();
        assertThatThrownBy(() -> metrics.add("M", Double.NaN)).isInstanceOf(MetricsValidationException.class);
    }

    @Test
    void notEnabledByBuilder_writesNothing() {
        Metrics metrics = fx.build(fx.builder().enabled(false));

        metrics.execute(Fixtures.context("req-1"), () -> metrics.add("M", 1));

        assertThat(fx.out.lines()).isEmpty();
    }

    @Test
    void enabledByBuilder_overridesEnvironment() {
        fx.env("POWERTOOLS_METRICS_DISABLED", "true");
        Metrics metrics = fx.build(fx.builder().enabled(true));

        metrics.execute(Fixtures.context("req-1"), () -> {
            metrics.add("M", 1);
            return null;
        });

        assertThat(fx.out.blobs()).hasSize(1);
    }

    @Test
    void flushSingleMetric_writesItsOwnBlobWithTheDefaultsAndItsDimensions() {
        Metrics metrics = fx.metrics();

        metrics.execute(Fixtures.context("req-1"), () -> {
            metrics.addDimension("Region", "eu").addMetadata("orderId", "o-1").add("M", 1);
            metrics.flushSingleMetric("Refund", 9.5, MetricUnit.COUNT, DimensionSet.of("Customer", "c-7"));
            return null;
        });

        List<JsonNode> blobs = fx.out.blobs();
        assertThat(blobs).hasSize(2);
        assertThat(blobs.get(0)).isEqualTo(j("{'_aws':{'Timestamp':1714564800000,'CloudWatchMetrics':[{'Namespace':'Shop',"
                + "'Dimensions':[['Service','Customer']],'Metrics':[{'Name':'Refund','Unit':'Count'}]}]},"
                + "'Service':'orders','Customer':'c-7','Refund':9.5,'function_request_id':'req-1','xray_trace_id':'" + TRACE + "'}"));
        assertThat(blobs.get(1).get("M").asInt()).isEqualTo(1);
        assertThat(blobs.get(1).has("Refund")).isFalse();
        assertThat(blobs.get(1).has("Customer")).isFalse();
        assertThat(blobs.get(1).get("Region").asText()).isEqualTo("eu");
    }

    @Test
    void flushSingleMetric_counts_asEmittedForRaiseOnEmpty() {
        Metrics metrics = fx.build(fx.builder().raiseOnEmptyMetrics(true));

        metrics.execute(Fixtures.context("req-1"), () -> {
            metrics.flushSingleMetric("Refund", 1, MetricUnit.COUNT, DimensionSet.empty());
            return null;
        });

        assertThat(fx.out.single().get("Refund").asInt()).isEqualTo(1);
    }

    @Test
    void tenant_present_isWrittenAsProperty() {
        Metrics metrics = fx.metrics();

        metrics.execute(Fixtures.contextBuilder("req-1").tenantId("acme").build(), () -> {
            metrics.add("M", 1);
            return null;
        });

        JsonNode blob = fx.out.single();
        assertThat(blob.get("tenant_id").asText()).isEqualTo("acme");
        assertThat(blob.at("/_aws/CloudWatchMetrics/0/Dimensions")).isEqualTo(j("[['Service']]"));
    }

    @Test
    void tenant_withTenantDimension_isInEveryDimensionSet() {
        Metrics metrics = fx.build(fx.builder().tenantDimension(true));

        metrics.execute(Fixtures.contextBuilder("req-1").tenantId("acme").build(), () -> {
            metrics.addDimensionSet(DimensionSet.of("Tier", "gold")).add("M", 1);
            return null;
        });

        assertThat(fx.out.single()).isEqualTo(j("{'_aws':{'Timestamp':1714564800000,'CloudWatchMetrics':[{'Namespace':'Shop',"
                + "'Dimensions':[['Service','tenant_id'],['Service','tenant_id','Tier']],'Metrics':[{'Name':'M','Unit':'None'}]}]},"
                + "'Service':'orders','tenant_id':'acme','Tier':'gold','M':1,'function_request_id':'req-1','xray_trace_id':'" + TRACE + "'}"));
    }

    @Test
    void tenant_absent_writesNoTenantMember() {
        Metrics metrics = fx.build(fx.builder().tenantDimension(true));

        metrics.execute(Fixtures.context("req-1"), () -> {
            metrics.add("M", 1);
            return null;
        });

        JsonNode blob = fx.out.single();
        assertThat(blob.has("tenant_id")).isFalse();
        assertThat(blob.at("/_aws/CloudWatchMetrics/0/Dimensions")).isEqualTo(j("[['Service']]"));
    }

    @Test
    void add_afterTheInvocationWasFlushed_isWrittenByTheNextInvocationNotLost() throws Exception {
        Metrics metrics = fx.metrics();
        java.util.concurrent.atomic.AtomicReference<Runnable> straggler = new java.util.concurrent.atomic.AtomicReference<>();
        metrics.execute(Fixtures.context("req-1"), () -> {
            metrics.add("M", 1);
            straggler.set(io.lambdakit.core.InvocationContext.current().orElseThrow().wrap((Runnable) () -> metrics.add("Late", 5)));
            return null;
        });

        Thread worker = new Thread(straggler.get());
        worker.start();
        worker.join();
        metrics.execute(Fixtures.context("req-2"), () -> {
            metrics.add("M", 2);
            return null;
        });

        List<JsonNode> blobs = fx.out.blobs();
        assertThat(blobs).hasSize(3);
        assertThat(blobs.get(2).get("Late").asInt()).isEqualTo(5);
        assertThat(fx.warnings).anySatisfy(w -> assertThat(w).contains("after invocation req-1 had been flushed"));
    }

    @Test
    @SuppressWarnings("try")
    void metricsOfAnInvocationWithoutWithMetrics_areWrittenLateRatherThanLost() {
        Metrics metrics = fx.metrics();
        io.lambdakit.core.ExecutionEnvironment ee = fx.executionEnvironment();

        try (var scope = ee.enter(Fixtures.context("req-1"))) {
            metrics.add("Forgotten", 1);
        }
        try (var scope = ee.enter(Fixtures.context("req-2"))) {
            metrics.add("Next", 1);
        }

        JsonNode blob = fx.out.single();
        assertThat(blob.get("Forgotten").asInt()).isEqualTo(1);
        assertThat(blob.get("function_request_id").asText()).isEqualTo("req-1");
        assertThat(fx.warnings).anySatisfy(w -> assertThat(w).contains("never flushed"));
    }

    /**
     * On a managed instance the next invocation that records without a flush does not mean the previous one is over:
     * it may still be running on another thread. Its metrics are written once its deadline has passed, whole, with
     * their own dimensions, never split by a neighbour (which used to flush them mid-way, dropping the dimension for
     * the rest and losing the metrics recorded after it).
     */
    @Test
    @SuppressWarnings("try")
    void managedInstance_anInvocationWithoutWithMetrics_isNotFlushedByAConcurrentOne_whileItRuns() throws Exception {
        fx.env("AWS_LAMBDA_INITIALIZATION_TYPE", "lambda-managed-instances").env("AWS_LAMBDA_MAX_CONCURRENCY", "8");
        Metrics metrics = fx.metrics();
        io.lambdakit.core.ExecutionEnvironment ee = fx.executionEnvironment();
        java.time.Duration timeout = java.time.Duration.ofSeconds(30);

        try (var a = ee.enter(Fixtures.contextBuilder("req-a").timeout(timeout).clock(fx.clock).build())) {
            metrics.addDimension("Order", "a").add("Before", 1);
            Thread concurrent = new Thread(() -> {
                try (var b = ee.enter(Fixtures.contextBuilder("req-b").timeout(timeout).clock(fx.clock).build())) {
                    metrics.addDimension("Order", "b").add("Other", 2);
                }
            });
            concurrent.start();
            concurrent.join();
            metrics.add("After", 3);
        }
        assertThat(fx.out.blobs()).as("nothing is written while req-a may still run").isEmpty();

        fx.clock.advance(timeout.plusSeconds(1));
        try (var c = ee.enter(Fixtures.contextBuilder("req-c").timeout(timeout).clock(fx.clock).build())) {
            metrics.add("Next", 4);
        }

        List<JsonNode> blobs = fx.out.blobs();
        assertThat(blobs).hasSize(2);
        JsonNode a = blobs.stream().filter(b -> b.get("function_request_id").asText().equals("req-a")).findFirst().orElseThrow();
        assertThat(a.get("Order").asText()).isEqualTo("a");
        assertThat(a.get("Before").asInt()).isEqualTo(1);
        assertThat(a.get("After").asInt()).isEqualTo(3);
        assertThat(a.has("Other")).isFalse();
        JsonNode b = blobs.stream().filter(x -> x.get("function_request_id").asText().equals("req-b")).findFirst().orElseThrow();
        assertThat(b.get("Order").asText()).isEqualTo("b");
        assertThat(b.get("Other").asInt()).isEqualTo(2);
        assertThat(fx.warnings).anySatisfy(w -> assertThat(w).contains("never flushed"));
    }

    @Test
    void outputThatThrows_neverFailsTheHandlerAndWarnsOnce() {
        java.io.PrintStream broken = new java.io.PrintStream(java.io.OutputStream.nullOutputStream()) {
            @Override
            public void write(byte[] buf, int off, int len) {
                throw new IllegalStateException("stdout closed");
            }
        };
        Metrics metrics = fx.build(fx.builder().output(broken));

        for (int i = 0; i < 3; i++) {
            String r = metrics.execute(Fixtures.context("req-" + i), () -> {
                metrics.add("M", 1);
                return "ok";
            });
            assertThat(r).isEqualTo("ok");
        }

        assertThat(fx.warnings).hasSize(1);
        assertThat(fx.warnings.get(0)).contains("could not write metrics").contains("stdout closed");
    }

    @Test
    void snapStartCheckpoint_primesTheCodecWithoutWritingAnything() {
        Metrics metrics = fx.metrics();

        List<io.lambdakit.core.Lifecycle.HookRun> runs = fx.executionEnvironment().lifecycle().beforeCheckpoint();

        assertThat(runs).filteredOn(r -> r.name().startsWith("lambdakit-metrics"))
                .extracting(io.lambdakit.core.Lifecycle.HookRun::name)
                .containsExactlyInAnyOrder("lambdakit-metrics: prime the EMF codec", "lambdakit-metrics: preload hot-path classes");
        assertThat(runs).allSatisfy(r -> assertThat(r.succeeded()).isTrue());
        assertThat(fx.out.lines()).isEmpty();
        assertThat(fx.warnings).isEmpty();
        assertThat(metrics).isNotNull();
    }
}
