package io.lambdakit.benchmarks;

import com.amazonaws.services.lambda.runtime.Context;
import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.idempotency.Idempotency;
import io.lambdakit.idempotency.InMemoryIdempotencyStore;
import io.lambdakit.testing.TestContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Cost of lambdakit-idempotency around a handler body, with the in-memory store (so this is the
 * engine's own cost: key extraction by JMESPath, hashing, record codec, claim/complete; a DynamoDB
 * round trip would add its network time on top). Run with {@code -prof gc} for allocation per call.
 * <ul>
 *   <li>{@code firstCall}: a payload whose key was never seen: claim, run the body, store the
 *       response. The store is cleared every 4096 calls so that it stays small (amortised).</li>
 *   <li>{@code replay}: the same payload again: the stored response is found and returned without
 *       running the body (the duplicate-delivery path).</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@State(Scope.Benchmark)
public class IdempotencyBenchmark {

    private static final int KEYS = 4096;

    /** The handler's result, as a user would return it. */
    public record Receipt(String orderId, String status) {
    }

    private InMemoryIdempotencyStore store;
    private Idempotency idempotency;
    private Context context;
    private List<Map<String, Object>> payloads;
    private Map<String, Object> repeated;
    private int next;

    /** Builds the engine once, as a function's init would. */
    @Setup
    public void setUp() {
        ExecutionEnvironment ee = ExecutionEnvironment.builder()
                .environment(Environment.of(Map.of("AWS_LAMBDA_FUNCTION_NAME", "orders", "AWS_REGION", "eu-west-1")))
                .build();
        store = InMemoryIdempotencyStore.create();
        idempotency = Idempotency.builder().executionEnvironment(ee).store(store).eventKeyJmesPath("orderId")
                .expiration(Duration.ofHours(1)).build();
        context = TestContext.builder().functionName("orders").timeout(Duration.ofMinutes(15)).build();
        payloads = new ArrayList<>(KEYS);
        for (int i = 0; i < KEYS; i++) {
            payloads.add(payload("o-" + i));
        }
        repeated = payload("o-repeated");
        idempotency.execute("charge", repeated, context, Receipt.class, () -> new Receipt("o-repeated", "charged"));
    }

    private static Map<String, Object> payload(String orderId) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("orderId", orderId);
        p.put("amount", 42.5);
        p.put("currency", "EUR");
        return p;
    }

    /** @return the response of a first call (the body ran) */
    @Benchmark
    public Receipt firstCall() {
        int i = next++;
        if (i == KEYS) {
            next = 1;
            i = 0;
            store.clear();
            idempotency.execute("charge", repeated, context, Receipt.class, () -> new Receipt("o-repeated", "charged"));
        }
        Map<String, Object> p = payloads.get(i);
        return idempotency.execute("charge", p, context, Receipt.class, () -> new Receipt((String) p.get("orderId"), "charged"));
    }

    /** @return the stored response of a repeated call (the body did not run) */
    @Benchmark
    public Receipt replay() {
        return idempotency.execute("charge", repeated, context, Receipt.class, () -> {
            throw new IllegalStateException("a replay ran the body");
        });
    }
}
