package io.lambdakit.batch;

import io.lambdakit.testing.InvocationError;
import io.lambdakit.testing.InvocationResult;
import io.lambdakit.testing.LocalFunction;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A misconfigured trigger under the real Lambda runtime interface client: an API Gateway request
 * sent to an SQS batch function. The runtime reads it into an {@code SQSEvent} without
 * {@code Records}; the invocation must fail with the processor's message, not return
 * {@code {"batchItemFailures":[]}} (which tells Lambda the event was processed).
 */
class MisroutedEventIT {

    @Test
    void apiGatewayRequest_toSqsBatchHandler_failsTheInvocationNamingTheTrigger() {
        try (LocalFunction fn = LocalFunction.builder().handler(OrdersQueueHandler.class).timeout(Duration.ofSeconds(30)).start()) {
            assertThat(fn.usesNativeRuntimeClient()).as("the real runtime client with its native library").isTrue();

            InvocationResult result = fn.invoke(EventWithoutRecordsTest.API_GATEWAY_REQUEST);

            assertThat(result.succeeded()).as("response: %s", result).isFalse();
            InvocationError error = result.error().orElseThrow();
            assertThat(error.errorType()).isEqualTo(BatchException.class.getName());
            assertThat(error.errorMessage()).contains("the SQSEvent has no Records", "event source mapping of SQS",
                    "check the function's triggers");
            assertThat(result.stdout()).noneMatch(line -> line.startsWith("processed "));
        }
    }
}
