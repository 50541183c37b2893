package io.lambdakit.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.testing.sample.ConcurrentHandler;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Lambda Managed Instances in {@link LocalFunction.Mode#IN_PROCESS}: a pool of worker threads drives the one handler. */
class ManagedInstancesInProcessTest {

    @Test
    void invokeAll_hundredEventsOnEightWorkers_eachResultCarriesWhatItsWorkerWrote() {
        try (LocalFunction fn = LocalFunction.builder().mode(LocalFunction.Mode.IN_PROCESS).handler(ConcurrentHandler.class)
                .maxConcurrency(8).start()) {
            List<Map<String, Object>> gather = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                gather.add(Map.of("action", "gather", "expected", 8));
            }
            List<InvocationResult> gathered = fn.invokeAll(gather);
            assertThat(gathered).allSatisfy(r -> assertThat(r.responseJson().path("gathered").asInt()).isEqualTo(8));
            assertThat(gathered).filteredOn(InvocationResult::coldStart).hasSize(1);

            List<Map<String, Object>> events = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                events.add(Map.of("n", i, "millis", i % 5, "segment", true));
            }
            List<InvocationResult> results = fn.invokeAll(events);

            for (int i = 0; i < results.size(); i++) {
                InvocationResult r = results.get(i);
                String id = r.requestId();
                JsonNode response = r.responseJson();
                assertThat(response.path("n").asInt()).isEqualTo(i);
                assertThat(response.path("requestId").asText()).isEqualTo(id);
                assertThat(response.path("maxInFlight").asInt()).isBetween(1, 8);
                assertThat(r.stdout()).hasSize(3).allSatisfy(line -> assertThat(line).contains(id));
                assertThat(r.logLines()).singleElement()
                        .satisfies(l -> assertThat(l.path("function_request_id").asText()).isEqualTo(id));
                assertThat(r.emfBlobs()).singleElement()
                        .satisfies(b -> assertThat(b.path("function_request_id").asText()).isEqualTo(id));
                assertThat(r.segments()).singleElement()
                        .satisfies(s -> assertThat(r.traceHeader().orElseThrow()).startsWith("Root=" + s.path("trace_id").asText() + ";"));
                assertThat(r.environmentId()).isEqualTo(gathered.get(0).environmentId());
            }
            assertThat(fn.environmentsStarted()).isEqualTo(1);
        }
    }

    @Test
    void invokeAsync_oneInvocationTimesOut_theOthersAndTheEnvironmentGoOn() {
        try (LocalFunction fn = LocalFunction.builder().mode(LocalFunction.Mode.IN_PROCESS).handler(ConcurrentHandler.class)
                .maxConcurrency(2).timeout(Duration.ofSeconds(2)).start()) {
            CompletableFuture<InvocationResult> slow = fn.invokeAsync("{\"action\":\"sleep\",\"millis\":3000}");
            CompletableFuture<InvocationResult> busy = fn.invokeAsync("{\"millis\":1000}");
            // both workers are busy: this waits about 1 s, and its 2 s start when a worker takes it
            CompletableFuture<InvocationResult> queued = fn.invokeAsync("{\"millis\":0}");

            InvocationResult timedOut = slow.join();
            assertThat(timedOut.error().orElseThrow().errorMessage())
                    .isEqualTo("RequestId: " + timedOut.requestId() + " Error: Task timed out after 2.00 seconds");
            assertThat(busy.join().error()).isEmpty();
            assertThat(queued.join().error()).isEmpty();
            assertThat(queued.join().responseJson().path("remainingAtStart").asLong()).isGreaterThan(1_500);

            List<InvocationResult> both = fn.invokeAll(List.of(Map.of("action", "gather", "expected", 2),
                    Map.of("action", "gather", "expected", 2)));
            assertThat(both).allSatisfy(r -> {
                assertThat(r.responseJson().path("gathered").asInt()).as("the timed-out worker came back").isEqualTo(2);
                assertThat(r.environmentId()).isEqualTo(timedOut.environmentId());
            });
            assertThat(fn.environmentsStarted()).isEqualTo(1);
            assertThat(fn.environmentOutput()).contains("late line of " + timedOut.requestId());
        }
    }

    @Test
    void invokeAll_classicFunction_runsOneAtATimeInOrder() {
        try (LocalFunction fn = LocalFunction.builder().mode(LocalFunction.Mode.IN_PROCESS).handler(ConcurrentHandler.class).start()) {
            List<InvocationResult> results = fn.invokeAll(List.of(Map.of("n", 0, "millis", 20), Map.of("n", 1, "millis", 20),
                    Map.of("n", 2, "millis", 20)));

            assertThat(results).extracting(r -> r.responseJson().path("n").asInt()).containsExactly(0, 1, 2);
            assertThat(results).allSatisfy(r -> assertThat(r.responseJson().path("maxInFlight").asInt()).isEqualTo(1));
            assertThat(results).filteredOn(InvocationResult::coldStart).hasSize(1);
        }
    }
}
