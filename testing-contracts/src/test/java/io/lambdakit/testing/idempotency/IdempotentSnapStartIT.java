package io.lambdakit.testing.idempotency;

import io.lambdakit.testing.DynamoDbLocal;
import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.core.InitializationType;
import io.lambdakit.testing.InvocationResult;
import io.lambdakit.testing.LocalFunction;
import io.lambdakit.testing.SnapStartResult;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SnapStart under the real runtime client with DynamoDB Local: the woven {@code @Idempotent}
 * handler is primed before the checkpoint without writing to the table, the idempotency class
 * list is preloaded, and the local cache is dropped after the restore.
 */
class IdempotentSnapStartIT {

    @Test
    void snapStart_primedIdempotentHandler_writesNoRecordUntilTheFirstRealInvocation() {
        try (DynamoDbLocal dynamoDb = DynamoDbLocal.start()) {
            String table = dynamoDb.createTableWithoutTtl();
            try (LocalFunction fn = LocalFunction.builder().handler(PrimedIdempotentHandler.class).functionName("orders-snap")
                    .environment("IDEMPOTENCY_TABLE", table).environment("DYNAMODB_ENDPOINT", dynamoDb.endpoint().toString())
                    .initializationType(InitializationType.SNAP_START).start()) {

                SnapStartResult snap = fn.snapStart();
                List<Map<String, AttributeValue>> afterCheckpoint = dynamoDb.admin().scan(s -> s.tableName(table)).items();
                InvocationResult first = fn.invoke("{\"orderId\":\"o-1\",\"amount\":5}");
                List<Map<String, AttributeValue>> afterFirst = dynamoDb.admin().scan(s -> s.tableName(table)).items();

                assertThat(snap.succeeded()).as(snap.toString()).isTrue();
                assertThat(afterCheckpoint).as("the priming call wrote nothing to the table").isEmpty();
                assertThat(phase(snap.checkpointLogLines(), "before-checkpoint").path("hooks").findValuesAsText("name"))
                        .contains("orders: prime the handler", "lambdakit-idempotency: preload hot-path classes",
                                "lambdakit-idempotency: warm the key and response codecs");
                assertThat(phase(snap.restoreLogLines(), "after-restore").path("hooks").findValuesAsText("name"))
                        .contains("lambdakit-idempotency: clear the local record cache");
                assertThat(first.responseJson().path("chargedBy").asText()).isEqualTo(first.requestId());
                assertThat(afterFirst).singleElement().satisfies(item -> assertThat(item.get("status").s()).isEqualTo("COMPLETED"));
            }
        }
    }

    private static JsonNode phase(List<JsonNode> lines, String phase) {
        return lines.stream().filter(l -> l.path("phase").asText().equals(phase)).findFirst().orElseThrow();
    }
}
