package io.lambdakit.testing.idempotency;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.lambdakit.core.Environment;
import io.lambdakit.idempotency.DynamoDbIdempotencyStore;
import io.lambdakit.idempotency.Idempotency;
import io.lambdakit.idempotency.Idempotent;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

/**
 * A handler as users write it, woven by ajc with lambdakit-idempotency's aspect and run by
 * {@code IdempotentHandlerIT} through the real runtime interface client. docs/idempotency.md
 * shows it.
 */
// docs:begin annotation
public class IdempotentOrderHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    public IdempotentOrderHandler() {
        Environment env = Environment.system();
        DynamoDbIdempotencyStore.Builder store = DynamoDbIdempotencyStore.builder()
                .tableName(env.get("IDEMPOTENCY_TABLE", "idempotency"));
        // Local runs only (DynamoDB Local); in Lambda the client reaches DynamoDB in AWS_REGION.
        env.get("DYNAMODB_ENDPOINT").ifPresent(uri -> store.clientBuilder(b -> b.endpointOverride(URI.create(uri))));
        Idempotency.install(Idempotency.builder()    // @Idempotent methods use this instance
                .store(store.build())
                .eventKeyJmesPath("orderId")
                .build());
    }

    @Idempotent
    @Override
    public Map<String, Object> handleRequest(Map<String, Object> order, Context context) {
        if (Boolean.TRUE.equals(order.get("decline"))) {
            throw new IllegalStateException("payment declined for order " + order.get("orderId"));
        }
        return Map.of("orderId", order.get("orderId"),
                "chargeId", "ch_" + UUID.randomUUID(),
                "chargedBy", context.getAwsRequestId());
    }
}
// docs:end annotation
