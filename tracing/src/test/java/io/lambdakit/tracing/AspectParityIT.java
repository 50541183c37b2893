package io.lambdakit.tracing;

import io.lambdakit.core.Installation;
import io.lambdakit.testing.TestContext;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lambdakit.tracing.TracingFixture.Facade;
import io.lambdakit.tracing.woven.PlainOrdersHandler;
import io.lambdakit.tracing.woven.WovenOrdersHandler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same scenarios through both doors, {@code @Tracing} (woven at test-compile time) and the plain
 * API, on the same clock, ids and invocations: the documents must be identical. Only stack frames
 * differ by nature (the aspect's frames against the lambdas'), so they are left out of the comparison.
 */
class AspectParityIT {

    record Outcome(List<String> results, List<JsonNode> documents) {
    }

    static Stream<Arguments> scenarios() {
        return Stream.of(
                Arguments.of("success", List.of("o-1", "o-2"), Map.<String, String>of()),
                Arguments.of("failure", List.of("fail-1", "o-3"), Map.<String, String>of()),
                Arguments.of("no response capture", List.of("o-4"), Map.of("POWERTOOLS_TRACER_CAPTURE_RESPONSE", "false")),
                Arguments.of("no error capture", List.of("fail-2"), Map.of("POWERTOOLS_TRACER_CAPTURE_ERROR", "false")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void scenario_throughBothDoors_sendsIdenticalDocuments(String name, List<String> orderIds, Map<String, String> env) {
        List<Facade> facades = new ArrayList<>();
        List<String> requestIds = new ArrayList<>();
        for (int i = 0; i < orderIds.size(); i++) {
            facades.add(TracingFixture.sampled());
            requestIds.add("req-" + i);
        }

        Outcome woven = run(WovenOrdersHandler::new, orderIds, facades, requestIds, env);
        Outcome plain = run(PlainOrdersHandler::new, orderIds, facades, requestIds, env);

        assertThat(woven.documents()).as("the woven handler was traced").hasSize(orderIds.size());
        assertThat(woven.results()).isEqualTo(plain.results());
        assertThat(woven.documents()).isEqualTo(plain.documents());
    }

    private static Outcome run(Supplier<RequestHandler<Map<String, String>, String>> handlerFactory, List<String> orderIds,
                               List<Facade> facades, List<String> requestIds, Map<String, String> env) {
        try (TracingFixture fx = new TracingFixture()) {
            env.forEach(fx::env);
            Tracer tracer = fx.tracer();
            Installation installed = Tracer.install(tracer);
            try {
                RequestHandler<Map<String, String>, String> handler = handlerFactory.get();
                List<String> results = new ArrayList<>();
                for (int i = 0; i < orderIds.size(); i++) {
                    TestContext context = TestContext.builder().requestId(requestIds.get(i)).xrayTraceId(facades.get(i).header()).build();
                    try {
                        results.add(handler.handleRequest(Map.of("id", orderIds.get(i)), context));
                    } catch (IllegalStateException e) {
                        results.add(e.getClass().getName() + ": " + e.getMessage());
                    }
                }
                List<JsonNode> docs = fx.daemon.take(orderIds.size());
                docs.forEach(AspectParityIT::withoutStacks);
                assertThat(fx.warnings).isEmpty();
                return new Outcome(results, docs);
            } finally {
                installed.close();
                tracer.close();
            }
        }
    }

    private static void withoutStacks(JsonNode node) {
        for (JsonNode e : node.path("cause").path("exceptions")) {
            ((ObjectNode) e).remove(List.of("stack", "truncated"));
        }
        for (JsonNode c : node.path("subsegments")) {
            withoutStacks(c);
        }
    }
}
