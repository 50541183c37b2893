package io.lambdakit.testing;

import io.lambdakit.testing.sample.SampleHandler;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** One execution environment serves many invocations: one cold start, one handler instance. */
class WarmInvocationsIT {

    @Test
    void invoke_fiftyTimesSequentially_reusesOneEnvironmentWithOneColdStart() {
        try (LocalFunction fn = LocalFunction.builder().handler(SampleHandler.class).start()) {
            List<InvocationResult> results = new ArrayList<>();

            for (int i = 1; i <= 50; i++) {
                results.add(fn.invoke("{\"action\":\"echo\",\"i\":" + i + "}"));
            }

            assertThat(results).allMatch(InvocationResult::succeeded);
            assertThat(results).filteredOn(InvocationResult::coldStart).hasSize(1);
            assertThat(results.get(0).coldStart()).isTrue();
            Set<String> instances = new HashSet<>();
            Set<String> environments = new HashSet<>();
            Set<String> requestIds = new HashSet<>();
            for (int i = 0; i < results.size(); i++) {
                InvocationResult r = results.get(i);
                assertThat(r.responseJson().path("count").asInt()).isEqualTo(i + 1);
                assertThat(r.responseJson().path("echo").path("i").asInt()).isEqualTo(i + 1);
                assertThat(r.logLines()).singleElement()
                        .satisfies(l -> assertThat(l.path("requestId").asText()).isEqualTo(r.requestId()));
                instances.add(r.responseJson().path("instance").asText());
                environments.add(r.environmentId());
                requestIds.add(r.requestId());
            }
            assertThat(instances).hasSize(1);
            assertThat(environments).hasSize(1);
            assertThat(requestIds).hasSize(50);
            assertThat(fn.environmentsStarted()).isEqualTo(1);
        }
    }
}
