package io.lambdakit.secrets;

import io.lambdakit.core.InitializationType;
import io.lambdakit.secrets.docs.OrdersHandler;
import io.lambdakit.secrets.e2e.SecretsHandler;
import io.lambdakit.secrets.e2e.SnapStartSecretsHandler;
import io.lambdakit.testing.InvocationError;
import io.lambdakit.testing.InvocationResult;
import io.lambdakit.testing.LocalFunction;
import io.lambdakit.testing.LocalSecretsExtension;
import io.lambdakit.testing.SnapStartResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** End to end: a handler in the real Runtime Interface Client (child JVM) reads through the extension stand-in. */
class SecretsFunctionIT {

    private final String apiKey = "hunter2-" + UUID.randomUUID();
    private final LocalSecretsExtension extension = LocalSecretsExtension.builder()
            .secret("prod/db", "{\"user\":\"app\",\"port\":5432}")
            .secret("prod/api-key", apiKey)
            .parameter("/orders/endpoint", "https://orders.internal")
            .start();

    @AfterEach
    void stop() {
        extension.close();
    }

    private Map<String, String> environment() {
        Map<String, String> env = new HashMap<>(extension.environment());
        env.put("POWERTOOLS_PARAMETERS_MAX_AGE", "300");
        return env;
    }

    @Test
    void handler_autoDetectsTheExtension_andCachesAcrossWarmInvocations() {
        try (LocalFunction fn = LocalFunction.builder().handler(SecretsHandler.class).environment(environment()).start()) {

            InvocationResult first = fn.invoke("{}");
            InvocationResult second = fn.invoke("{}");

            assertThat(first.succeeded()).as(first.toString()).isTrue();
            assertThat(first.responseJson().get("user").asText()).isEqualTo("app");
            assertThat(first.responseJson().get("endpoint").asText()).isEqualTo("https://orders.internal");
            assertThat(first.responseJson().get("apiKey").asText()).isEqualTo(apiKey);
            assertThat(first.responseJson().get("source").asText()).isEqualTo("the Parameters and Secrets extension on localhost:" + extension.port());
            assertThat(second.response()).isEqualTo(first.response());
            assertThat(extension.requestCount("prod/db")).isEqualTo(1);
            assertThat(extension.requestCount("prod/api-key")).isEqualTo(1);
            assertThat(extension.requests()).allSatisfy(r -> assertThat(r.tokenAccepted()).isTrue());
        }
    }

    @Test
    void missingSecret_failsTheInvocationWithATypedError_andNoValueInTheOutput() {
        try (LocalFunction fn = LocalFunction.builder().handler(SecretsHandler.class).environment(environment()).start()) {

            InvocationResult result = fn.invoke("{\"secret\":\"prod/missing\"}");

            InvocationError error = result.error().orElseThrow();
            assertThat(error.errorType()).isEqualTo(SecretNotFoundException.class.getName());
            assertThat(error.errorMessage()).contains("'prod/missing'").contains("ResourceNotFoundException");
            assertThat(String.join("\n", result.stdout())).doesNotContain(apiKey);
            assertThat(String.join("\n", fn.initOutput())).doesNotContain(apiKey);
            assertThat(String.join("\n", error.stackTrace())).doesNotContain(apiKey);
        }
    }

    @Test
    void snapStartRestore_dropsValuesCachedInTheSnapshot() {
        Map<String, String> env = environment();
        env.put("LAMBDAKIT_SECRETS_PROVIDER", "extension");
        try (LocalFunction fn = LocalFunction.builder().handler(SnapStartSecretsHandler.class).environment(env)
                .initializationType(InitializationType.SNAP_START).start()) {
            extension.putSecret("prod/api-key", "rotated-after-the-snapshot");

            SnapStartResult snap = fn.snapStart();
            InvocationResult result = fn.invoke("{}");

            assertThat(snap.succeeded()).as(snap.toString()).isTrue();
            assertThat(result.response()).isEqualTo("\"" + apiKey.length() + ":rotated-after-the-snapshot\"");
            assertThat(extension.requestCount("prod/api-key")).isEqualTo(2);
            assertThat(snap.checkpointLogLines()).filteredOn(l -> l.path("phase").asText().equals("before-checkpoint"))
                    .singleElement().satisfies(l -> assertThat(l.path("hooks").findValuesAsText("name"))
                            .contains("lambdakit-secrets: preload hot-path classes"));
            assertThat(snap.restoreLogLines()).filteredOn(l -> l.path("phase").asText().equals("after-restore"))
                    .singleElement().satisfies(l -> assertThat(l.path("hooks").findValuesAsText("name"))
                            .contains("lambdakit-secrets: drop cached secrets", "lambdakit-core: re-arm cold-start classification"));
            assertThat(String.join("\n", snap.checkpointOutput()) + String.join("\n", snap.restoreOutput())).doesNotContain(apiKey);
        }
    }

    @Test
    void docsExample_runsAsDocumented() {
        try (LocalSecretsExtension docs = LocalSecretsExtension.builder()
                .secret("prod/orders-db", "{\"user\":\"orders\",\"password\":\"pw\",\"host\":\"db.internal\",\"port\":5432}")
                .parameter("/orders/payments-endpoint", "https://payments.internal")
                .secureParameter("/orders/signing-key", "0123456789")
                .start();
             LocalFunction fn = LocalFunction.builder().handler(OrdersHandler.class).environment(docs.environment()).start()) {

            InvocationResult result = fn.invoke("{}");

            assertThat(result.succeeded()).as(result.toString()).isTrue();
            assertThat(result.response()).isEqualTo("\"orders@db.internal:5432 -> https://payments.internal (key 10 chars, feature false)\"");
        }
    }
}
