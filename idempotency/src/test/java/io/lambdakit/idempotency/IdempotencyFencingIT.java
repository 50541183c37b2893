package io.lambdakit.idempotency;

import io.lambdakit.testing.DynamoDbLocal;
import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fencing against DynamoDB Local, with two environments (two {@link Idempotency} instances with
 * their own clients) on one table and one injected clock: a body that outlives its claim (its
 * invocation's deadline passed and another environment took the key over) must neither delete nor
 * overwrite the new claim, and a claimant whose claim write landed but whose response was lost
 * (the SDK retried, the retry's condition failed and returned the claimant's own record) must
 * recognise its own claim and run.
 */
@ExtendWith(DynamoDbLocal.Extension.class)
class IdempotencyFencingIT {

    private static final Environment ENV = Environment.of(Map.of("AWS_LAMBDA_FUNCTION_NAME", "orders"));
    private static final Map<String, Object> ORDER = Map.of("orderId", "o-1");
    private static final long DEADLINE_MILLIS = 30_000;

    private final MutableClock clock = new MutableClock(DynamoDbLocal.CLOCK_START);
    private final ExecutorService stale = Executors.newSingleThreadExecutor();
    private final CountDownLatch staleStarted = new CountDownLatch(1);
    private final CountDownLatch staleResume = new CountDownLatch(1);
    private final AtomicInteger runs = new AtomicInteger();
    private DynamoDbLocal ddb;
    private String table;
    private String key;

    @BeforeEach
    void setUp(DynamoDbLocal ddb) {
        this.ddb = ddb;
        this.table = ddb.createTable();
    }

    @AfterEach
    void tearDown() {
        stale.shutdownNow();
    }

    private Idempotency environment(DynamoDbClient client) {
        DynamoDbIdempotencyStore store = DynamoDbIdempotencyStore.builder().tableName(table).client(client).environment(ENV).build();
        return Idempotency.builder().store(store).eventKeyJmesPath("orderId")
                .executionEnvironment(ExecutionEnvironment.builder().environment(ENV).clock(clock).build()).build();
    }

    private FakeContext context() {
        return FakeContext.create(clock).withRemainingMillis(DEADLINE_MILLIS);
    }

    /** @return the key both environments derive from ORDER: the one item's key, read once it was written */
    private String key() {
        if (key == null) {
            key = ddb.admin().scan(b -> b.tableName(table).consistentRead(true)).items().get(0).get("id").s();
        }
        return key;
    }

    private Map<String, AttributeValue> item() {
        return ddb.admin().getItem(b -> b.tableName(table).key(Map.of("id", AttributeValue.fromS(key()))).consistentRead(true)).item();
    }

    /** Starts a call in environment A whose body waits until {@link #staleResume}, then returns or throws. */
    private Future<String> staleCall(Idempotency a, boolean bodyFails) throws InterruptedException {
        Future<String> call = stale.submit(() -> a.execute("charge", ORDER, context(), String.class, () -> {
            runs.incrementAndGet();
            staleStarted.countDown();
            staleResume.await();
            if (bodyFails) {
                throw new IllegalStateException("stale body failed");
            }
            return "receipt-of-A";
        }));
        assertThat(staleStarted.await(30, TimeUnit.SECONDS)).as("A's body started").isTrue();
        key();
        clock.advance(Duration.ofMillis(DEADLINE_MILLIS + 1)); // A's invocation deadline has passed
        return call;
    }

    private static Throwable outcome(Future<String> call) throws InterruptedException {
        try {
            call.get(30, TimeUnit.SECONDS);
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("A's call did not finish", e);
        }
    }

    @Test
    void staleBodyFails_afterTakeover_doesNotDeleteTheNewClaim() throws Exception {
        Idempotency a = environment(ddb.client());
        Idempotency b = environment(ddb.client());
        Future<String> aCall = staleCall(a, true);
        AtomicReference<Map<String, AttributeValue>> duringB = new AtomicReference<>();
        Throwable[] aOutcome = new Throwable[1];
        FakeContext bContext = context();

        String bResult = b.execute("charge", ORDER, bContext, String.class, () -> {
            runs.incrementAndGet();
            staleResume.countDown();
            aOutcome[0] = outcome(aCall);
            duringB.set(item());
            return "receipt-of-B";
        });

        assertThat(duringB.get()).as("B's claim after A's failed body cleaned up")
                .containsEntry("status", AttributeValue.fromS("INPROGRESS"));
        assertThat(duringB.get().get("claim_token").s()).startsWith(bContext.requestId() + ":");
        assertThat(aOutcome[0]).as("A's body's own exception, unchanged").isInstanceOf(IllegalStateException.class)
                .hasMessage("stale body failed");
        assertThat(aOutcome[0].getSuppressed()).singleElement().isInstanceOfSatisfying(IdempotencyClaimLostException.class, e -> {
            assertThat(e.key()).isEqualTo(key());
            assertThat(e.heldBy()).hasValueSatisfying(t -> assertThat(t).startsWith(bContext.requestId() + ":"));
            assertThat(e.getMessage()).contains("The body failed", "was not deleted", "left as it is");
            assertThat(CapturedLogs.warnings(e.claimToken())).as("logged once, at WARN, with the key").singleElement()
                    .satisfies(l -> assertThat(l.message()).contains(key()));
        });
        assertThat(bResult).isEqualTo("receipt-of-B");
        assertThat(item()).containsEntry("status", AttributeValue.fromS("COMPLETED"))
                .containsEntry("data", AttributeValue.fromS("receipt-of-B"));
    }

    @Test
    void staleBodySucceeds_afterTakeover_doesNotOverwriteTheNewClaim() throws Exception {
        Idempotency a = environment(ddb.client());
        Idempotency b = environment(ddb.client());
        Future<String> aCall = staleCall(a, false);
        AtomicReference<Map<String, AttributeValue>> duringB = new AtomicReference<>();
        Throwable[] aOutcome = new Throwable[1];
        FakeContext bContext = context();

        b.execute("charge", ORDER, bContext, String.class, () -> {
            runs.incrementAndGet();
            staleResume.countDown();
            aOutcome[0] = outcome(aCall);
            duringB.set(item());
            return "receipt-of-B";
        });

        assertThat(duringB.get()).as("B's claim after A's late completion")
                .containsEntry("status", AttributeValue.fromS("INPROGRESS")).doesNotContainKey("data");
        assertThat(aOutcome[0]).isInstanceOfSatisfying(IdempotencyClaimLostException.class, e -> {
            assertThat(e.key()).isEqualTo(key());
            assertThat(e.bodyExecuted()).isTrue();
            assertThat(e.claimToken()).isNotEqualTo(e.heldBy().orElseThrow());
            assertThat(e.heldBy()).hasValueSatisfying(t -> assertThat(t).startsWith(bContext.requestId() + ":"));
            assertThat(e.getMessage()).contains("The body ran", "was not stored", "INPROGRESS record of claim");
        });
        String aToken = ((IdempotencyClaimLostException) aOutcome[0]).claimToken();
        assertThat(CapturedLogs.warnings(aToken)).as("logged once, at WARN, with the key").singleElement()
                .satisfies(l -> assertThat(l.message()).isEqualTo(aOutcome[0].getMessage()).contains(key())
                        .doesNotContain("receipt-of-A"));
        assertThat(item()).containsEntry("data", AttributeValue.fromS("receipt-of-B"));
    }

    @Test
    void staleBodySucceeds_afterTheNewOwnerCompleted_doesNotOverwriteItsResult() throws Exception {
        Idempotency a = environment(ddb.client());
        Idempotency b = environment(ddb.client());
        Future<String> aCall = staleCall(a, false);
        String bResult = b.execute("charge", ORDER, context(), String.class, () -> {
            runs.incrementAndGet();
            return "receipt-of-B";
        });

        staleResume.countDown();
        Throwable aOutcome = outcome(aCall);

        assertThat(aOutcome).isInstanceOf(IdempotencyClaimLostException.class).hasMessageContaining("COMPLETED record of claim");
        assertThat(item()).containsEntry("status", AttributeValue.fromS("COMPLETED"))
                .containsEntry("data", AttributeValue.fromS(bResult));
        assertThat(b.execute("charge", ORDER, context(), String.class, () -> "must not run")).isEqualTo("receipt-of-B");
    }

    @Test
    void powertoolsTookOverAnExpiredClaim_lambdakitsLateCompletionLeavesItsRecord() throws Exception {
        Idempotency a = environment(ddb.client());
        Future<String> aCall = staleCall(a, false);
        // Powertools' saveInProgress, verbatim: a conditional PutItem of an item without a claim token.
        long now = clock.millis();
        Map<String, AttributeValue> powertools = Map.of("id", AttributeValue.fromS(key()),
                "status", AttributeValue.fromS("INPROGRESS"),
                "expiration", AttributeValue.fromN(Long.toString(now / 1000 + 3600)),
                "in_progress_expiration", AttributeValue.fromN(Long.toString(now + DEADLINE_MILLIS)));
        ddb.admin().putItem(PutItemRequest.builder().tableName(table).item(powertools)
                .conditionExpression("attribute_not_exists(#id) OR #expiry < :now OR (attribute_exists(#in_progress_expiry)"
                        + " AND #in_progress_expiry < :now_in_millis AND #status = :inprogress)")
                .expressionAttributeNames(Map.of("#id", "id", "#expiry", "expiration",
                        "#in_progress_expiry", "in_progress_expiration", "#status", "status"))
                .expressionAttributeValues(Map.of(":now", AttributeValue.fromN(Long.toString(now / 1000)),
                        ":now_in_millis", AttributeValue.fromN(Long.toString(now)),
                        ":inprogress", AttributeValue.fromS("INPROGRESS")))
                .build());

        staleResume.countDown();
        Throwable aOutcome = outcome(aCall);

        assertThat(aOutcome).isInstanceOfSatisfying(IdempotencyClaimLostException.class, e -> {
            assertThat(e.heldBy()).isEmpty();
            assertThat(e.getMessage()).contains("without a claim token (written by Powertools or another writer)");
        });
        assertThat(item()).as("Powertools' claim, untouched").isEqualTo(powertools);
    }

    @Test
    void claimResponseLost_sdkRetries_claimantRecognisesItsOwnClaimAndRuns() {
        LostClaimResponses drop = new LostClaimResponses(1, new AtomicInteger());
        Idempotency a = environment(ddb.client(drop));

        String result = a.execute("charge", ORDER, context(), String.class, () -> {
            runs.incrementAndGet();
            return "receipt-of-A";
        });

        assertThat(drop.dropped).as("the first claim response was dropped").hasValue(1);
        assertThat(drop.claimAttempts).as("the SDK retried the claim write").hasValue(2);
        assertThat(result).isEqualTo("receipt-of-A");
        assertThat(runs).hasValue(1);
        assertThat(item()).containsEntry("status", AttributeValue.fromS("COMPLETED"))
                .containsEntry("data", AttributeValue.fromS("receipt-of-A"));
    }
}
