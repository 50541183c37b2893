package io.lambdakit.logging;

import io.lambdakit.testing.TestContext;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.ApplicationLoadBalancerRequestEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.InvocationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.MDC;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoggingEngineTest {

    private final CapturingSink sink = new CapturingSink();
    private final LogOutput out = TestOutputs.output(sink, Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand"));
    private final Logger log = out.logger("com.acme.Handler");

    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    @Test
    void logEventAndResponse_writeHandlerEventAndResponseLines_asJson() {
        LambdaLogging logging = LambdaLogging.builder().output(out).logger(LoggingEngineTest.class)
                .logEvent(true).logResponse(true).correlationIdPath("detail.orderId").build();

        String result = logging.execute(TestOutputs.context("r1"), Map.of("detail", Map.of("orderId", "o-77", "qty", 3)), () -> "done");

        assertThat(result).isEqualTo("done");
        assertThat(sink.messages()).containsExactly("Handler Event", "Handler Response");
        JsonNode event = sink.only("Handler Event");
        assertThat(event.get("event").at("/detail/qty").intValue()).isEqualTo(3);
        assertThat(event.get("correlation_id").asText()).isEqualTo("o-77");
        assertThat(event.get("logger").asText()).isEqualTo(LoggingEngineTest.class.getName());
        assertThat(sink.only("Handler Response").get("response").asText()).isEqualTo("done");
    }

    @Test
    void logError_logsTheUncaughtExceptionOnce_andRethrowsTheSameInstance() {
        LambdaLogging logging = LambdaLogging.builder().output(out).logError(true).build();
        IllegalArgumentException boom = new IllegalArgumentException("bad order");

        assertThatThrownBy(() -> logging.execute(TestOutputs.context("r1"), () -> {
            throw boom;
        })).isSameAs(boom);

        JsonNode line = sink.only("Exception in Lambda Handler");
        assertThat(line.get("level").asText()).isEqualTo("ERROR");
        assertThat(line.at("/error/name").asText()).isEqualTo("java.lang.IllegalArgumentException");
        assertThat(line.at("/error/message").asText()).isEqualTo("bad order");
        assertThat(sink.writes()).hasSize(1);
    }

    @Test
    void execute_propagatesCheckedExceptionsUnchanged() {
        LambdaLogging logging = LambdaLogging.builder().output(out).build();
        IOException io = new IOException("socket closed");

        assertThatThrownBy(() -> logging.execute(TestOutputs.context("r1"), null, () -> {
            throw io;
        })).isSameAs(io);
    }

    @Test
    void executeStream_propagatesTheBodysCheckedExceptionUnchanged() {
        LambdaLogging logging = LambdaLogging.builder().output(out).logEvent(true).build();
        IOException io = new IOException("pipe closed");

        assertThatThrownBy(() -> logging.executeStream(new ByteArrayInputStream(new byte[] {'1'}), new ByteArrayOutputStream(),
                TestOutputs.context("r1"), (in, o) -> {
                    throw io;
                })).isSameAs(io);
        assertThat(sink.messages()).containsExactly("Handler Event");
    }

    @Test
    void environmentFlags_applyWhenBuilderLeavesThemUnset_andBuilderFalseWins() {
        CapturingSink s = new CapturingSink();
        LogOutput envOut = TestOutputs.output(s, Map.of("POWERTOOLS_LOGGER_LOG_EVENT", "true", "POWERTOOLS_LOGGER_LOG_RESPONSE", "TRUE",
                "POWERTOOLS_LOGGER_LOG_ERROR", "true"));

        LambdaLogging.builder().output(envOut).build().execute(TestOutputs.context("r1"), "in", () -> "out");
        LambdaLogging.builder().output(envOut).logEvent(false).logResponse(false).build().execute(TestOutputs.context("r2"), "in", () -> "out");
        assertThatThrownBy(() -> LambdaLogging.builder().output(envOut).build().execute(TestOutputs.context("r3"), () -> {
            throw new IllegalStateException("x");
        })).hasMessage("x");

        assertThat(s.lines()).extracting(n -> n.get("function_request_id").asText() + " " + n.get("message").asText())
                .containsExactly("r1 Handler Event", "r1 Handler Response", "r3 Handler Event", "r3 Exception in Lambda Handler");
    }

    @Test
    void correlationPresets_findIdsInRealEventClasses() {
        APIGatewayProxyRequestEvent rest = new APIGatewayProxyRequestEvent().withRequestContext(
                new APIGatewayProxyRequestEvent.ProxyRequestContext().withRequestId("rest-id"));
        APIGatewayV2HTTPEvent http = APIGatewayV2HTTPEvent.builder().withRequestContext(
                APIGatewayV2HTTPEvent.RequestContext.builder().withRequestId("http-id").build()).build();
        ApplicationLoadBalancerRequestEvent alb = new ApplicationLoadBalancerRequestEvent();
        alb.setHeaders(Map.of("x-amzn-trace-id", "Root=1-alb"));
        ScheduledEvent bridge = new ScheduledEvent().withId("eb-id").withSource("aws.events");

        assertThat(correlationOf(CorrelationIdPaths.API_GATEWAY_REST, rest)).isEqualTo("rest-id");
        assertThat(correlationOf(CorrelationIdPaths.API_GATEWAY_HTTP, http)).isEqualTo("http-id");
        assertThat(correlationOf(CorrelationIdPaths.APPLICATION_LOAD_BALANCER, alb)).isEqualTo("Root=1-alb");
        assertThat(correlationOf(CorrelationIdPaths.EVENT_BRIDGE, bridge)).isEqualTo("eb-id");
        assertThat(correlationOf(CorrelationIdPaths.APPSYNC_RESOLVER,
                Map.of("request", Map.of("headers", Map.of("x-amzn-trace-id", "as-id"))))).isEqualTo("as-id");
        assertThat(correlationOf(CorrelationIdPaths.EVENT_BRIDGE, "{\"id\":\"from-json-string\"}")).isEqualTo("from-json-string");
    }

    private String correlationOf(String path, Object event) {
        return LambdaLogging.builder().output(out).correlationIdPath(path).build()
                .execute(TestOutputs.context("r-" + path), event, () -> LambdaLogging.correlationId().orElse(null));
    }

    @Test
    void correlationIdMissing_warnsOnce_andWritesNoKey() {
        LambdaLogging logging = LambdaLogging.builder().output(out).correlationIdPath(CorrelationIdPaths.API_GATEWAY_REST).build();

        logging.execute(TestOutputs.context("r1"), Map.of("other", 1), () -> { log.info("one"); return null; });
        logging.execute(TestOutputs.context("r2"), Map.of("other", 1), () -> { log.info("two"); return null; });

        assertThat(sink.reportMessages()).filteredOn(m -> m.startsWith("Unable to extract any correlation id with 'requestContext.requestId'"))
                .hasSize(1);
        assertThat(sink.only("two").has("correlation_id")).isFalse();
    }

    @Test
    void invalidOptions_failTheBuilder_listingEveryProblem() {
        assertThatThrownBy(() -> LambdaLogging.builder().samplingRate(1.5).correlationIdPath("requestContext.[").build())
                .isInstanceOfSatisfying(ConfigurationException.class, e -> {
                    assertThat(e.problems()).hasSize(2);
                    assertThat(e.getMessage()).contains("samplingRate was '1.5' but it must be between 0 and 1")
                            .contains("correlationIdPath was 'requestContext.[' but it is not a valid JMESPath expression");
                });
    }

    @Test
    void mdc_isRestoredAfterEachInvocation_keepingInitTimeEntries() {
        MDC.put("deployment", "blue");
        LambdaLogging logging = LambdaLogging.builder().output(out).build();

        logging.execute(TestOutputs.context("r1"), () -> {
            MDC.put("customer", "c1");
            MDC.put("deployment", "changed");
            log.info("inside");
            return null;
        });
        log.info("after");

        assertThat(sink.only("inside").get("customer").asText()).isEqualTo("c1");
        assertThat(sink.only("after").has("customer")).isFalse();
        assertThat(sink.only("after").get("deployment").asText()).isEqualTo("blue");
        assertThat(sink.only("after").has("function_request_id")).isFalse();
        assertThat(MDC.getCopyOfContextMap()).containsExactly(Map.entry("deployment", "blue"));
    }

    @Test
    void clearMdc_clearsEvenInitTimeEntries() {
        MDC.put("deployment", "blue");

        LambdaLogging.builder().output(out).clearState(true).build().execute(TestOutputs.context("r1"), () -> null);

        assertThat(MDC.getCopyOfContextMap()).isEmpty();
    }

    @Test
    void nestedRunForTheSameInvocation_onlyRunsTheBody() {
        LambdaLogging logging = LambdaLogging.builder().output(out).logEvent(true).build();
        TestContext ctx = TestOutputs.context("r1");

        logging.execute(ctx, "outer", () -> logging.execute(ctx, "inner", () -> {
            log.info("body");
            return null;
        }));

        assertThat(sink.messages()).containsExactly("Handler Event", "body");
        assertThat(sink.only("Handler Event").get("event").asText()).isEqualTo("outer");
    }

    @Test
    void streamHandler_getsTheWholeInput_andEventAndResponseAreLoggedAsJson() throws IOException {
        LambdaLogging logging = LambdaLogging.builder().output(out).logEvent(true).logResponse(true)
                .correlationIdPath("id").build();
        byte[] input = "{\"id\":\"s-1\",\"items\":[1,2]}".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream output = new ByteArrayOutputStream();

        logging.executeStream(new ByteArrayInputStream(input), output, TestOutputs.context("r1"), (in, o) -> {
            byte[] read = in.readAllBytes();
            o.write(("{\"echo\":" + new String(read, StandardCharsets.UTF_8) + "}").getBytes(StandardCharsets.UTF_8));
        });

        assertThat(output.toString(StandardCharsets.UTF_8)).isEqualTo("{\"echo\":{\"id\":\"s-1\",\"items\":[1,2]}}");
        JsonNode event = sink.only("Handler Event");
        assertThat(event.at("/event/items/1").intValue()).isEqualTo(2);
        assertThat(event.get("correlation_id").asText()).isEqualTo("s-1");
        assertThat(sink.only("Handler Response").at("/response/echo/id").asText()).isEqualTo("s-1");
    }

    @Test
    void missingContext_runsTheBody_andWarnsOnce() {
        LambdaLogging logging = LambdaLogging.builder().output(out).logEvent(true).build();

        String r1 = logging.execute(null, "e", () -> "ran");
        logging.execute(null, "e", () -> "ran");

        assertThat(r1).isEqualTo("ran");
        assertThat(sink.reportMessages()).singleElement().asString().contains("ran without a Lambda Context argument");
        assertThat(sink.writes()).isEmpty();
    }

    @Test
    void stateIsInvocationScoped_correlationIdAndContextGoneAfterwards() {
        LambdaLogging logging = LambdaLogging.builder().output(out).build();

        logging.execute(TestOutputs.context("r1"), () -> LambdaLogging.setCorrelationId("c-1"));

        assertThat(LambdaLogging.correlationId()).isEmpty();
        assertThat(LambdaLogging.setCorrelationId("late")).isFalse();
        assertThat(InvocationContext.current()).isEmpty();
    }

    @Test
    void wrappedWorkerThread_linesCarryTheInvocationKeys() throws Exception {
        LambdaLogging logging = LambdaLogging.builder().output(out).correlationIdPath("id").build();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            logging.execute(TestOutputs.context("r-worker"), Map.of("id", "c-w"), () -> {
                try {
                    return pool.submit(InvocationContext.current().orElseThrow().wrap(() -> {
                        log.info("from worker");
                        return null;
                    })).get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        } finally {
            pool.shutdownNow();
        }

        JsonNode line = sink.only("from worker");
        assertThat(line.get("function_request_id").asText()).isEqualTo("r-worker");
        assertThat(line.get("correlation_id").asText()).isEqualTo("c-w");
    }
}
