package io.lambdakit.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.testing.sample.SampleHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LocalFunctionIT {

    private static LocalFunction function;

    @BeforeAll
    static void start() {
        function = LocalFunction.builder()
                .handler(SampleHandler.class)
                .functionName("sample")
                .environment(Map.of("SAMPLE_SETTING", "from-test"))
                .start();
    }

    @AfterAll
    static void stop() {
        function.close();
    }

    @Test
    void invoke_throughRuntimeClient_returnsHandlerResponseWithLambdaContext() {
        InvocationResult result = function.invoke("{\"action\":\"echo\",\"n\":1}");

        assertThat(function.usesNativeRuntimeClient()).isTrue();
        assertThat(result.error()).isEmpty();
        JsonNode response = result.responseJson();
        assertThat(response.path("echo").path("n").asInt()).isEqualTo(1);
        assertThat(response.path("requestId").asText()).isEqualTo(result.requestId());
        assertThat(response.path("functionName").asText()).isEqualTo("sample");
        assertThat(response.path("arn").asText()).isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:sample");
        assertThat(response.path("memoryLimitMb").asInt()).isEqualTo(512);
        assertThat(response.path("remainingPositive").asBoolean()).isTrue();
        assertThat(response.path("logGroup").asText()).isEqualTo("/aws/lambda/sample");
        assertThat(response.path("region").asText()).isEqualTo("us-east-1");
        assertThat(response.path("initType").asText()).isEqualTo("on-demand");
        assertThat(response.path("custom").asText()).isEqualTo("from-test");
    }

    @Test
    void start_relativeWorkDirectory_resolvedAgainstTheCallersDirectory() throws Exception {
        java.nio.file.Path relative = java.nio.file.Path.of("target", "relative-work-" + System.nanoTime());
        try (LocalFunction fn = LocalFunction.builder().handler(SampleHandler.class).workDirectory(relative).start()) {
            InvocationResult result = fn.invoke("{\"action\":\"echo\",\"n\":2}");

            assertThat(result.error()).isEmpty();
            assertThat(result.responseJson().path("echo").path("n").asInt()).isEqualTo(2);
        }
        assertThat(relative.toAbsolutePath().resolve("task")).as("the child's task root lives under the caller's relative path").isDirectory();
    }

    @Test
    void invoke_handlerWritesOutput_capturesLogLinesEmfAndRawLines() {
        InvocationResult result = function.invoke("{\"action\":\"echo\"}");

        assertThat(result.logLines()).hasSize(1);
        assertThat(result.logLines().get(0).path("requestId").asText()).isEqualTo(result.requestId());
        assertThat(result.emfBlobs()).hasSize(1);
        assertThat(result.emfBlobs().get(0).path("_aws").path("CloudWatchMetrics").get(0).path("Namespace").asText())
                .isEqualTo("Sample");
        assertThat(result.stdout()).anyMatch(l -> l.startsWith("plain text line "));
    }

    @Test
    void invoke_handlerSendsSegment_daemonStandInCollectsIt() {
        InvocationResult result = function.invoke("{\"action\":\"segment\"}");

        assertThat(result.segments()).hasSize(1);
        JsonNode segment = result.segments().get(0);
        assertThat(segment.path("name").asText()).isEqualTo("## handleRequest");
        String root = result.traceHeader().orElseThrow().split(";")[0].substring("Root=".length());
        assertThat(segment.path("trace_id").asText()).isEqualTo(root);
    }

    @Test
    void invoke_withOptions_runtimeClientReceivesCallerValuesThroughHeaders() {
        LocalFunction.InvokeOptions options = LocalFunction.InvokeOptions.create()
                .tenantId("tenant-a").qualifier("live")
                .traceHeader("Root=1-65a1b2c3-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1")
                .clientContext(TestContext.builder().clientContext(Map.of("k", "v"), Map.of("platform", "web")).build().getClientContext())
                .identity(TestContext.builder().identity("id-1", "pool-1").build().getIdentity());

        JsonNode response = function.invoke("{}", options).responseJson();

        assertThat(response.path("tenantId").asText()).isEqualTo("tenant-a");
        assertThat(response.path("arn").asText()).isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:sample:live");
        assertThat(response.path("traceHeader").asText()).startsWith("Root=1-65a1b2c3-0123456789abcdef01234567");
        assertThat(response.path("clientCustom").path("k").asText()).isEqualTo("v");
        assertThat(response.path("identityId").asText()).isEqualTo("id-1");
    }

    @Test
    void invoke_responseAboveSixMegabytes_failsLikeLambda() {
        InvocationResult big = function.invoke("{\"action\":\"big\"}");
        InvocationResult after = function.invoke("{}");

        assertThat(big.error().orElseThrow().errorType()).isEqualTo("Function.ResponseSizeTooLarge");
        assertThat(after.succeeded()).isTrue();
    }

    @Test
    void invoke_eventOfWrongShape_returnsTheRuntimesParsingError() {
        InvocationResult result = function.invoke("[1,2]");

        assertThat(result.error().orElseThrow().errorMessage()).isEqualTo("An error occurred during JSON parsing");
    }

    @Test
    void invoke_handlerThrows_returnsLambdaErrorDocument() {
        InvocationResult result = function.invoke("{\"action\":\"fail\"}");

        InvocationError error = result.error().orElseThrow();
        assertThat(error.errorType()).isEqualTo("java.lang.IllegalStateException");
        assertThat(error.errorMessage()).isEqualTo("boom requested");
        assertThat(error.stackTrace()).first().asString().contains("SampleHandler.handleRequest");
        assertThat(result.timedOut()).isFalse();
        assertThat(result.stdout()).as("the runtime logs the error before asking for the next invocation")
                .anyMatch(l -> l.contains("boom requested"));
    }
}
