package io.lambdakit.idempotency;

import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.Environment;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Builder validation of the DynamoDB store; its behaviour is proven against DynamoDB Local in the IT. */
class DynamoDbIdempotencyStoreTest {

    @Test
    void build_withSeveralProblems_reportsAllInOneException() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> DynamoDbIdempotencyStore.builder()
                .tableName("x")
                .statusAttr("data")
                .keyAttr(" ")
                .staticPkValue("idempotency#fn")
                .environment(Environment.empty())
                .build());

        assertThat(e.problems()).hasSize(5);
        assertThat(e.getMessage()).contains("tableName was 'x'", "keyAttr was ' '", "must all differ",
                "staticPkValue was set but sortKeyAttr was not", "AWS_REGION is not set");
    }

    @Test
    void build_whenDisabled_createsNoClientAndSaysSoIfUsed() {
        DynamoDbIdempotencyStore store = DynamoDbIdempotencyStore.builder().tableName("idempotency")
                .environment(Environment.of(Map.of("POWERTOOLS_IDEMPOTENCY_DISABLED", "true"))).build();

        assertThatThrownBy(() -> store.get("k")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("POWERTOOLS_IDEMPOTENCY_DISABLED");
        assertThatThrownBy(() -> store.claim(IdempotencyRecord.inProgress("k", Instant.EPOCH, Instant.EPOCH, null), Instant.EPOCH))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void build_withDisabledFlagNeitherTrueNorFalse_failsLikeTheIdempotencyBuilder() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> DynamoDbIdempotencyStore.builder()
                .tableName("idempotency")
                .environment(Environment.of(Map.of("POWERTOOLS_IDEMPOTENCY_DISABLED", "yes", "AWS_REGION", "eu-west-1")))
                .build());

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("POWERTOOLS_IDEMPOTENCY_DISABLED was 'yes' but it must be true or false");
    }

    @Test
    void build_withDisabledFlagInAnyCase_createsNoClient() {
        DynamoDbIdempotencyStore store = DynamoDbIdempotencyStore.builder().tableName("idempotency")
                .environment(Environment.of(Map.of("POWERTOOLS_IDEMPOTENCY_DISABLED", "TRUE"))).build();

        assertThatThrownBy(() -> store.get("k")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("POWERTOOLS_IDEMPOTENCY_DISABLED");
    }

    @Test
    void build_withRegion_describesTableAndKeys() {
        DynamoDbIdempotencyStore store = DynamoDbIdempotencyStore.builder().tableName("idempotency").sortKeyAttr("sk")
                .environment(Environment.of(Map.of("AWS_REGION", "eu-west-1", "AWS_LAMBDA_FUNCTION_NAME", "orders"))).build();

        assertThat(store).hasToString("DynamoDbIdempotencyStore[table=idempotency, key=id, sortKey=sk, staticPk=idempotency#orders]");
    }
}
