package io.lambdakit.logging;

import io.lambdakit.testing.MutableClock;
import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.Installation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.slf4j.event.Level;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The annotation door (a handler woven at test-compile time) and the plain-API door produce the
 * same lines for the same scenarios. Each door runs against a freshly installed output with its own
 * execution environment, so cold starts line up too.
 */
class ParityTest {

    private static final Map<String, String> ENV = Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand",
            "POWERTOOLS_SERVICE_NAME", "orders", "POWERTOOLS_LOG_LEVEL", "DEBUG");

    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    @Test
    void objectHandler_bothDoors_writeIdenticalLines() {
        List<JsonNode> woven = run(new WovenOrderHandler());
        List<JsonNode> plain = run(new PlainOrderHandler());

        assertThat(woven).hasSize(9);
        assertThat(normalise(woven)).isEqualTo(normalise(plain));
        assertThat(woven).extracting(n -> n.get("message").asText()).containsExactly(
                "Handler Event", "validating o-1", "processing order", "Handler Response",
                "Handler Event", "validating o-2", "processing order", "Exception in Lambda Handler",
                "after");
        assertThat(woven.get(0).get("cold_start").booleanValue()).isTrue();
        assertThat(woven.get(4).get("cold_start").booleanValue()).isFalse();
        assertThat(woven.get(0).get("correlation_id").asText()).isEqualTo("api-1");
        assertThat(woven.get(2).get("password").asText()).isEqualTo("[REDACTED]");
        assertThat(woven.get(8).has("customer")).as("MDC restored after the invocation").isFalse();
    }

    @Test
    void streamHandler_bothDoors_writeIdenticalLines_andHandlerReadsWholeInput() throws Exception {
        List<JsonNode> woven = runStream(new WovenStreamHandler());
        List<JsonNode> plain = runStream(new PlainStreamHandler());

        assertThat(woven).extracting(n -> n.get("message").asText()).containsExactly("Handler Event", "Handler Response");
        assertThat(normalise(woven)).isEqualTo(normalise(plain));
        assertThat(woven.get(1).at("/response/length").intValue()).isEqualTo("{\"id\":\"st-1\",\"payload\":\"abc\"}".length());
        assertThat(woven.get(0).get("correlation_id").asText()).isEqualTo("st-1");
    }

    @Test
    void invalidAnnotation_failsEveryCallBeforeTheBody_withTheBuildersException() {
        ConfigurationException fromBuilder = catchThrowableOfType(ConfigurationException.class,
                () -> LambdaLogging.builder().samplingRate(7).correlationIdPath("a.[").logEvent(true).build());
        CapturingSink sink = new CapturingSink();
        MisconfiguredHandler h = new MisconfiguredHandler();
        Throwable first;
        Throwable second;

        Installation installed = LogOutput.install(TestOutputs.output(sink, ENV));
        try {
            first = catchThrowable(() -> h.handle("a", TestOutputs.context("r1")));
            second = catchThrowable(() -> h.handle("b", TestOutputs.context("r2")));
            assertThat(h.notAHandler("c")).isEqualTo("helper c");
        } finally {
            installed.close();
        }

        assertThat(fromBuilder.getMessage())
                .contains("samplingRate was '7.0' but it must be between 0 and 1")
                .contains("correlationIdPath was 'a.[' but it is not a valid JMESPath");
        assertThat(first).isExactlyInstanceOf(ConfigurationException.class).hasMessage(fromBuilder.getMessage());
        assertThat(second).as("the failed conversion is cached").isSameAs(first);
        assertThat(h.bodyRuns).as("the body never ran").hasValue(0);
        assertThat(sink.writes()).isEmpty();
        assertThat(sink.reportMessages()).filteredOn(m -> m.contains("ran without a Lambda Context argument")).hasSize(1);
    }

    private static List<JsonNode> run(RequestHandler<Map<String, Object>, Map<String, Object>> handler) {
        CapturingSink sink = new CapturingSink();
        LogOutput output = TestOutputs.output(sink, ENV, MutableClock.at(TestOutputs.T0), b -> b.level(Level.DEBUG));
        Installation previous = LogOutput.install(output);
        try {
            Map<String, Object> ok = Map.of("orderId", "o-1", "customer", "c-1",
                    "requestContext", Map.of("requestId", "api-1"));
            Map<String, Object> failing = Map.of("orderId", "o-2", "customer", "c-2", "fail", true,
                    "requestContext", Map.of("requestId", "api-2"));

            assertThat(handler.handleRequest(ok, TestOutputs.context("req-1"))).containsEntry("status", "accepted");
            assertThatThrownBy(() -> handler.handleRequest(failing, TestOutputs.context("req-2")))
                    .isExactlyInstanceOf(IllegalStateException.class).hasMessage("order rejected: o-2");
            OrderLogic.LOG.info("after");
        } finally {
            previous.close();
        }
        return sink.lines();
    }

    private static List<JsonNode> runStream(RequestStreamHandler handler) throws Exception {
        CapturingSink sink = new CapturingSink();
        Installation previous = LogOutput.install(TestOutputs.output(sink, ENV));
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] in = "{\"id\":\"st-1\",\"payload\":\"abc\"}".getBytes(StandardCharsets.UTF_8);
            handler.handleRequest(new ByteArrayInputStream(in), out, TestOutputs.context("s-1"));
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"length\":" + in.length + "}");
        } finally {
            previous.close();
        }
        return sink.lines();
    }

    /** Stack traces differ by the frames of each door; keep only their first line. */
    private static List<JsonNode> normalise(List<JsonNode> lines) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode n : lines) {
            ObjectNode copy = n.deepCopy();
            if (copy.get("error") instanceof ObjectNode error) {
                String stack = error.get("stack").asText();
                error.set("stack", TextNode.valueOf(stack.substring(0, stack.indexOf('\n'))));
            }
            out.add(copy);
        }
        return out;
    }
}
