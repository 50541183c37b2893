package io.lambdakit.idempotency;

import io.lambdakit.testing.DynamoDbLocal;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.idempotency.PowertoolsVectors.Vector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A mixed fleet, against DynamoDB Local, for every golden vector Powertools for AWS Lambda (Java)
 * 2.9.0 produced: the {@code COMPLETED} record Powertools wrote is replayed by lambdakit without
 * running the body; the {@code INPROGRESS} record Powertools wrote refuses lambdakit's duplicate;
 * and the record lambdakit writes for the same call has the same attributes as Powertools' (modulo
 * timestamps, which are checked against the clock) and a {@code data} value Powertools reads as
 * the same result (null and void results included).
 */
@ExtendWith(DynamoDbLocal.Extension.class)
class PowertoolsInteropIT {

    /** Reads stored data the way Powertools' IdempotencyHandler does: a String as is, anything else through its mapper. */
    private static final ObjectMapper POWERTOOLS_READER = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static DynamoDbClient admin;
    private static String table;
    private static DynamoDbClient client;
    private static final Map<String, Idempotency> INSTANCES = new HashMap<>();
    private static final MutableClock CLOCK = MutableClock.at("2026-12-01T10:00:00Z");

    static List<Vector> vectors() {
        return PowertoolsVectors.all();
    }

    @BeforeAll
    static void createTable(DynamoDbLocal ddb) {
        admin = ddb.admin();
        client = ddb.client();
        // the vectors' expirations (recorded on 2026-12-01) are in the real past: no TTL sweeper may delete them
        table = ddb.createTableWithoutTtl();
    }

    /** One instance per configuration; the clock is moved to each vector's recording time. */
    private static Idempotency idempotencyFor(Vector v) {
        return INSTANCES.computeIfAbsent(v.config().toString(), k -> {
            Environment env = Environment.of(Map.of("AWS_LAMBDA_FUNCTION_NAME", v.functionName()));
            return Idempotency.builder()
                    .store(DynamoDbIdempotencyStore.builder().tableName(table).client(client).environment(env).build())
                    .executionEnvironment(ExecutionEnvironment.builder().environment(env).clock(CLOCK).build())
                    .hashAlgorithm(v.algorithm())
                    .eventKeyJmesPath(v.keyPath())
                    .payloadValidationJmesPath(v.validationPath())
                    .expiration(v.expiration())
                    .throwOnNoIdempotencyKey(true)
                    .build();
        });
    }

    private static FakeContext contextAt(Vector v) {
        CLOCK.set(v.recordedAt());
        return FakeContext.create(CLOCK).withRemainingMillis(v.lambdaTimeoutMillis());
    }

    private static Map<String, AttributeValue> read(String key) {
        return admin.getItem(b -> b.tableName(table).key(Map.of("id", AttributeValue.fromS(key))).consistentRead(true)).item();
    }

    private static void delete(String key) {
        admin.deleteItem(b -> b.tableName(table).key(Map.of("id", AttributeValue.fromS(key))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void powertoolsCompletedRecord_isReplayedWithoutRunningTheBody(Vector v) {
        delete(v.key());
        admin.putItem(b -> b.tableName(table).item(v.completedRecord()));
        AtomicInteger runs = new AtomicInteger();

        Object replayed = idempotencyFor(v).execute(v.operation(), v.payload(), contextAt(v), v.type(), () -> {
            runs.incrementAndGet();
            return null;
        });

        assertThat(runs).hasValue(0);
        assertThat(replayed).isEqualTo(v.result());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void powertoolsInProgressRecord_refusesTheDuplicate(Vector v) {
        delete(v.key());
        admin.putItem(b -> b.tableName(table).item(v.inProgressRecord()));
        AtomicInteger runs = new AtomicInteger();

        assertThatThrownBy(() -> idempotencyFor(v).execute(v.operation(), v.payload(), contextAt(v), v.type(), () -> {
            runs.incrementAndGet();
            return null;
        })).isInstanceOf(IdempotencyAlreadyInProgressException.class);
        assertThat(runs).hasValue(0);
        assertThat(read(v.key())).isEqualTo(v.inProgressRecord());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void lambdakitRecord_hasPowertoolsAttributes_andDataPowertoolsReadsAsTheSameResult(Vector v) throws Exception {
        delete(v.key());
        FakeContext context = contextAt(v);

        idempotencyFor(v).execute(v.operation(), v.payload(), context, v.type(), v::result);

        Map<String, AttributeValue> ours = read(v.key());
        Map<String, AttributeValue> theirs = v.completedRecord();
        // lambdakit's one attribute more: the claim token that fences late writers (Powertools ignores it)
        assertThat(ours).containsKey("claim_token");
        Set<String> oursWithoutToken = new HashSet<>(ours.keySet());
        oursWithoutToken.remove("claim_token");
        assertThat(oursWithoutToken).containsExactlyInAnyOrderElementsOf(theirs.keySet());
        assertThat(ours.get("id")).isEqualTo(theirs.get("id"));
        assertThat(ours.get("status")).isEqualTo(theirs.get("status"));
        assertThat(ours.get("validation")).isEqualTo(theirs.get("validation"));
        // timestamps: Powertools' relative to its recording time, ours relative to the same instant on our clock
        assertThat(Long.parseLong(ours.get("expiration").n()))
                .isEqualTo(v.recordedAt().plus(v.expiration()).getEpochSecond());
        assertThat(Long.parseLong(ours.get("in_progress_expiration").n()))
                .isEqualTo(v.recordedAtEpochMs() + v.lambdaTimeoutMillis());
        String data = ours.get("data").s();
        if (v.nullResult()) {
            assertThat(data).isEqualTo(theirs.get("data").s()).isEqualTo("null");
        } else {
            assertThat(powertoolsReads(data, v)).isEqualTo(v.result());
        }
    }

    /** What Powertools' replay returns for {@code data}: for a declared String the data as is, else Jackson's reading of it. */
    private static Object powertoolsReads(String data, Vector v) throws Exception {
        JavaType type = POWERTOOLS_READER.getTypeFactory().constructType(v.type());
        if (type.getRawClass() == String.class) {
            return data;
        }
        return POWERTOOLS_READER.readValue(data, type);
    }
}
