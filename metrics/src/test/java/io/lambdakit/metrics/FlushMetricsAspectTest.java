package io.lambdakit.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.Installation;
import io.lambdakit.metrics.handlers.AnnotatedHandlers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.lambdakit.metrics.MetricsTest.j;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@code @FlushMetrics} on woven handlers: the annotation's attributes and the Context lookup. */
class FlushMetricsAspectTest {

    final Fixtures fx = new Fixtures();
    final AnnotatedHandlers handlers = new AnnotatedHandlers();
    Installation installed;

    @BeforeEach
    void install() {
        installed = Metrics.install(fx.metrics());
    }

    @AfterEach
    void uninstall() {
        installed.close();
    }

    @Test
    void annotatedHandler_flushesTheCurrentMetricsWhenItReturns() throws Exception {
        Object result = handlers.plain(m -> {
            m.add("Orders", 2, MetricUnit.COUNT);
            return "ok";
        }, Fixtures.context("req-1"));

        assertThat(result).isEqualTo("ok");
        assertThat(fx.out.single()).isEqualTo(j("{'_aws':{'Timestamp':1714564800000,'CloudWatchMetrics':[{'Namespace':'Shop',"
                + "'Dimensions':[['Service']],'Metrics':[{'Name':'Orders','Unit':'Count'}]}]},"
                + "'Service':'orders','Orders':2,'function_request_id':'req-1','xray_trace_id':'" + Fixtures.TRACE_ID + "'}"));
    }

    @Test
    void annotatedHandler_throws_flushesAndPropagatesTheSameException() {
        IllegalStateException boom = new IllegalStateException("boom");

        assertThatThrownBy(() -> handlers.plain(m -> {
            m.add("Attempted", 1);
            throw boom;
        }, Fixtures.context("req-1"))).isSameAs(boom);

        assertThat(fx.out.single().get("Attempted").asInt()).isEqualTo(1);
    }

    @Test
    void attributes_overrideNamespaceServiceAndFunctionName() {
        handlers.overriding("o-1", Fixtures.context("req-1"));

        List<JsonNode> blobs = fx.out.blobs();
        assertThat(blobs).hasSize(2);
        assertThat(blobs.get(0)).isEqualTo(j("{'_aws':{'Timestamp':1714564800000,'CloudWatchMetrics':[{'Namespace':'Billing',"
                + "'Dimensions':[['Service','FunctionName']],'Metrics':[{'Name':'ColdStart','Unit':'Count'}]}]},"
                + "'Service':'invoices','FunctionName':'invoices-live','ColdStart':1,'function_request_id':'req-1','xray_trace_id':'"
                + Fixtures.TRACE_ID + "'}"));
        assertThat(blobs.get(1)).isEqualTo(j("{'_aws':{'Timestamp':1714564800000,'CloudWatchMetrics':[{'Namespace':'Billing',"
                + "'Dimensions':[['Service']],'Metrics':[{'Name':'Invoiced','Unit':'Count'}]}]},"
                + "'Service':'invoices','Invoiced':1,'function_request_id':'req-1','xray_trace_id':'" + Fixtures.TRACE_ID + "'}"));
    }

    @Test
    void contextAnywhereAmongTheArguments_isFound() {
        handlers.contextFirst(Fixtures.context("req-7"), "o-1");

        assertThat(fx.out.single().get("function_request_id").asText()).isEqualTo("req-7");
    }

    @Test
    void streamHandler_isFlushedWithItsContext() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        handlers.stream(new ByteArrayInputStream("{\"a\":1}".getBytes(StandardCharsets.UTF_8)), out, Fixtures.context("req-s"));

        JsonNode blob = fx.out.single();
        assertThat(blob.get("Bytes").asInt()).isEqualTo(7);
        assertThat(blob.get("function_request_id").asText()).isEqualTo("req-s");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
    }

    @Test
    void methodWithoutContext_insideAnInvocation_joinsIt() {
        Metrics.current().execute(Fixtures.context("req-outer"), () -> handlers.noContext("o-1"));

        JsonNode blob = fx.out.single();
        assertThat(blob.get("NoContext").asInt()).isEqualTo(1);
        assertThat(blob.get("function_request_id").asText()).isEqualTo("req-outer");
    }

    @Test
    void methodWithoutContext_outsideAnyInvocation_flushesWhenItReturns() {
        handlers.noContext("o-1");

        JsonNode blob = fx.out.single();
        assertThat(blob.get("NoContext").asInt()).isEqualTo(1);
        assertThat(blob.has("function_request_id")).isFalse();
    }

    @Test
    void nestedAnnotatedMethods_flushOnceWhenTheOutermostReturns() {
        handlers.outer("o-1", Fixtures.context("req-1"));

        JsonNode blob = fx.out.single();
        assertThat(blob.get("Outer").asInt()).isEqualTo(1);
        assertThat(blob.get("Inner").asInt()).isEqualTo(1);
    }

    @Test
    void invalidAttribute_failsBeforeTheHandlerRuns_withTheExceptionOfTheOptionsBuilder() {
        ConfigurationException fromBuilder = catchThrowableOfType(ConfigurationException.class,
                () -> FlushOptions.builder().namespace("Not Valid!").build());

        assertThatThrownBy(() -> handlers.invalidNamespace("o-1", Fixtures.context("req-1")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage(fromBuilder.getMessage())
                .hasMessageContaining("@FlushMetrics(namespace) / FlushOptions.builder().namespace(..) was 'Not Valid!' but it contains '!'");

        assertThat(handlers.bodiesRun).hasValue(0);
        assertThat(fx.out.lines()).isEmpty();
    }

    @Test
    void invalidAttributes_reportsEveryProblemAsTheBuilderDoes() {
        ConfigurationException fromBuilder = catchThrowableOfType(ConfigurationException.class,
                () -> FlushOptions.builder().namespace("Not Valid!").service(" ").functionName("fn\u0001").build());

        ConfigurationException fromAnnotation = catchThrowableOfType(ConfigurationException.class,
                () -> handlers.invalidAttributes("o-1", Fixtures.context("req-1")));

        assertThat(fromAnnotation.problems()).hasSize(3).isEqualTo(fromBuilder.problems());
        assertThat(fromAnnotation.component()).isEqualTo("lambdakit-metrics");
        assertThat(handlers.bodiesRun).hasValue(0);
    }

    @Test
    void invalidAttribute_isConvertedOnce_everyCallThrowsTheCachedFailure() {
        Throwable first = catchThrowable(() -> handlers.invalidNamespace("o-1", Fixtures.context("req-1")));

        Throwable second = catchThrowable(() -> handlers.invalidNamespace("o-2", Fixtures.context("req-2")));

        assertThat(first).isInstanceOf(ConfigurationException.class);
        assertThat(second).isSameAs(first);
        assertThat(handlers.bodiesRun).hasValue(0);
    }

    @Test
    void unannotatedMethod_isNotWoven() {
        handlers.unannotated("o-1", Fixtures.context("req-1"));

        assertThat(fx.out.lines()).isEmpty();
    }

    @Test
    @SuppressWarnings("try")
    void instanceInstalledBetweenCalls_theNewInstanceIsUsed_andClosingPutsTheFirstBack() {
        handlers.overriding("o-1", Fixtures.context("req-1"));
        Fixtures other = new Fixtures().env("POWERTOOLS_SERVICE_NAME", "other");

        try (Installation i = Metrics.install(other.metrics())) {
            handlers.overriding("o-2", Fixtures.context("req-2"));
        }
        handlers.overriding("o-3", Fixtures.context("req-3"));

        List<JsonNode> first = fx.out.blobs();
        assertThat(first).hasSize(3);
        assertThat(first.get(2).get("function_request_id").asText()).isEqualTo("req-3");
        List<JsonNode> second = other.out.blobs();
        assertThat(second).hasSize(2);
        assertThat(second.get(1).get("function_request_id").asText()).isEqualTo("req-2");
        assertThat(second.get(1).get("Service").asText()).isEqualTo("invoices");
    }
}
