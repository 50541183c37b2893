package io.lambdakit.testing.idempotency;

import io.lambdakit.idempotency.IdempotencyAlreadyInProgressException;
import io.lambdakit.testing.InvocationResult;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads what {@link ConcurrentOrderHandler} did with the copies of one order: which copy ran the body and
 * what the others got. Counts body executions in the executions table, never from responses alone.
 */
final class Executions {

    /** How the copies of an order that did not run the body ended. */
    record Outcome(InvocationResult execution, int replayed, int refused) {
    }

    private Executions() {
    }

    /**
     * Asserts that exactly one copy ran the body (its response names its own request id, and the executions
     * table counts one execution of the order, by that request), and that every other copy replayed that
     * execution's response or, unless {@code waitMode}, was refused with the documented in-progress error.
     *
     * @param dynamoDb   a client of the DynamoDB Local the function writes to
     * @param table      the executions table
     * @param orderId    the order
     * @param tenant     the copies' tenant id, or {@code "-"}
     * @param copies     the results of every copy of the order (and tenant)
     * @param waitMode   true when duplicates wait for the execution instead of being refused
     * @return the execution and how the other copies ended
     */
    static Outcome ofOrder(DynamoDbClient dynamoDb, String table, String orderId, String tenant, List<InvocationResult> copies,
                           boolean waitMode) {
        List<InvocationResult> ran = copies.stream()
                .filter(r -> r.succeeded() && r.responseJson().path("chargedBy").asText().equals(r.requestId()))
                .toList();
        assertThat(ran).as("copies of %s (tenant %s) whose response says they ran the body", orderId, tenant).hasSize(1);
        InvocationResult execution = ran.get(0);
        Map<String, AttributeValue> item = dynamoDb.getItem(g -> g.tableName(table).consistentRead(true)
                .key(Map.of("id", AttributeValue.fromS(orderId + "|" + tenant)))).item();
        assertThat(item).as("executions of %s (tenant %s)", orderId, tenant).isNotEmpty();
        assertThat(item.get("executions").n()).as("body executions of %s (tenant %s)", orderId, tenant).isEqualTo("1");
        assertThat(item.get("requestIds").ss()).as("requests that ran the body of %s (tenant %s)", orderId, tenant)
                .containsExactly(execution.requestId());
        assertThat(execution.responseJson().path("orderId").asText()).isEqualTo(orderId);
        assertThat(execution.responseJson().path("tenant").asText()).isEqualTo(tenant);

        int replayed = 0;
        int refused = 0;
        for (InvocationResult copy : copies) {
            if (copy == execution) {
                continue;
            }
            if (copy.succeeded() || waitMode) {
                assertThat(copy.error()).as("copy of %s in %s", orderId, copy.requestId()).isEmpty();
                assertThat(copy.responseJson()).as("replay of %s (tenant %s) by %s", orderId, tenant, copy.requestId())
                        .isEqualTo(execution.responseJson());
                replayed++;
            } else {
                assertThat(copy.error()).as("copy of %s in %s", orderId, copy.requestId()).hasValueSatisfying(e -> {
                    assertThat(e.errorType()).isEqualTo(IdempotencyAlreadyInProgressException.class.getName());
                    assertThat(e.errorMessage()).startsWith("Execution already in progress with idempotency key ")
                            .contains(".charge#");
                });
                refused++;
            }
        }
        return new Outcome(execution, replayed, refused);
    }
}
