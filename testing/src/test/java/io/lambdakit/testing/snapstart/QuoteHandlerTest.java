package io.lambdakit.testing.snapstart;

import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.Lifecycle;
import io.lambdakit.testing.SnapStartUniqueness;
import io.lambdakit.testing.TestContext;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The docs/snapstart.md example on a normal JDK, driving the lifecycle directly. */
class QuoteHandlerTest {

    // docs:begin uniqueness-test
    @Test
    void snapStart_restoredEnvironment_reusesNothingFromTheSnapshot() {
        ExecutionEnvironment lambda = ExecutionEnvironment.builder()
                .environment(Environment.of(Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start")))
                .lifecycle(Lifecycle.create(line -> { }))
                .build();
        QuoteHandler handler = new QuoteHandler(lambda);

        SnapStartUniqueness.builder()
                .source("instance id", handler::instanceId)
                .source("quote ids", () -> handler.handleRequest(Map.of("symbol", "X"), TestContext.create()).get("quoteId"))
                .build()
                .run(lambda.lifecycle())          // samples, beforeCheckpoint(), afterRestore(), samples again
                .assertUnique();
    }
    // docs:end uniqueness-test

    @Test
    void snapStart_primingRunsBeforeTheCheckpointAndTheFirstRealCallIsTheRestore() {
        ExecutionEnvironment lambda = ExecutionEnvironment.builder()
                .environment(Environment.of(Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start")))
                .lifecycle(Lifecycle.create(line -> { }))
                .build();
        QuoteHandler handler = new QuoteHandler(lambda);

        lambda.lifecycle().beforeCheckpoint();
        lambda.lifecycle().afterRestore();
        Map<String, Object> first = handler.handleRequest(Map.of("symbol", "AMZN"), TestContext.create());
        Map<String, Object> second = handler.handleRequest(Map.of("symbol", "AMZN"), TestContext.create());

        assertThat(first).containsEntry("primingCalls", 1).containsEntry("coldStart", "snap-start");
        assertThat(second).containsEntry("coldStart", "warm");
    }
}
