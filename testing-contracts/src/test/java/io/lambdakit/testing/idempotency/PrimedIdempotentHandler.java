package io.lambdakit.testing.idempotency;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.idempotency.DynamoDbIdempotencyStore;
import io.lambdakit.idempotency.Idempotency;
import io.lambdakit.idempotency.Idempotent;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

/**
 * A woven {@code @Idempotent} SnapStart handler that primes itself before the checkpoint with a
 * synthetic order: the priming call must not write a record to the table.
 */
public final class PrimedIdempotentHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    /** Configures the DynamoDB store and registers the priming call. */
    public PrimedIdempotentHandler() {
        Environment env = Environment.system();
        DynamoDbIdempotencyStore.Builder store = DynamoDbIdempotencyStore.builder().tableName(env.get("IDEMPOTENCY_TABLE", "idempotency"));
        env.get("DYNAMODB_ENDPOINT").ifPresent(uri -> store.clientBuilder(b -> b.endpointOverride(URI.create(uri))));
        Idempotency.install(Idempotency.builder().store(store.build()).eventKeyJmesPath("orderId").useLocalCache(true).build());
        ExecutionEnvironment.current().primeBeforeCheckpoint("orders: prime the handler",
                context -> handleRequest(Map.of("orderId", "synthetic-priming-order", "amount", 1), context));
    }

    @Idempotent
    @Override
    public Map<String, Object> handleRequest(Map<String, Object> order, Context context) {
        return Map.of("orderId", order.get("orderId"), "chargeId", "ch_" + UUID.randomUUID(), "chargedBy", context.getAwsRequestId());
    }
}
