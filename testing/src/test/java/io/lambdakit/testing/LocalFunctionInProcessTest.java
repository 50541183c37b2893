package io.lambdakit.testing;

import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.InitializationType;
import io.lambdakit.testing.sample.SampleHandler;
import io.lambdakit.testing.sample.ScopeProbeHandler;
import io.lambdakit.testing.sample.StaticInstanceHandler;
import io.lambdakit.testing.sample.SnapStartHandler;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The in-process mode and what every mode validates before anything runs. */
class LocalFunctionInProcessTest {

    private static LocalFunction.Builder inProcess() {
        return LocalFunction.builder().handler(SampleHandler.class).mode(LocalFunction.Mode.IN_PROCESS);
    }

    @Test
    void invoke_inProcess_handlerGetsARealContext() {
        try (LocalFunction fn = inProcess().functionName("orders").memoryMb(1024).start()) {
            InvocationResult result = fn.invoke("{\"n\":5}");

            assertThat(fn.usesNativeRuntimeClient()).isFalse();
            assertThat(result.responseJson().path("echo").path("n").asInt()).isEqualTo(5);
            assertThat(result.responseJson().path("requestId").asText()).isEqualTo(result.requestId());
            assertThat(result.responseJson().path("functionName").asText()).isEqualTo("orders");
            assertThat(result.responseJson().path("memoryLimitMb").asInt()).isEqualTo(1024);
            assertThat(result.responseJson().path("remainingPositive").asBoolean()).isTrue();
            assertThat(result.responseJson().path("traceHeader").asText()).isEqualTo(result.traceHeader().orElseThrow());
            assertThat(result.coldStart()).isTrue();
            assertThat(fn.invoke("{}").coldStart()).isFalse();
        }
    }

    private static LocalFunction.Builder probe(String service) {
        return LocalFunction.builder().handler(ScopeProbeHandler.class).mode(LocalFunction.Mode.IN_PROCESS)
                .environment("POWERTOOLS_SERVICE_NAME", service).environment("NAMESPACE", service + "-metrics");
    }

    @Test
    void invoke_inProcess_capturesWhatTheFunctionWritesOnEveryChannel() {
        try (LocalFunction fn = probe("orders").start()) {
            InvocationResult result = fn.invoke("{}");

            assertThat(fn.initOutput()).containsExactly("{\"level\":\"INFO\",\"message\":\"init\",\"service\":\"orders\"}");
            assertThat(result.stdout()).hasSize(5).endsWith("a plain line on stderr", "from the context logger",
                    "from a thread the handler started");
            assertThat(result.logLines()).singleElement().satisfies(line -> {
                assertThat(line.path("message").asText()).isEqualTo("handled");
                assertThat(line.path("function_request_id").asText()).isEqualTo(result.requestId());
            });
            assertThat(result.emfBlobs()).singleElement()
                    .satisfies(blob -> assertThat(blob.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("orders-metrics"));
            assertThat(fn.invoke("{}").stdout()).as("the next invocation gets its own output only").hasSize(5);
        }
    }

    @Test
    void environment_inProcess_isWhatLambdakitReadsAtInitAndPerInvocation() {
        try (LocalFunction fn = probe("orders").functionName("orders-fn").build()) {
            InvocationResult result = fn.invoke("{}");

            assertThat(result.responseJson().path("service").asText()).isEqualTo("orders");
            assertThat(result.responseJson().path("serviceAtInit").asText()).isEqualTo("orders");
            assertThat(result.responseJson().path("functionName").asText()).isEqualTo("orders-fn");
        }
    }

    @Test
    void twoInProcessFunctions_withDifferentEnvironments_eachSeeAndCaptureTheirOwn() {
        try (LocalFunction orders = probe("orders").build(); LocalFunction payments = probe("payments").build()) {
            InvocationResult o1 = orders.invoke("{}");
            InvocationResult p1 = payments.invoke("{}");
            InvocationResult o2 = orders.invoke("{}");

            assertThat(o1.responseJson().path("service").asText()).isEqualTo("orders");
            assertThat(p1.responseJson().path("service").asText()).isEqualTo("payments");
            assertThat(o2.responseJson().path("service").asText()).isEqualTo("orders");
            assertThat(p1.logLines()).singleElement().satisfies(l -> assertThat(l.path("service").asText()).isEqualTo("payments"));
            assertThat(o2.logLines()).singleElement().satisfies(l -> assertThat(l.path("service").asText()).isEqualTo("orders"));
            assertThat(p1.emfBlobs()).singleElement().satisfies(b -> assertThat(b.path("Service").asText()).isEqualTo("payments"));
        }
    }

    @Test
    void twoInProcessFunctions_invokedAtTheSameTime_neverCaptureEachOthersOutput() throws Exception {
        try (LocalFunction orders = probe("orders").start(); LocalFunction payments = probe("payments").start()) {
            CyclicBarrier together = new CyclicBarrier(2);
            ExecutorService callers = Executors.newFixedThreadPool(2);
            try {
                Future<List<InvocationResult>> o = callers.submit(() -> invokeTogether(orders, together, 40));
                Future<List<InvocationResult>> p = callers.submit(() -> invokeTogether(payments, together, 40));

                List<InvocationResult> fromOrders = o.get(2, TimeUnit.MINUTES);
                List<InvocationResult> fromPayments = p.get(2, TimeUnit.MINUTES);

                assertThat(fromOrders).hasSize(40).allSatisfy(r -> assertOwnOutput(r, "orders"));
                assertThat(fromPayments).hasSize(40).allSatisfy(r -> assertOwnOutput(r, "payments"));
            } finally {
                callers.shutdownNow();
            }
        }
    }

    private static List<InvocationResult> invokeTogether(LocalFunction fn, CyclicBarrier together, int times) throws Exception {
        List<InvocationResult> results = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            together.await(1, TimeUnit.MINUTES);
            results.add(fn.invoke("{}"));
        }
        return results;
    }

    private static void assertOwnOutput(InvocationResult r, String service) {
        assertThat(r.responseJson().path("service").asText()).isEqualTo(service);
        assertThat(r.stdout()).hasSize(5);
        assertThat(r.logLines()).singleElement().satisfies(l -> {
            assertThat(l.path("service").asText()).isEqualTo(service);
            assertThat(l.path("function_request_id").asText()).isEqualTo(r.requestId());
        });
        assertThat(r.emfBlobs()).singleElement().satisfies(b -> assertThat(b.path("Service").asText()).isEqualTo(service));
    }

    @Test
    void coldStart_inProcess_isTheFirstInvocationOfEachFunctionNotOfTheJvm() {
        try (LocalFunction first = probe("orders").build(); LocalFunction second = probe("orders").build()) {
            InvocationResult a1 = first.invoke("{}");
            InvocationResult a2 = first.invoke("{}");
            InvocationResult b1 = second.invoke("{}");

            assertThat(a1.responseJson().path("coldStart").asText()).isEqualTo("on-demand");
            assertThat(a2.responseJson().path("coldStart").asText()).isEqualTo("warm");
            assertThat(b1.responseJson().path("coldStart").asText()).as("lambdakit's classification in the second function")
                    .isEqualTo("on-demand");
            assertThat(b1.coldStart()).isTrue();
        }
    }

    @Test
    void staticInstance_ofAnEarlierFunction_failsTheInvocationAndSaysWhatToDo() {
        try (LocalFunction first = inProcess(StaticInstanceHandler.class, "first").build();
             LocalFunction second = inProcess(StaticInstanceHandler.class, "second").build()) {
            InvocationResult ok = first.invoke("{}");

            InvocationResult refused = second.invoke("{}");

            assertThat(ok.response()).isEqualTo("\"on-demand\"");
            assertThat(refused.error()).hasValueSatisfying(e -> {
                assertThat(e.errorType()).isEqualTo(ConfigurationException.class.getName());
                assertThat(e.errorMessage()).contains("in-process function second is misconfigured")
                        .contains("built for the execution environment of in-process function first")
                        .contains("static field").contains("handler's constructor").contains("Mode.RUNTIME_CLIENT");
            });
        }
    }

    private static LocalFunction.Builder inProcess(Class<?> handler, String name) {
        return LocalFunction.builder().handler(handler).functionName(name).mode(LocalFunction.Mode.IN_PROCESS);
    }

    @Test
    void restart_inProcess_givesTheNextInvocationANewEnvironmentAndColdStart() {
        try (LocalFunction fn = probe("orders").build()) {
            InvocationResult before = fn.invoke("{}");

            fn.restart();
            InvocationResult after = fn.invoke("{}");

            assertThat(after.coldStart()).isTrue();
            assertThat(after.responseJson().path("coldStart").asText()).isEqualTo("on-demand");
            assertThat(after.environmentId()).isNotEqualTo(before.environmentId());
            assertThat(fn.environmentsStarted()).isEqualTo(2);
        }
    }

    @Test
    void invoke_withOptions_passesCallerValuesToTheContext() {
        try (LocalFunction fn = inProcess().build()) {
            LocalFunction.InvokeOptions options = LocalFunction.InvokeOptions.create()
                    .tenantId("tenant-a").qualifier("live")
                    .traceHeader("Root=1-65a1b2c3-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1")
                    .clientContext(TestContext.builder().clientContext(Map.of("k", "v"), Map.of()).build().getClientContext())
                    .identity(TestContext.builder().identity("id-1", "pool-1").build().getIdentity());

            InvocationResult result = fn.invoke("{}", options);

            assertThat(result.responseJson().path("tenantId").asText()).isEqualTo("tenant-a");
            assertThat(result.responseJson().path("arn").asText()).endsWith(":function:SampleHandler:live");
            assertThat(result.responseJson().path("traceHeader").asText()).startsWith("Root=1-65a1b2c3");
            assertThat(result.responseJson().path("clientCustom").path("k").asText()).isEqualTo("v");
            assertThat(result.responseJson().path("identityId").asText()).isEqualTo("id-1");
        }
    }

    @Test
    void invoke_tracingOff_sendsNoTraceHeader() {
        try (LocalFunction fn = inProcess().tracing(false).build()) {
            InvocationResult result = fn.invoke("{}");

            assertThat(result.traceHeader()).isEmpty();
        }
    }

    @Test
    void invoke_malformedJson_isRejectedBeforeTheFunctionRuns() {
        try (LocalFunction fn = inProcess().build()) {
            InvalidEventException e = catchThrowableOfType(InvalidEventException.class, () -> fn.invoke("{\"a\":"));

            assertThat(e).hasMessageStartingWith("Could not parse request body into json").hasMessageContaining("line 1");
            assertThat(fn.environmentsStarted()).as("nothing was started").isZero();
        }
    }

    @Test
    void invoke_trailingGarbage_isRejected() {
        try (LocalFunction fn = inProcess().build()) {
            InvalidEventException e = catchThrowableOfType(InvalidEventException.class, () -> fn.invoke("{} {}"));

            assertThat(e).hasMessageContaining("after the first JSON value");
        }
    }

    @Test
    void invoke_inProcessTimeout_abandonsTheEnvironment() {
        try (LocalFunction fn = inProcess().timeout(Duration.ofSeconds(1)).build()) {
            InvocationResult slow = fn.invoke("{\"action\":\"sleep\",\"millis\":30000}");
            InvocationResult next = fn.invoke("{}");

            assertThat(slow.error().orElseThrow().errorType()).isEqualTo("Sandbox.Timedout");
            assertThat(next.coldStart()).isTrue();
            assertThat(next.responseJson().path("count").asInt()).isEqualTo(1);
            assertThat(fn.environmentsStarted()).isEqualTo(2);
        }
    }

    @Test
    void response_ofFailedInvocation_explainsWhyThereIsNone() {
        try (LocalFunction fn = inProcess().build()) {
            InvocationResult failed = fn.invoke("{\"action\":\"fail\"}");

            InvocationFailedException e = catchThrowableOfType(InvocationFailedException.class, failed::response);

            assertThat(e).hasMessageContaining("boom requested").hasMessageContaining("result.error()");
            assertThat(e.error().errorType()).isEqualTo("java.lang.IllegalStateException");
        }
    }

    @Test
    void snapStart_inProcess_saysItNeedsTheRuntimeClient() {
        try (LocalFunction fn = LocalFunction.builder().handler(SnapStartHandler.class).mode(LocalFunction.Mode.IN_PROCESS)
                .initializationType(InitializationType.SNAP_START).build()) {
            IllegalStateException e = catchThrowableOfType(IllegalStateException.class, fn::snapStart);

            assertThat(e).hasMessageContaining("Mode.RUNTIME_CLIENT");
        }
    }

    @Test
    void build_invalidSettings_reportsEveryProblemAtOnce() {
        LocalFunction.Builder builder = LocalFunction.builder().handler(SampleHandler.class).timeout(Duration.ofMillis(10))
                .memoryMb(64).functionName("bad name!").functionVersion("latest")
                .environment("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:1");

        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, builder::build);

        assertThat(e.problems()).hasSize(5);
        assertThat(e.getMessage()).contains("timeout").contains("memoryMb was 64").contains("functionName was 'bad name!'")
                .contains("functionVersion was 'latest'").contains("AWS_LAMBDA_RUNTIME_API");
    }

    @Test
    void build_withoutHandler_saysHowToSetIt() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> LocalFunction.builder().build());

        assertThat(e).hasMessageContaining("handler(\"pkg.Class::method\")");
    }

    @Test
    void build_classThatIsNoHandler_suggestsNamingTheMethod() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> LocalFunction.builder().handler(io.lambdakit.testing.sample.NotAHandler.class).build());

        assertThat(e).hasMessageContaining("handler(NotAHandler.class, \"methodName\")");
    }

    @Test
    void environment_containsWhatLambdaSetsPlusTheUsersVariables() {
        try (LocalFunction fn = LocalFunction.builder().handler(SampleHandler.class).functionName("orders")
                .region("eu-west-1").environment("POWERTOOLS_SERVICE_NAME", "orders").build()) {
            Map<String, String> env = fn.environment();

            assertThat(env).containsEntry("AWS_LAMBDA_FUNCTION_NAME", "orders").containsEntry("AWS_REGION", "eu-west-1")
                    .containsEntry("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand").containsEntry("POWERTOOLS_SERVICE_NAME", "orders")
                    .containsEntry("AWS_XRAY_DAEMON_ADDRESS", fn.xrayDaemon().address())
                    .containsEntry("_HANDLER", SampleHandler.class.getName())
                    .containsKeys("AWS_SESSION_TOKEN", "AWS_ACCESS_KEY_ID", "LAMBDA_TASK_ROOT", "AWS_EXECUTION_ENV", "TZ");
        }
    }

    @Test
    void invoke_afterClose_isRefused() {
        LocalFunction fn = inProcess().build();
        fn.close();

        IllegalStateException e = catchThrowableOfType(IllegalStateException.class, () -> fn.invoke("{}"));

        assertThat(e).hasMessageContaining("closed");
    }
}
