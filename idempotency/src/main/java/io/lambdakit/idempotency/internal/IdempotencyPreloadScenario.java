package io.lambdakit.idempotency.internal;

import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.spi.PreloadScenarios;
import io.lambdakit.core.spi.PrimingContext;
import io.lambdakit.idempotency.DynamoDbIdempotencyStore;
import io.lambdakit.idempotency.Idempotency;
import io.lambdakit.idempotency.IdempotencyException;
import io.lambdakit.idempotency.InMemoryIdempotencyStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

import java.util.List;
import java.util.Map;

/**
 * The synthetic hot path of lambdakit-idempotency that the build records into its class list
 * ({@code io.lambdakit.core.internal.ClassListRecorder}): first calls, replays from the local
 * cache and payload validation over the in-memory store, then the DynamoDB store's claim through
 * a real {@code DynamoDbClient} (request marshalling, signing, the HTTP client) that an
 * interceptor stops just before anything is sent: no table is touched, no network is used.
 */
public final class IdempotencyPreloadScenario {

    private IdempotencyPreloadScenario() {
    }

    /** Stops every request right before transmission. */
    private static final class StopBeforeSending implements ExecutionInterceptor {
        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            throw new IllegalStateException("lambdakit preload scenario: not sent");
        }
    }

    /**
     * @param args ignored
     */
    public static void main(String[] args) {
        Environment env = PreloadScenarios.environment();
        ExecutionEnvironment ee = PreloadScenarios.executionEnvironment(env);
        Idempotency memory = Idempotency.builder().executionEnvironment(ee).store(InMemoryIdempotencyStore.create())
                .eventKeyJmesPath("powertools_json(body).orderId").payloadValidationJmesPath("[amount, items]").build();
        for (int i = 0; i < 6; i++) {
            Map<String, Object> event = Map.of("body", "{\"orderId\":\"o-" + (i % 3) + "\"}", "amount", 12.5, "items", List.of("a"));
            memory.execute("charge", event, new PrimingContext(env, "scenario-" + i), Map.class, () -> Map.of("charged", 12.5));
        }

        DynamoDbIdempotencyStore dynamo = DynamoDbIdempotencyStore.builder().tableName("scenario").environment(env)
                .clientBuilder(b -> b.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("scenario", "scenario")))
                        .overrideConfiguration(o -> o.addExecutionInterceptor(new StopBeforeSending())))
                .build();
        Idempotency stored = Idempotency.builder().executionEnvironment(ee).store(dynamo).useLocalCache(false).build();
        for (int i = 0; i < 2; i++) {
            try {
                stored.execute("charge", Map.of("orderId", "o-" + i), new PrimingContext(env, "dynamo-" + i), String.class, () -> "charged");
            } catch (IdempotencyException expected) {
                // the claim was marshalled and signed, then stopped before it was sent
            }
        }
    }
}
