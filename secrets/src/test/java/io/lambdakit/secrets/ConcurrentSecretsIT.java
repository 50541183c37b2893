package io.lambdakit.secrets;

import io.lambdakit.secrets.e2e.ConcurrentSecretsHandler;
import io.lambdakit.testing.InvocationResult;
import io.lambdakit.testing.LocalFunction;
import io.lambdakit.testing.LocalSecretsExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Single-flight on Lambda Managed Instances, end to end: 8 invocations run at once in one execution
 * environment of the real runtime interface client and all miss the cache together (the handler holds
 * each read until all 8 are in it); the Parameters and Secrets extension stand-in answers slowly and
 * counts the requests it gets. One secret and one parameter: one request each, and after they expire,
 * one more each.
 */
class ConcurrentSecretsIT {

    private static final int CONCURRENCY = 8;

    private final String apiKey = "key-" + UUID.randomUUID();
    private final LocalSecretsExtension extension = LocalSecretsExtension.builder()
            .secret("prod/api-key", apiKey)
            .parameter("/orders/endpoint", "https://orders.internal")
            .start();

    @AfterEach
    void stop() {
        extension.close();
    }

    @Test
    void concurrentFirstReads_makeOneRequest_andOneMoreAfterExpiry() {
        extension.delay(Duration.ofMillis(200)); // a miss takes long enough for every other reader to join it
        try (LocalFunction fn = LocalFunction.builder().handler(ConcurrentSecretsHandler.class)
                .environment(extension.environment()).maxConcurrency(CONCURRENCY).timeout(Duration.ofSeconds(30)).start()) {

            List<InvocationResult> first = fn.invokeAll(Collections.nCopies(CONCURRENCY, "{}"));

            assertThat(first).allSatisfy(r -> assertThat(r.response()).as(r.toString())
                    .isEqualTo("\"" + apiKey + " https://orders.internal\""));
            assertThat(extension.requestCount("prod/api-key")).as("requests for the secret").isEqualTo(1);
            assertThat(extension.requestCount("/orders/endpoint")).as("requests for the parameter").isEqualTo(1);

            extension.putSecret("prod/api-key", "rotated");
            extension.putParameter("/orders/endpoint", "https://orders-v2.internal");
            assertThat(fn.invoke("{\"advanceMinutes\":4}").response()).isEqualTo("\"advanced\"");
            List<InvocationResult> stillFresh = fn.invokeAll(Collections.nCopies(CONCURRENCY, "{}"));
            assertThat(fn.invoke("{\"advanceMinutes\":2}").response()).isEqualTo("\"advanced\""); // 6 minutes: past the 5-minute max age
            List<InvocationResult> expired = fn.invokeAll(Collections.nCopies(CONCURRENCY, "{}"));

            assertThat(stillFresh).allSatisfy(r -> assertThat(r.response()).as(r.toString())
                    .isEqualTo("\"" + apiKey + " https://orders.internal\""));
            assertThat(expired).allSatisfy(r -> assertThat(r.response()).as(r.toString())
                    .isEqualTo("\"rotated https://orders-v2.internal\""));
            assertThat(extension.requestCount("prod/api-key")).as("requests for the secret").isEqualTo(2);
            assertThat(extension.requestCount("/orders/endpoint")).as("requests for the parameter").isEqualTo(2);
            assertThat(extension.requests()).allSatisfy(r -> assertThat(r.tokenAccepted()).isTrue());
        }
    }
}
