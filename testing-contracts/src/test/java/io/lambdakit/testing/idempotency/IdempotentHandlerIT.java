package io.lambdakit.testing.idempotency;

import io.lambdakit.testing.DynamoDbLocal;
import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.testing.InvocationResult;
import io.lambdakit.testing.LocalFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end: a woven {@code @Idempotent} handler in a child JVM under the real AWS Lambda runtime
 * interface client, against the local Runtime API, storing records in DynamoDB Local.
 */
class IdempotentHandlerIT {

    private static DynamoDbLocal dynamoDb;
    private static String table;
    private static LocalFunction function;

    // docs:begin dynamodb-local
    @BeforeAll
    static void start() {
        dynamoDb = DynamoDbLocal.start();
        table = dynamoDb.createTableWithoutTtl();
        function = start(Map.of());
    }

    private static LocalFunction start(Map<String, String> extra) {
        LocalFunction.Builder b = LocalFunction.builder()
                .handler(IdempotentOrderHandler.class)
                .functionName("orders-it")
                .environment("IDEMPOTENCY_TABLE", table)
                .environment("DYNAMODB_ENDPOINT", dynamoDb.endpoint().toString());
        extra.forEach(b::environment);
        return b.start();
    }
    // docs:end dynamodb-local

    @AfterAll
    static void stop() {
        if (function != null) {
            function.close();
        }
        dynamoDb.close();
    }

    private static JsonNode ok(InvocationResult result) {
        assertThat(result.error()).as("invocation error").isEmpty();
        return result.responseJson();
    }

    @Test
    void repeatedEvent_returnsFirstResponse_andStoresPowertoolsSchemaRecord() {
        InvocationResult first = function.invoke("{\"orderId\":\"o-100\",\"amount\":5}");
        InvocationResult repeat = function.invoke("{\"amount\":5,\"orderId\":\"o-100\"}");
        InvocationResult other = function.invoke("{\"orderId\":\"o-101\",\"amount\":5}");

        JsonNode firstResponse = ok(first);
        assertThat(function.usesNativeRuntimeClient()).isTrue();
        assertThat(firstResponse.path("chargedBy").asText()).isEqualTo(first.requestId());
        assertThat(ok(repeat)).isEqualTo(firstResponse);
        assertThat(ok(other).path("chargeId").asText()).isNotEqualTo(firstResponse.path("chargeId").asText());
        List<Map<String, AttributeValue>> items = dynamoDb.admin().scan(s -> s.tableName(table)).items();
        assertThat(items).anySatisfy(item -> {
            assertThat(item.get("id").s()).matches("orders-it\\.handleRequest#[0-9a-f]{64}");
            assertThat(item.get("status").s()).isEqualTo("COMPLETED");
            assertThat(item.get("data").s()).contains(firstResponse.path("chargeId").asText());
            assertThat(item.get("expiration").n()).isNotBlank();
        });
    }

    @Test
    void failedInvocation_propagatesErrorAndLetsTheRetryRun() {
        InvocationResult declined = function.invoke("{\"orderId\":\"o-200\",\"decline\":true}");
        InvocationResult retried = function.invoke("{\"orderId\":\"o-200\",\"decline\":false}");

        assertThat(declined.error()).hasValueSatisfying(e -> {
            assertThat(e.errorType()).isEqualTo("java.lang.IllegalStateException");
            assertThat(e.errorMessage()).isEqualTo("payment declined for order o-200");
        });
        assertThat(ok(retried).path("chargedBy").asText()).isEqualTo(retried.requestId());
    }

    @Test
    void tenants_neverReceiveEachOthersStoredResponse() {
        InvocationResult a = function.invoke("{\"orderId\":\"o-300\"}", LocalFunction.InvokeOptions.create().tenantId("tenant-a"));
        InvocationResult b = function.invoke("{\"orderId\":\"o-300\"}", LocalFunction.InvokeOptions.create().tenantId("tenant-b"));
        InvocationResult aAgain = function.invoke("{\"orderId\":\"o-300\"}", LocalFunction.InvokeOptions.create().tenantId("tenant-a"));

        assertThat(ok(b).path("chargedBy").asText()).isEqualTo(b.requestId());
        assertThat(ok(aAgain)).isEqualTo(ok(a));
        assertThat(ok(a).path("chargedBy").asText()).isEqualTo(a.requestId());
    }

    @Test
    void newExecutionEnvironment_replaysFromDynamoDb_unlessDisabled() {
        JsonNode first = ok(function.invoke("{\"orderId\":\"o-400\"}"));

        try (LocalFunction fresh = start(Map.of())) {
            assertThat(ok(fresh.invoke("{\"orderId\":\"o-400\"}"))).isEqualTo(first);
        }
        try (LocalFunction disabled = start(Map.of("POWERTOOLS_IDEMPOTENCY_DISABLED", "true"))) {
            InvocationResult run = disabled.invoke("{\"orderId\":\"o-400\"}");
            assertThat(ok(run).path("chargedBy").asText()).isEqualTo(run.requestId());
        }
    }
}
