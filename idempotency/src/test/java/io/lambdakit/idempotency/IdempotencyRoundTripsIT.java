package io.lambdakit.idempotency;

import io.lambdakit.testing.DynamoDbLocal;
import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Round trips per invocation, counted on the real SDK client (every HTTP attempt it transmits)
 * against DynamoDB Local. These are the figures docs/idempotency.md quotes.
 */
@ExtendWith(DynamoDbLocal.Extension.class)
class IdempotencyRoundTripsIT {

    record Order(String orderId, int amount) {
    }

    private final CountingInterceptor counter = new CountingInterceptor();
    private final MutableClock clock = new MutableClock(DynamoDbLocal.CLOCK_START);
    private DynamoDbIdempotencyStore store;
    private ExecutionEnvironment environment;

    @BeforeEach
    void setUp(DynamoDbLocal ddb) {
        Environment env = Environment.of(Map.of("AWS_LAMBDA_FUNCTION_NAME", "orders"));
        // tableCheck(false): these are the round trips per invocation; the check's two calls at init are counted by
        // IdempotencyTableIT (goodTable_checkCostsOneDescribeTableAndOneDescribeTimeToLive_atInit)
        store = DynamoDbIdempotencyStore.builder().tableName(ddb.createTable()).client(ddb.client(counter)).environment(env)
                .tableCheck(false).build();
        environment = ExecutionEnvironment.builder().environment(env).clock(clock).build();
    }

    private Idempotency.Builder builder() {
        return Idempotency.builder().store(store).executionEnvironment(environment).eventKeyJmesPath("orderId");
    }

    private String charge(Idempotency idempotency, Order order) {
        return idempotency.execute("charge", order, FakeContext.create(clock), String.class, () -> "charged " + order.orderId());
    }

    @Test
    void firstCall_costsTwoWrites() {
        Idempotency idempotency = builder().build();

        charge(idempotency, new Order("o-1", 1));

        assertThat(counter.transmitted()).containsExactly("PutItem", "PutItem");
    }

    @Test
    void repeat_costsOneRoundTrip() {
        Idempotency idempotency = builder().build();
        charge(idempotency, new Order("o-1", 1));
        counter.reset();

        String replay = charge(idempotency, new Order("o-1", 1));

        assertThat(replay).isEqualTo("charged o-1");
        assertThat(counter.transmitted()).containsExactly("PutItem");
    }

    @Test
    void repeat_withPayloadValidation_stillCostsOneRoundTrip() {
        Idempotency idempotency = builder().payloadValidationJmesPath("amount").build();
        charge(idempotency, new Order("o-1", 1));
        counter.reset();

        assertThatThrownBy(() -> charge(idempotency, new Order("o-1", 2))).isInstanceOf(IdempotencyValidationException.class);
        assertThat(counter.transmitted()).containsExactly("PutItem");
    }

    @Test
    void repeat_withLocalCacheHit_costsNoRoundTrip() {
        Idempotency idempotency = builder().useLocalCache(true).build();
        charge(idempotency, new Order("o-1", 1));
        counter.reset();

        String replay = charge(idempotency, new Order("o-1", 1));

        assertThat(replay).isEqualTo("charged o-1");
        assertThat(counter.transmitted()).isEmpty();
    }

    @Test
    void bodyFailure_costsClaimAndDelete() {
        Idempotency idempotency = builder().build();

        assertThatThrownBy(() -> idempotency.execute("charge", new Order("o-1", 1), FakeContext.create(clock), String.class,
                () -> {
                    throw new IllegalStateException("declined");
                })).hasMessage("declined");

        assertThat(counter.transmitted()).containsExactly("PutItem", "DeleteItem");
    }

    @Test
    void waitMode_duplicateReadsUntilCompleted() throws Exception {
        Idempotency idempotency = builder().maxWaitForInProgress(Duration.ofSeconds(10)).build();
        CountDownLatch claimed = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<String> first = pool.submit(() -> idempotency.execute("charge", new Order("o-1", 1), FakeContext.create(clock),
                    String.class, () -> {
                        claimed.countDown();
                        assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
                        return "first";
                    }));
            assertThat(claimed.await(10, TimeUnit.SECONDS)).isTrue();
            counter.reset();

            Future<String> duplicate = pool.submit(() -> idempotency.execute("charge",
                    new Order("o-1", 1), FakeContext.create(clock), String.class, () -> "duplicate"));
            assertThat(counter.await("GetItem", Duration.ofSeconds(10))).isTrue();
            release.countDown();

            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
            assertThat(duplicate.get(10, TimeUnit.SECONDS)).isEqualTo("first");
            // the duplicate: one PutItem (its failed claim) then consistent GetItems until it reads COMPLETED;
            // the first call: one PutItem (its completion), which may land before or after the duplicate's
            // in-flight GetItem is answered, so only the counts are fixed, not where it falls
            List<String> transmitted = counter.transmitted();
            assertThat(transmitted).startsWith("PutItem", "GetItem").containsOnly("PutItem", "GetItem");
            assertThat(transmitted).filteredOn("PutItem"::equals).hasSize(2);
        } finally {
            pool.shutdownNow();
        }
    }
}
