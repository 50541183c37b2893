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

/**
 * Lambda Managed Instances under the real runtime interface client: N worker threads of one child JVM each
 * long-poll the local Runtime API, and every response, line and segment must reach the invocation it belongs to.
 */
class ManagedInstancesIT {

    @Test
    void invokeAll_twoHundredEventsOnEightWorkers_everyResultCarriesOnlyItsOwnOutput() {
        try (LocalFunction fn = LocalFunction.builder().handler(ConcurrentHandler.class).maxConcurrency(8).start()) {
            List<Map<String, Object>> gather = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                gather.add(Map.of("action", "gather", "expected", 8));
            }
            List<InvocationResult> gathered = fn.invokeAll(gather);
            assertThat(gathered).allSatisfy(r -> assertThat(r.responseJson().path("gathered").asInt())
                    .as("8 invocations in the handler at once").isEqualTo(8));
            assertThat(gathered).filteredOn(InvocationResult::coldStart).hasSize(1);

            List<Map<String, Object>> events = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                events.add(Map.of("n", i, "millis", i % 7, "segment", true));
            }
            List<InvocationResult> results = fn.invokeAll(events);

            assertThat(results).hasSize(200);
            for (int i = 0; i < results.size(); i++) {
                InvocationResult r = results.get(i);
                String id = r.requestId();
                JsonNode response = r.responseJson();
                assertThat(response.path("n").asInt()).as("result %d is the response to event %d", i, i).isEqualTo(i);
                assertThat(response.path("requestId").asText()).isEqualTo(id);
                assertThat(response.path("maxInFlight").asInt()).isBetween(1, 8);
                assertThat(response.path("traceOfThread").asText()).as("the runtime client's per-thread trace id")
                        .isEqualTo(r.traceHeader().orElseThrow());
                assertThat(r.stdout()).as("every captured line names its own request").hasSize(3)
                        .allSatisfy(line -> assertThat(line).contains(id));
                assertThat(r.logLines()).singleElement()
                        .satisfies(l -> assertThat(l.path("function_request_id").asText()).isEqualTo(id))
                        .satisfies(l -> assertThat(l.path("n").asInt()).isEqualTo(response.path("n").asInt()));
                assertThat(r.emfBlobs()).singleElement()
                        .satisfies(b -> assertThat(b.path("function_request_id").asText()).isEqualTo(id));
                assertThat(r.segments()).singleElement()
                        .satisfies(s -> assertThat(r.traceHeader().orElseThrow()).startsWith("Root=" + s.path("trace_id").asText() + ";"));
                assertThat(r.xrayDatagrams()).hasSize(1);
                assertThat(r.coldStart()).isFalse();
                assertThat(r.environmentId()).isEqualTo(gathered.get(0).environmentId());
            }
            assertThat(results.get(0).responseJson().path("maxConcurrency").asText()).isEqualTo("8");
            assertThat(results.get(0).responseJson().path("initType").asText()).isEqualTo("lambda-managed-instances");
            assertThat(fn.initOutput()).anyMatch(l -> l.contains("Starting 8 concurrent function handler threads"));
            assertThat(fn.environmentsStarted()).isEqualTo(1);
            assertThat(fn.maxConcurrency()).isEqualTo(8);
            List<String> ids = results.stream().map(InvocationResult::requestId).toList();
            assertThat(fn.environmentOutput()).noneMatch(line -> ids.stream().anyMatch(line::contains));
            assertThat(fn.environmentSegments()).isEmpty();
        }
    }

    @Test
    void invokeAsync_oneInvocationTimesOut_othersCompleteTheEnvironmentStaysAndItsLateReplyIsRefused() {
        try (LocalFunction fn = LocalFunction.builder().handler(ConcurrentHandler.class).maxConcurrency(2)
                .timeout(Duration.ofSeconds(3)).start()) {
            assertThat(fn.invokeAll(List.of("{}", "{}"))).allMatch(InvocationResult::succeeded); // both workers warm
            CompletableFuture<InvocationResult> slow = fn.invokeAsync("{\"action\":\"sleep\",\"millis\":5000}");
            CompletableFuture<InvocationResult> busy = fn.invokeAsync("{\"millis\":1500}");
            // both workers are busy: these wait in the queue for about 1.5 s, and their 3 s start when a worker takes them
            CompletableFuture<InvocationResult> queued = fn.invokeAsync("{\"millis\":0}");
            CompletableFuture<InvocationResult> queuedToo = fn.invokeAsync("{\"millis\":0}");
            InvocationResult busyResult = busy.join();

            InvocationResult timedOut = slow.join();
            assertThat(timedOut.timedOut()).isTrue();
            assertThat(timedOut.error().orElseThrow().errorType()).isEqualTo("Sandbox.Timedout");
            assertThat(timedOut.error().orElseThrow().errorMessage())
                    .isEqualTo("RequestId: " + timedOut.requestId() + " Error: Task timed out after 3.00 seconds");
            assertThat(busyResult.error()).isEmpty();
            assertThat(queued.join().error()).isEmpty();
            assertThat(queuedToo.join().error()).isEmpty();
            assertThat(List.of(busyResult, queued.join(), queuedToo.join())).allSatisfy(r -> {
                assertThat(r.environmentId()).isEqualTo(timedOut.environmentId());
                assertThat(r.responseJson().path("remainingAtStart").asLong()).as("each deadline starts at delivery")
                        .isGreaterThan(2_000);
            });

            // both workers are needed at once: the one still running the timed-out invocation comes back after
            // its refused reply, in the same environment
            List<InvocationResult> both = fn.invokeAll(List.of(Map.of("action", "gather", "expected", 2),
                    Map.of("action", "gather", "expected", 2)));
            assertThat(both).allSatisfy(r -> {
                assertThat(r.responseJson().path("gathered").asInt()).isEqualTo(2);
                assertThat(r.environmentId()).isEqualTo(timedOut.environmentId());
            });
            assertThat(fn.environmentsStarted()).isEqualTo(1);
            List<String> environment = fn.environmentOutput();
            assertThat(environment).as("the timed-out invocation's later output").contains("late line of " + timedOut.requestId());
            assertThat(fn.refusedReplies()).as("its response, then the error the runtime client posts when that is refused")
                    .isNotEmpty().containsOnly(timedOut.requestId());
        }
    }

    @Test
    void invoke_failingAndSucceedingInFlightTogether_eachGetsItsOwnOutcomeAndLines() {
        try (LocalFunction fn = LocalFunction.builder().handler(ConcurrentHandler.class).maxConcurrency(4).start()) {
            InvocationResult first = fn.invoke("{}");
            assertThat(first.coldStart()).isTrue();

            List<InvocationResult> results = fn.invokeAll(List.of("{\"action\":\"fail\",\"millis\":100}",
                    "{\"millis\":100}", "{\"action\":\"fail\"}", "{\"millis\":50}"));

            for (int i : new int[] {0, 2}) {
                InvocationResult failed = results.get(i);
                assertThat(failed.error().orElseThrow().errorType()).isEqualTo("java.lang.IllegalStateException");
                assertThat(failed.error().orElseThrow().errorMessage()).isEqualTo("failing " + failed.requestId());
                assertThat(failed.stdout()).allSatisfy(line -> assertThat(line).contains(failed.requestId()));
            }
            assertThat(results.get(1).succeeded()).isTrue();
            assertThat(results.get(3).succeeded()).isTrue();
            assertThat(fn.invoke("{}").coldStart()).isFalse();
            assertThat(fn.environmentsStarted()).isEqualTo(1);
        }
    }

    @Test
    void invoke_runtimeExitsWithInvocationsInFlight_allFailWithExitErrorAndTheNextStartsANewEnvironment() {
        try (LocalFunction fn = LocalFunction.builder().handler(ConcurrentHandler.class).maxConcurrency(2).start()) {
            CompletableFuture<InvocationResult> waiting = fn.invokeAsync("{\"action\":\"sleep\",\"millis\":20000}");
            InvocationResult crashed = fn.invoke("{\"action\":\"exit\"}");

            assertThat(crashed.error().orElseThrow().errorMessage())
                    .isEqualTo("RequestId: " + crashed.requestId() + " Error: Runtime exited with error: exit status 3");
            assertThat(crashed.stdout()).contains("exiting now " + crashed.requestId());
            assertThat(waiting.join().error().orElseThrow().errorType()).isEqualTo("Runtime.ExitError");

            InvocationResult after = fn.invoke("{}");
            assertThat(after.succeeded()).isTrue();
            assertThat(after.coldStart()).isTrue();
            assertThat(fn.environmentsStarted()).isEqualTo(2);
        }
    }
}
