package io.lambdakit.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.core.ConfigurationException;
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

/** {@code @FlushMetrics} on woven handlers: the annotation's attributes and the Context lookup. */
class FlushMetricsAspectTest {

    final Fixtures fx = new Fixtures();
    final AnnotatedHandlers handlers = new AnnotatedHandlers();

    @BeforeEach
    void install() {
        Metrics.setGlobal(fx.metrics());
    }

    @AfterEach
    void uninstall() {
        Metrics.resetGlobal();
    }

    @Test
    void annotatedHandler_flushesTheGlobalMetricsWhenItReturns() throws Exception {
        Object result = handlers.plain(m -> {
            m.add("Orders", 2, MetricUnit.COUNT);
            return "ok";
        }, SimpleContext.of("req-1"));

        assertThat(result).isEqualTo("ok");
        assertThat(fx.out.single()).isEqualTo(j("{'_aws':{'Timestamp':1714564800000,'CloudWatchMetrics':[{'Namespace':'Shop',"
                + "'Dimensions':[['Service']],'Metrics':[{'Name':'Orders','Unit':'Count'}]}]},"
                + "'Service':'orders','Orders':2,'function_request_id':'req-1','xray_trace_id':'" + SimpleContext.TRACE_ID + "'}"));
    }

    @Test
    void annotatedHandler_throws_flushesAndPropagatesTheSameException() {
        IllegalStateException boom = new IllegalStateException("boom");

        assertThatThrownBy(() -> handlers.plain(m -> {
            m.add("Attempted", 1);
            throw boom;
        }, SimpleContext.of("req-1"))).isSameAs(boom);

        assertThat(fx.out.single().get("Attempted").asInt()).isEqualTo(1);
    }

    @Test
    void attributes_overrideNamespaceServiceAndFunctionName() {
        handlers.overriding("o-1", SimpleContext.of("req-1"));

        List<JsonNode> blobs = fx.out.blobs();
        assertThat(blobs).hasSize(2);
        assertThat(blobs.get(0)).isEqualTo(j("{'_aws':{'Timestamp':1714564800000,'CloudWatchMetrics':[{'Namespace':'Billing',"
                + "'Dimensions':[['Service','FunctionName']],'Metrics':[{'Name':'ColdStart','Unit':'Count'}]}]},"
                + "'Service':'invoices','FunctionName':'invoices-live','ColdStart':1,'function_request_id':'req-1','xray_trace_id':'"
                + SimpleContext.TRACE_ID + "'}"));
        assertThat(blobs.get(1)).isEqualTo(j("{'_aws':{'Timestamp':1714564800000,'CloudWatchMetrics':[{'Namespace':'Billing',"
                + "'Dimensions':[['Service']],'Metrics':[{'Name':'Invoiced','Unit':'Count'}]}]},"
                + "'Service':'invoices','Invoiced':1,'function_request_id':'req-1','xray_trace_id':'" + SimpleContext.TRACE_ID + "'}"));
    }

    @Test
    void contextAnywhereAmongTheArguments_isFound() {
        handlers.contextFirst(SimpleContext.of("req-7"), "o-1");

        assertThat(fx.out.single().get("function_request_id").asText()).isEqualTo("req-7");
    }

    @Test
    void streamHandler_isFlushedWithItsContext() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        handlers.stream(new ByteArrayInputStream("{\"a\":1}".getBytes(StandardCharsets.UTF_8)), out, SimpleContext.of("req-s"));

        JsonNode blob = fx.out.single();
        assertThat(blob.get("Bytes").asInt()).isEqualTo(7);
        assertThat(blob.get("function_request_id").asText()).isEqualTo("req-s");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
    }

    @Test
    void methodWithoutContext_insideAnInvocation_joinsIt() {
        Metrics.global().withMetrics(SimpleContext.of("req-outer"), () -> handlers.noContext("o-1"));

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
        handlers.outer("o-1", SimpleContext.of("req-1"));

        JsonNode blob = fx.out.single();
        assertThat(blob.get("Outer").asInt()).isEqualTo(1);
        assertThat(blob.get("Inner").asInt()).isEqualTo(1);
    }

    @Test
    void invalidAttribute_failsBeforeTheHandlerRunsNamingTheMethod() {
        assertThatThrownBy(() -> handlers.invalidNamespace("o-1", SimpleContext.of("req-1")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("@FlushMetrics(namespace = \"Not Valid!\") on AnnotatedHandlers.invalidNamespace(..)")
                .hasMessageContaining("contains '!'");

        assertThat(fx.out.lines()).isEmpty();
    }

    @Test
    void unannotatedMethod_isNotWoven() {
        handlers.unannotated("o-1", SimpleContext.of("req-1"));

        assertThat(fx.out.lines()).isEmpty();
    }

    @Test
    void globalReplacedBetweenCalls_theNewInstanceIsUsed() {
        handlers.overriding("o-1", SimpleContext.of("req-1"));
        Fixtures other = new Fixtures().env("POWERTOOLS_SERVICE_NAME", "other");
        Metrics.setGlobal(other.metrics());

        handlers.overriding("o-2", SimpleContext.of("req-2"));

        assertThat(fx.out.blobs()).hasSize(2);
        List<JsonNode> second = other.out.blobs();
        assertThat(second).hasSize(2);
        assertThat(second.get(1).get("function_request_id").asText()).isEqualTo("req-2");
        assertThat(second.get(1).get("Service").asText()).isEqualTo("invoices");
    }

    @Test
    void setGlobal_foreignImplementation_isRejected() {
        Metrics foreign = (Metrics) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{Metrics.class}, (p, m, a) -> null);

        assertThatThrownBy(() -> Metrics.setGlobal(foreign))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must come from Metrics.builder()");
    }
}
