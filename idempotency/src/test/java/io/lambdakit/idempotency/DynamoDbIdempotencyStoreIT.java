package io.lambdakit.idempotency;

import io.lambdakit.testing.DynamoDbLocal;
import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.idempotency.spi.ClaimResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The DynamoDB store against DynamoDB Local: the exact Powertools schema, conditional claims, composite keys. */
@ExtendWith(DynamoDbLocal.Extension.class)
class DynamoDbIdempotencyStoreIT {

    private static final Environment ENV = Environment.of(Map.of("AWS_LAMBDA_FUNCTION_NAME", "orders"));
    private static final Instant NOW = DynamoDbLocal.CLOCK_START.plusMillis(123);
    private static final String TOKEN = "request-1:0123456789abcdef";

    private final CountingInterceptor counter = new CountingInterceptor();
    private DynamoDbLocal ddb;
    private String table;
    private DynamoDbIdempotencyStore store;

    @BeforeEach
    void setUp(DynamoDbLocal ddb) {
        this.ddb = ddb;
        this.table = ddb.createTable();
        // tableCheck(false): the counts below are the store operations' own; IdempotencyTableIT counts the check's
        this.store = DynamoDbIdempotencyStore.builder().tableName(table).client(ddb.client(counter)).environment(ENV)
                .tableCheck(false).build();
    }

    private Map<String, AttributeValue> rawItem(String key) {
        return ddb.admin().getItem(b -> b.tableName(table).key(Map.of("id", AttributeValue.fromS(key))).consistentRead(true)).item();
    }

    private static IdempotencyRecord inProgress(String key) {
        return IdempotencyRecord.inProgress(key, NOW.plus(Duration.ofHours(1)), NOW.plusMillis(30_000), "v-hash").withClaimToken(TOKEN);
    }

    @Test
    void claim_absentKey_writesPowertoolsSchemaItem() {
        ClaimResult result = store.claim(inProgress("orders.charge#abc"), NOW);

        assertThat(result.isClaimed()).isTrue();
        assertThat(rawItem("orders.charge#abc")).containsOnly(
                Map.entry("id", AttributeValue.fromS("orders.charge#abc")),
                Map.entry("status", AttributeValue.fromS("INPROGRESS")),
                Map.entry("expiration", AttributeValue.fromN(Long.toString(NOW.getEpochSecond() + 3600))),
                Map.entry("in_progress_expiration", AttributeValue.fromN(Long.toString(NOW.toEpochMilli() + 30_000))),
                Map.entry("validation", AttributeValue.fromS("v-hash")),
                Map.entry("claim_token", AttributeValue.fromS(TOKEN)));
        assertThat(counter.transmitted()).containsExactly("PutItem");
    }

    @Test
    void complete_replacesItemWithCompletedSchemaInOneWrite() {
        store.claim(inProgress("k"), NOW);
        counter.reset();

        store.complete(IdempotencyRecord.completed("k", NOW.plusSeconds(7200), "{\"a\":1}", "v-hash").withClaimToken(TOKEN));

        assertThat(rawItem("k")).containsOnly(
                Map.entry("id", AttributeValue.fromS("k")),
                Map.entry("status", AttributeValue.fromS("COMPLETED")),
                Map.entry("expiration", AttributeValue.fromN(Long.toString(NOW.getEpochSecond() + 7200))),
                Map.entry("data", AttributeValue.fromS("{\"a\":1}")),
                Map.entry("validation", AttributeValue.fromS("v-hash")),
                Map.entry("claim_token", AttributeValue.fromS(TOKEN)));
        assertThat(counter.transmitted()).containsExactly("PutItem");
    }

    @Test
    void claim_liveRecord_returnsOldItemFromFailedConditionWithoutExtraRead() {
        IdempotencyRecord first = inProgress("k");
        store.claim(first, NOW);
        counter.reset();

        ClaimResult second = store.claim(IdempotencyRecord.inProgress("k", NOW.plusSeconds(9999), NOW.plusMillis(99_999), null), NOW);

        assertThat(second.isClaimed()).isFalse();
        assertThat(second.existing()).contains(first);
        assertThat(counter.transmitted()).containsExactly("PutItem");
    }

    @Test
    void claim_completedRecord_returnsItWithData() {
        IdempotencyRecord done = IdempotencyRecord.completed("k", NOW.plusSeconds(60), "\"ok\"", null).withClaimToken(TOKEN);
        store.claim(inProgress("k"), NOW);
        store.complete(done);

        ClaimResult again = store.claim(inProgress("k"), NOW.plusSeconds(59));

        assertThat(again.existing()).contains(done);
    }

    @Test
    void claim_expiredRecord_isReplaced() {
        store.claim(inProgress("k"), NOW);
        store.complete(IdempotencyRecord.completed("k", NOW.plusSeconds(60), "\"old\"", null).withClaimToken(TOKEN));
        IdempotencyRecord retake = IdempotencyRecord.inProgress("k", NOW.plusSeconds(3661), NOW.plusMillis(91_000), null);

        ClaimResult atExpiry = store.claim(retake, NOW.plusSeconds(60));
        ClaimResult afterExpiry = store.claim(retake, NOW.plusSeconds(61));

        assertThat(atExpiry.isClaimed()).isFalse();
        assertThat(afterExpiry.isClaimed()).isTrue();
        assertThat(store.get("k")).contains(retake);
    }

    @Test
    void claim_inProgressPastItsDeadline_isReplaced_butCompletedIsNot() {
        store.claim(inProgress("running"), NOW);
        store.claim(inProgress("done"), NOW);
        store.complete(IdempotencyRecord.completed("done", NOW.plus(Duration.ofHours(1)), null, null).withClaimToken(TOKEN));
        Instant pastDeadline = NOW.plusMillis(30_001);

        ClaimResult running = store.claim(inProgress("running"), pastDeadline);
        ClaimResult done = store.claim(inProgress("done"), pastDeadline);
        ClaimResult runningAtDeadline = store.claim(inProgress("running"), NOW.plusMillis(30_000));

        assertThat(running.isClaimed()).isTrue();
        assertThat(done.isClaimed()).isFalse();
        assertThat(runningAtDeadline.isClaimed()).isFalse();
    }

    @Test
    void deleteAndGet_behaveAsSpecified() {
        store.claim(inProgress("k"), NOW);

        store.delete("k", TOKEN);
        store.delete("never-written", TOKEN);

        assertThat(store.get("k")).isEmpty();
        assertThat(rawItem("k")).isEmpty();
    }

    @Test
    void compositeKey_storesStaticPartitionKeyAndIdempotencyKeyAsSortKey() {
        String composite = ddb.createCompositeTable();
        DynamoDbIdempotencyStore s = DynamoDbIdempotencyStore.builder().tableName(composite).sortKeyAttr("sk")
                .client(ddb.client()).environment(ENV).build();

        s.claim(inProgress("orders.charge#abc"), NOW);
        s.complete(IdempotencyRecord.completed("orders.charge#abc", NOW.plusSeconds(5), "1", null).withClaimToken(TOKEN));

        Map<String, AttributeValue> item = ddb.admin().getItem(b -> b.tableName(composite).key(Map.of(
                "id", AttributeValue.fromS("idempotency#orders"), "sk", AttributeValue.fromS("orders.charge#abc")))).item();
        assertThat(item).containsEntry("status", AttributeValue.fromS("COMPLETED")).containsEntry("data", AttributeValue.fromS("1"));
        assertThat(s.get("orders.charge#abc").orElseThrow().key()).isEqualTo("orders.charge#abc");
        assertThat(s.claim(inProgress("orders.charge#abc"), NOW).isClaimed()).isFalse();
    }

    @Test
    void customAttributeNames_areUsedEverywhere() {
        String custom = ddb.createTable();
        DynamoDbIdempotencyStore s = DynamoDbIdempotencyStore.builder().tableName(custom).client(ddb.client())
                .expiryAttr("ttl").inProgressExpiryAttr("deadline_ms").statusAttr("state").dataAttr("body")
                .validationAttr("payload_hash").claimTokenAttr("owner").environment(ENV).build();

        s.claim(inProgress("k"), NOW);
        s.complete(IdempotencyRecord.completed("k", NOW.plusSeconds(5), "1", "h").withClaimToken(TOKEN));

        Map<String, AttributeValue> item = ddb.admin().getItem(b -> b.tableName(custom).key(Map.of("id", AttributeValue.fromS("k")))).item();
        assertThat(item.keySet()).containsExactlyInAnyOrder("id", "ttl", "state", "body", "payload_hash", "owner");
        assertThat(s.get("k")).contains(IdempotencyRecord.completed("k", NOW.plusSeconds(5), "1", "h").withClaimToken(TOKEN));
    }

    @Test
    void itemWithUnknownStatus_failsWithMessageNamingAttribute() {
        ddb.admin().putItem(b -> b.tableName(table).item(Map.of("id", AttributeValue.fromS("k"),
                "status", AttributeValue.fromS("EXPIRED"), "expiration", AttributeValue.fromN("1"))));

        assertThatThrownBy(() -> store.get("k")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("status 'EXPIRED' in attribute 'status'");
    }

    @Test
    void idempotency_replaysAnItemPowertoolsWrote() {
        // As Powertools for AWS Lambda (Java) writes it: MD5 of the selected value, "<function>.<method>#" prefix.
        ddb.admin().putItem(b -> b.tableName(table).item(Map.of(
                "id", AttributeValue.fromS("orders.handleRequest#900150983cd24fb0d6963f7d28e17f72"),
                "status", AttributeValue.fromS("COMPLETED"),
                "expiration", AttributeValue.fromN(Long.toString(NOW.getEpochSecond() + 600)),
                "data", AttributeValue.fromS("{\"orderId\":\"abc\",\"state\":\"charged\"}"))));
        MutableClock clock = new MutableClock(NOW);
        Idempotency idempotency = Idempotency.builder().store(store).hashAlgorithm(HashAlgorithm.MD5)
                .eventKeyJmesPath("powertools_json(body).orderId")
                .executionEnvironment(ExecutionEnvironment.builder().environment(ENV).clock(clock).build()).build();

        @SuppressWarnings("unchecked")
        Map<String, String> replay = idempotency.execute("handleRequest", Map.of("body", "{\"orderId\": \"abc\"}"),
                FakeContext.create(clock), Map.class, () -> {
                    throw new AssertionError("must not run");
                });

        assertThat(replay).containsEntry("state", "charged");
    }

    @Test
    void completedItemOver400Kb_isRejectedBeforeTheWrite() {
        MutableClock clock = new MutableClock(NOW);
        Idempotency idempotency = Idempotency.builder().store(store)
                .executionEnvironment(ExecutionEnvironment.builder().environment(ENV).clock(clock).build()).build();
        String big = "x".repeat(DynamoDbIdempotencyStore.MAX_ITEM_BYTES);
        counter.reset();

        IdempotencyPersistenceException e = catchThrowableOfType(IdempotencyPersistenceException.class,
                () -> idempotency.execute("report", "big-one", FakeContext.create(clock), String.class, () -> big));

        assertThat(e.operation()).isEqualTo(IdempotencyPersistenceException.Operation.COMPLETE);
        assertThat(e.getMessage()).contains("400 KB", "smaller result", "in_progress_expiration");
        assertThat(counter.transmitted()).containsExactly("PutItem");
        assertThat(store.get(e.key()).orElseThrow().status()).isEqualTo(IdempotencyRecord.Status.INPROGRESS);
    }

    @Test
    void unicodeResponse_roundTripsByteExact() {
        String data = "{\"name\":\"Zoë 😀 \\u0000 \u2028\"}";
        store.claim(inProgress("k"), NOW);

        store.complete(IdempotencyRecord.completed("k", NOW.plusSeconds(5), data, null).withClaimToken(TOKEN));

        assertThat(store.get("k").orElseThrow().responseData()).contains(data);
    }
}
