package io.lambdakit.idempotency;

import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.idempotency.spi.ClaimResult;
import io.lambdakit.idempotency.spi.IdempotencyStore;
import io.lambdakit.idempotency.spi.WriteResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Fencing in the engine, over the in-memory store and an injected clock: claim tokens, a completion
 * or deletion after the key was taken over, and a claim whose store reports the caller's own record.
 * {@code IdempotencyFencingIT} and {@code IdempotencyStormIT} prove the same against DynamoDB Local.
 */
class IdempotencyFencingTest {

    private static final Environment ENV = Environment.of(Map.of("AWS_LAMBDA_FUNCTION_NAME", "orders"));

    private final MutableClock clock = MutableClock.at("2026-11-22T10:00:00Z");
    private final InMemoryIdempotencyStore memory = InMemoryIdempotencyStore.create();
    private final AtomicInteger runs = new AtomicInteger();

    private Idempotency idempotency(IdempotencyStore store) {
        return Idempotency.builder().store(store).eventKeyJmesPath("orderId")
                .executionEnvironment(ExecutionEnvironment.builder().environment(ENV).clock(clock).build()).build();
    }

    private String charge(Idempotency idempotency, FakeContext context, String orderId) {
        return idempotency.execute("charge", Map.of("orderId", orderId), context, String.class,
                () -> "receipt-" + runs.incrementAndGet());
    }

    @Test
    void claimToken_isTheRequestIdAndARandomSuffix_uniqueEvenForOneRequestId() {
        Idempotency idempotency = idempotency(memory);
        FakeContext context = FakeContext.create(clock);

        charge(idempotency, context, "o-1");
        charge(idempotency, context, "o-2");

        assertThat(memory.records().values()).extracting(r -> r.claimToken().orElseThrow())
                .allSatisfy(t -> assertThat(t).matches(java.util.regex.Pattern.quote(context.requestId()) + ":[0-9a-f]{16}"))
                .doesNotHaveDuplicates();
    }

    @Test
    void completion_afterTheKeyWasTakenOver_throwsClaimLost_andLeavesTheNewRecord() {
        Idempotency a = idempotency(memory);
        Idempotency b = idempotency(memory);
        FakeContext bContext = FakeContext.create(clock);
        String[] bResult = new String[1];

        IdempotencyClaimLostException lost = catchThrowableOfType(IdempotencyClaimLostException.class,
                () -> a.execute("charge", Map.of("orderId", "o-1"), FakeContext.create(clock).withRemainingMillis(1_000), String.class, () -> {
                    clock.advance(Duration.ofMillis(1_001));
                    bResult[0] = charge(b, bContext, "o-1");
                    return "receipt-of-A";
                }));

        IdempotencyRecord stored = memory.records().values().iterator().next();
        assertThat(stored.responseData()).contains(bResult[0]);
        assertThat(stored.claimToken()).hasValueSatisfying(t -> assertThat(t).startsWith(bContext.requestId() + ":"));
        assertThat(lost.heldBy()).isEqualTo(stored.claimToken());
        assertThat(lost.key()).isEqualTo(stored.key());
        assertThat(lost.getMessage()).contains("was not stored", "COMPLETED record of claim " + stored.claimToken().orElseThrow())
                .doesNotContain("receipt-of-A");
        assertThat(CapturedLogs.warnings(lost.claimToken())).singleElement()
                .satisfies(l -> assertThat(l.message()).isEqualTo(lost.getMessage()));
    }

    @Test
    void failedBody_afterTheKeyWasTakenOver_propagatesUnchanged_withClaimLostSuppressed_andKeepsTheNewRecord() {
        Idempotency a = idempotency(memory);
        Idempotency b = idempotency(memory);
        IllegalStateException declined = new IllegalStateException("declined");

        IllegalStateException thrown = catchThrowableOfType(IllegalStateException.class,
                () -> a.execute("charge", Map.of("orderId", "o-1"), FakeContext.create(clock).withRemainingMillis(1_000), String.class, () -> {
                    clock.advance(Duration.ofMillis(1_001));
                    charge(b, FakeContext.create(clock), "o-1");
                    throw declined;
                }));

        assertThat(thrown).isSameAs(declined);
        assertThat(thrown.getSuppressed()).singleElement().isInstanceOfSatisfying(IdempotencyClaimLostException.class,
                e -> assertThat(e.getMessage()).contains("The body failed", "was not deleted", "COMPLETED record of claim"));
        assertThat(memory.records().values()).singleElement().satisfies(r -> assertThat(r.responseData()).contains("receipt-1"));
    }

    /** A store whose claim write lands but reports the caller's own record, as a retried DynamoDB write does. */
    private static final class LostClaimResponse implements IdempotencyStore {
        final IdempotencyStore delegate;

        LostClaimResponse(IdempotencyStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public ClaimResult claim(IdempotencyRecord record, Instant now) {
            ClaimResult first = delegate.claim(record, now);
            return first.isClaimed() ? delegate.claim(record, now) : first;
        }

        @Override
        public WriteResult complete(IdempotencyRecord record) {
            return delegate.complete(record);
        }

        @Override
        public WriteResult delete(String key, String claimToken) {
            return delegate.delete(key, claimToken);
        }

        @Override
        public Optional<IdempotencyRecord> get(String key) {
            return delegate.get(key);
        }
    }

    @Test
    void claim_storeReturnsTheCallersOwnRecord_runsTheBodyOnce() {
        Idempotency idempotency = idempotency(new LostClaimResponse(memory));

        String result = charge(idempotency, FakeContext.create(clock), "o-1");

        assertThat(result).isEqualTo("receipt-1");
        assertThat(runs).hasValue(1);
        assertThat(memory.records().values()).singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(IdempotencyRecord.Status.COMPLETED));
    }
}
