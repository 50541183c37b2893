package io.lambdakit.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.testing.sample.SampleHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Deadlines and dying runtimes: Lambda's messages, and a fresh environment afterwards. */
class DeadlineIT {

    @ParameterizedTest
    @EnumSource(LocalFunction.Mode.class)
    void invoke_handlerOutlivesTimeout_timesOutAndRecyclesTheEnvironment(LocalFunction.Mode mode) {
        try (LocalFunction fn = LocalFunction.builder().mode(mode).handler(SampleHandler.class)
                .timeout(Duration.ofSeconds(1)).start()) {
            InvocationResult first = fn.invoke("{\"action\":\"echo\"}");

            InvocationResult slow = fn.invoke("{\"action\":\"sleep\",\"millis\":60000}");

            assertThat(slow.timedOut()).isTrue();
            InvocationError error = slow.error().orElseThrow();
            assertThat(error.errorType()).isEqualTo("Sandbox.Timedout");
            assertThat(error.errorMessage()).isEqualTo("RequestId: " + slow.requestId() + " Error: Task timed out after 1.00 seconds");
            assertThat(slow.stdout()).last().asString().endsWith(slow.requestId() + " Task timed out after 1.00 seconds");
            assertThat(slow.duration()).isLessThan(Duration.ofSeconds(20));

            InvocationResult after = fn.invoke("{\"action\":\"echo\"}");

            assertThat(after.succeeded()).isTrue();
            assertThat(after.coldStart()).isTrue();
            assertThat(after.environmentId()).isNotEqualTo(first.environmentId());
            assertThat(after.responseJson().path("count").asInt()).as("a new handler instance").isEqualTo(1);
            assertThat(fn.environmentsStarted()).isEqualTo(2);
        }
    }

    @Test
    void invoke_runtimeDiesMidInvocation_reportsExitErrorAndRecycles() {
        try (LocalFunction fn = LocalFunction.builder().handler(SampleHandler.class).start()) {
            long pidBefore = fn.invoke("{}").responseJson().path("pid").asLong();

            InvocationResult crashed = fn.invoke("{\"action\":\"exit\"}");

            assertThat(crashed.timedOut()).isFalse();
            InvocationError error = crashed.error().orElseThrow();
            assertThat(error.errorType()).isEqualTo("Runtime.ExitError");
            assertThat(error.errorMessage()).isEqualTo("RequestId: " + crashed.requestId() + " Error: Runtime exited with error: exit status 3");
            assertThat(crashed.stdout()).contains("exiting now");

            JsonNode after = fn.invoke("{}").responseJson();

            assertThat(after.path("pid").asLong()).isNotEqualTo(pidBefore);
            assertThat(fn.environmentsStarted()).isEqualTo(2);
        }
    }
}
