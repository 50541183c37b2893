package io.lambdakit.testing.docs;

import io.lambdakit.testing.InvocationResult;
import io.lambdakit.testing.LocalFunction;
import io.lambdakit.testing.sample.ConcurrentHandler;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/testing.md's managed-instances example: many invocations in flight, each result with its own lines. */
class ManagedInstancesExampleIT {

    // docs:begin managed-instances
    @Test
    void hundredInvocationsOnEightWorkers() {
        try (LocalFunction fn = LocalFunction.builder().handler(ConcurrentHandler.class).maxConcurrency(8).start()) {
            List<Map<String, Integer>> events = IntStream.range(0, 100).mapToObj(n -> Map.of("n", n)).toList();

            List<InvocationResult> results = fn.invokeAll(events); // up to 8 in flight, results in the events' order

            for (int n = 0; n < results.size(); n++) {
                InvocationResult result = results.get(n);
                assertThat(result.responseJson().path("n").asInt()).isEqualTo(n);
                assertThat(result.logLines()).allMatch(line -> line.path("function_request_id").asText().equals(result.requestId()));
            }
        }
    }
    // docs:end managed-instances
}
