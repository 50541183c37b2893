package io.lambdakit.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.testing.sample.ParityHandlers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same handler gives the same result in-process and through the real runtime client:
 * serialization of events and responses, error documents, and JSON parsing failures.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ParityIT {

    private final Map<String, LocalFunction> runtimeClient = new HashMap<>();
    private final Map<String, LocalFunction> inProcess = new HashMap<>();

    static Stream<Arguments> scenarios() {
        String sqs = Events.toJson(Events.sqs().message(m -> m.id("m-1").body("ok")).message(m -> m.id("m-2").body("fail")).build());
        String rest = Events.toJson(Events.apiGatewayRest().method("POST").path("/orders").body("{\"sku\":\"A1\"}").build());
        String delete = Events.toJson(Events.apiGatewayRest().method("DELETE").path("/orders/7").build());
        String kinesis = Events.toJson(Events.kinesis().record("40").record("2").build());
        String scheduled = Events.toJson(Events.eventBridge().detailType("Tick").clock(
                java.time.Clock.fixed(java.time.Instant.parse("2024-03-01T12:00:00Z"), java.time.ZoneOffset.UTC)).build());
        String methods = ParityHandlers.Methods.class.getName();
        return Stream.of(
                Arguments.of("sqs partial failure", ParityHandlers.Sqs.class.getName(), sqs),
                Arguments.of("rest api", ParityHandlers.Api.class.getName(), rest),
                Arguments.of("rest api exception", ParityHandlers.Api.class.getName(), delete),
                Arguments.of("kinesis base64", ParityHandlers.Kinesis.class.getName(), kinesis),
                Arguments.of("eventbridge date", ParityHandlers.Scheduled.class.getName(), scheduled),
                Arguments.of("stream handler", ParityHandlers.Stream.class.getName(), "\"shout\""),
                Arguments.of("pojo method", methods + "::price", "{\"id\":\"o-1\",\"quantity\":3}"),
                Arguments.of("pojo method exception", methods + "::price", "{\"id\":\"o-1\",\"quantity\":-1}"),
                Arguments.of("event of the wrong shape", methods + "::price", "[1,2,3]"),
                Arguments.of("void method", methods + "::nothing", "{}"));
    }

    @BeforeAll
    void startFunctions() {
        scenarios().map(a -> (String) a.get()[1]).distinct().forEach(handler -> {
            runtimeClient.put(handler, LocalFunction.builder().handler(handler).build());
            inProcess.put(handler, LocalFunction.builder().handler(handler).mode(LocalFunction.Mode.IN_PROCESS).build());
        });
    }

    @AfterAll
    void stopFunctions() {
        runtimeClient.values().forEach(LocalFunction::close);
        inProcess.values().forEach(LocalFunction::close);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void invoke_sameHandlerAndEvent_sameResultInProcessAndThroughRuntimeClient(String scenario, String handler, String event)
            throws Exception {
        InvocationResult real = runtimeClient.get(handler).invoke(event);
        InvocationResult local = inProcess.get(handler).invoke(event);

        assertThat(local.succeeded()).as("succeeded").isEqualTo(real.succeeded());
        if (real.succeeded()) {
            JsonNode realJson = io.lambdakit.core.Json.mapper().readTree(real.response());
            JsonNode localJson = io.lambdakit.core.Json.mapper().readTree(local.response());
            assertThat(localJson).isEqualTo(realJson);
        } else {
            InvocationError r = real.error().orElseThrow();
            InvocationError l = local.error().orElseThrow();
            assertThat(l.errorType()).isEqualTo(r.errorType());
            assertThat(l.errorMessage()).isEqualTo(r.errorMessage());
            assertThat(l.runtimeErrorType()).isEqualTo(r.runtimeErrorType());
            assertThat(l.stackTrace()).isEqualTo(r.stackTrace());
        }
    }
}
