package io.lambdakit.testing.idempotency;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.lambdakit.core.Environment;
import io.lambdakit.idempotency.DynamoDbIdempotencyStore;
import io.lambdakit.idempotency.Idempotency;
import io.lambdakit.idempotency.Idempotent;
import io.lambdakit.logging.LambdaLogging;
import io.lambdakit.metrics.Metrics;
import io.lambdakit.testing.DynamoDbLocal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The function of {@code ConcurrentIdempotencyIT} and {@code TenantScopedIdempotencyIT}, run by the real
 * runtime client on Lambda Managed Instances (several invocations at once on the runtime's worker threads): a
 * woven {@code @Idempotent} charge whose every body execution is counted outside the function, in the
 * {@code EXECUTIONS_TABLE} of DynamoDB Local (one item per order and tenant: an atomic counter and the set
 * of request ids that ran the body), so the test can tell a replay from a second execution whatever the
 * responses say. Each invocation also flushes its metrics as EMF (lambdakit-metrics writes the invocation's
 * {@code tenant_id}) with a {@code Tenant} dimension, and logs one line through lambdakit-logging with the
 * event's {@code token} as its correlation id. {@code IDEMPOTENCY_MAX_WAIT_MS} turns on wait mode, {@code IDEMPOTENCY_LOCAL_CACHE=true}
 * the local cache.
 */
public class ConcurrentOrderHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private final DynamoDbClient dynamoDb;
    private final String executionsTable;
    private static final Logger LOG = LoggerFactory.getLogger(ConcurrentOrderHandler.class);
    private final Metrics metrics = Metrics.builder().namespace("lmi-orders").service("orders").build();
    private final LambdaLogging logging = LambdaLogging.builder().correlationIdPath("token").logger(ConcurrentOrderHandler.class).build();

    public ConcurrentOrderHandler() {
        Environment env = Environment.system();
        dynamoDb = DynamoDbLocal.clientFor(URI.create(env.get("DYNAMODB_ENDPOINT").orElseThrow()));
        executionsTable = env.get("EXECUTIONS_TABLE").orElseThrow();
        Idempotency.Builder idempotency = Idempotency.builder()
                .store(DynamoDbIdempotencyStore.builder().tableName(env.get("IDEMPOTENCY_TABLE").orElseThrow()).client(dynamoDb).build())
                .eventKeyJmesPath("orderId");
        env.get("IDEMPOTENCY_MAX_WAIT_MS").ifPresent(ms -> idempotency.maxWaitForInProgress(Duration.ofMillis(Long.parseLong(ms))));
        env.get("IDEMPOTENCY_LOCAL_CACHE").ifPresent(on -> idempotency.useLocalCache(Boolean.parseBoolean(on)));
        Idempotency.install(idempotency.build());
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> order, Context context) {
        String tenant = context.getTenantId() == null ? "-" : context.getTenantId();
        return logging.execute(context, order, () -> metrics.execute(context, () -> {
            metrics.addDimension("Tenant", tenant);
            LOG.info("charge requested");
            metrics.add("ChargeRequests", 1);
            metrics.addMetadata("orderId", order.get("orderId"));
            return charge(order, context);
        }));
    }

    /** The side effect that must happen once per order (and tenant): counted in the executions table. */
    @Idempotent
    public Map<String, Object> charge(Map<String, Object> order, Context context) {
        String tenant = context.getTenantId() == null ? "-" : context.getTenantId();
        dynamoDb.updateItem(u -> u.tableName(executionsTable)
                .key(Map.of("id", AttributeValue.fromS(order.get("orderId") + "|" + tenant)))
                .updateExpression("ADD executions :one, requestIds :me")
                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"),
                        ":me", AttributeValue.fromSs(java.util.List.of(context.getAwsRequestId())))));
        Map<String, Object> charge = new LinkedHashMap<>();
        charge.put("orderId", order.get("orderId"));
        charge.put("chargeId", "ch_" + UUID.randomUUID());
        charge.put("chargedBy", context.getAwsRequestId());
        charge.put("tenant", tenant);
        return charge;
    }
}
