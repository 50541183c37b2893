package io.lambdakit.idempotency;

import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.idempotency.PowertoolsVectors.Vector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every golden vector Powertools for AWS Lambda (Java) computed: the key and the validation hash
 * lambdakit derives through its public API for the same payload and configuration equal
 * Powertools' (MD5 and SHA-256, whole payloads and JMESPath selections, null Map values, an empty
 * string key, byte[] payloads, S3 and EventBridge events with Joda times, POJOs, numbers).
 * The records are checked against DynamoDB Local in {@code PowertoolsInteropIT}.
 */
class PowertoolsKeyVectorsTest {

    static List<Vector> vectors() {
        return PowertoolsVectors.all();
    }

    @Test
    void vectorFile_holdsAll458Vectors_noneAPowertoolsFailure() {
        assertThat(vectors()).hasSize(458);
        // Powertools derived a key for every payload here; a regenerated file with writerError vectors needs a decision (see docs).
        assertThat(vectors()).allSatisfy(v -> assertThat(v.writerError()).isNull());
    }

    // One instance per configuration (building one registers lifecycle hooks); records are cleared per vector.
    private static final MutableClock CLOCK = MutableClock.at("2026-12-01T10:00:00Z");
    private static final InMemoryIdempotencyStore STORE = InMemoryIdempotencyStore.create();
    private static final Map<String, Idempotency> INSTANCES = new HashMap<>();

    private static Idempotency idempotencyFor(Vector v) {
        return INSTANCES.computeIfAbsent(v.config().toString(), k -> Idempotency.builder()
                .store(STORE)
                .executionEnvironment(ExecutionEnvironment.builder()
                        .environment(Environment.of(Map.of("AWS_LAMBDA_FUNCTION_NAME", v.functionName())))
                        .clock(CLOCK).build())
                .hashAlgorithm(v.algorithm())
                .eventKeyJmesPath(v.keyPath())
                .payloadValidationJmesPath(v.validationPath())
                .expiration(v.expiration())
                .throwOnNoIdempotencyKey(true)
                .build());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void keyAndValidationHash_equalPowertools(Vector v) {
        STORE.clear();
        Idempotency idempotency = idempotencyFor(v);

        idempotency.execute(v.operation(), v.payload(), FakeContext.create(CLOCK), v.type(), v::result);

        assertThat(STORE.records()).containsOnlyKeys(v.key());
        assertThat(STORE.records().get(v.key()).validationHash().orElse(null)).isEqualTo(v.validationHash());
    }
}
