package io.lambdakit.core;

import com.amazonaws.services.lambda.runtime.Context;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The snippet shown in docs/core.md, compiled and run. */
class CoreDocsExampleTest {

    @Test
    void docsSnippet_runsAsShown() {
        Context context = FakeContext.of("req-1");
        // docs:begin example
        ExecutionEnvironment lambda = ExecutionEnvironment.builder()
                .environment(Environment.of(Map.of(
                        "AWS_LAMBDA_FUNCTION_NAME", "orders",
                        "AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start",
                        "POWERTOOLS_SERVICE_NAME", "checkout")))
                .build();
        lambda.lifecycle().onBeforeCheckpoint("warm my codec", lambda, ee -> Json.mapper().readTree("{\"warm\":true}"));

        lambda.lifecycle().beforeCheckpoint();   // SnapStart takes the snapshot here...
        lambda.lifecycle().afterRestore();       // ...and restores it later

        try (InvocationScope scope = lambda.enter(context)) {
            InvocationContext invocation = scope.context();
            String requestId = invocation.requestId();          // "req-1"
            ColdStart kind = invocation.coldStart();            // SNAP_START_RESTORE, not a cold start
            String service = lambda.environment().serviceName(); // "checkout"
            assertThat(requestId).isEqualTo("req-1");
            assertThat(kind).isEqualTo(ColdStart.SNAP_START_RESTORE);
            assertThat(kind.isColdStart()).isFalse();
            assertThat(service).isEqualTo("checkout");
        }
        // docs:end example
    }
}
