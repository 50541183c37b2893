package io.lambdakit.logging;

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
    void invalidAnnotation_neverFailsTheHandler_andIsReportedOnce() {
        CapturingSink sink = new CapturingSink();
        LogOutput previous = LogOutput.install(TestOutputs.output(sink, ENV));
        try {
            MisconfiguredHandler h = new MisconfiguredHandler();

            assertThat(h.handle("a", FakeContext.of("r1"))).isEqualTo("handled a");
            assertThat(h.handle("b", FakeContext.of("r2"))).isEqualTo("handled b");
            assertThat(h.notAHandler("c")).isEqualTo("helper c");
        } finally {
            LogOutput.install(previous);
        }

        List<String> messages = sink.messages();
        assertThat(messages).filteredOn(m -> m.startsWith("samplingRate was '7.0' but it must be between 0 and 1")).hasSize(1);
        assertThat(messages).filteredOn(m -> m.startsWith("correlationIdPath was 'a.[' but it is not a valid JMESPath")).hasSize(1);
        assertThat(messages).filteredOn("Handler Event"::equals).hasSize(2);
        assertThat(messages).filteredOn(m -> m.contains("ran without a Lambda Context argument")).hasSize(1);
    }

    private static List<JsonNode> run(RequestHandler<Map<String, Object>, Map<String, Object>> handler) {
        CapturingSink sink = new CapturingSink();
        LogOutput output = TestOutputs.output(sink, ENV, new MutableClock(TestOutputs.T0), b -> b.level(Level.DEBUG));
        LogOutput previous = LogOutput.install(output);
        try {
            Map<String, Object> ok = Map.of("orderId", "o-1", "customer", "c-1",
                    "requestContext", Map.of("requestId", "api-1"));
            Map<String, Object> failing = Map.of("orderId", "o-2", "customer", "c-2", "fail", true,
                    "requestContext", Map.of("requestId", "api-2"));

            assertThat(handler.handleRequest(ok, FakeContext.of("req-1"))).containsEntry("status", "accepted");
            assertThatThrownBy(() -> handler.handleRequest(failing, FakeContext.of("req-2")))
                    .isExactlyInstanceOf(IllegalStateException.class).hasMessage("order rejected: o-2");
            OrderLogic.LOG.info("after");
        } finally {
            LogOutput.install(previous);
        }
        return sink.lines();
    }

    private static List<JsonNode> runStream(RequestStreamHandler handler) throws Exception {
        CapturingSink sink = new CapturingSink();
        LogOutput previous = LogOutput.install(TestOutputs.output(sink, ENV));
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] in = "{\"id\":\"st-1\",\"payload\":\"abc\"}".getBytes(StandardCharsets.UTF_8);
            handler.handleRequest(new ByteArrayInputStream(in), out, FakeContext.of("s-1"));
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"length\":" + in.length + "}");
        } finally {
            LogOutput.install(previous);
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
