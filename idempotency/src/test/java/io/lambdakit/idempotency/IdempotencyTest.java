package io.lambdakit.idempotency;

import com.fasterxml.jackson.core.type.TypeReference;
import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.Installation;
import io.lambdakit.core.InvocationScope;
import io.lambdakit.core.Lifecycle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The engine's behaviour through the plain API, over the in-memory store and an injected clock. */
class IdempotencyTest {

    record Order(String orderId, int amount, String customer) {
    }

    record Receipt(String orderId, int charged, String chargeId) {
    }

    private final MutableClock clock = MutableClock.at("2026-11-22T10:00:00Z");
    private final InMemoryIdempotencyStore memory = InMemoryIdempotencyStore.create();
    private final RecordingStore store = new RecordingStore(memory);
    private final Lifecycle lifecycle = Lifecycle.create();
    private final AtomicInteger runs = new AtomicInteger();
    private FakeContext context;

    @BeforeEach
    void setUp() {
        context = FakeContext.create(clock);
    }

    private ExecutionEnvironment environment(Map<String, String> variables) {
        return ExecutionEnvironment.builder().environment(Environment.of(variables)).clock(clock).lifecycle(lifecycle).build();
    }

    private Idempotency.Builder builder() {
        return builder(Map.of("AWS_LAMBDA_FUNCTION_NAME", "orders"));
    }

    private Idempotency.Builder builder(Map<String, String> variables) {
        return Idempotency.builder().store(store).executionEnvironment(environment(variables));
    }

    private Receipt charge(Idempotency idempotency, Order order) {
        return idempotency.execute("charge", order, context, Receipt.class, () -> {
            int n = runs.incrementAndGet();
            return new Receipt(order.orderId(), order.amount(), "ch_" + n);
        });
    }

    @Test
    void firstCall_runsBodyAndStoresCompletedRecord() {
        Idempotency idempotency = builder().eventKeyJmesPath("orderId").build();

        Receipt receipt = charge(idempotency, new Order("o-1", 42, "c-1"));

        assertThat(receipt).isEqualTo(new Receipt("o-1", 42, "ch_1"));
        assertThat(memory.records()).hasSize(1);
        IdempotencyRecord stored = memory.records().values().iterator().next();
        assertThat(stored.status()).isEqualTo(IdempotencyRecord.Status.COMPLETED);
        assertThat(stored.key()).startsWith("orders.charge#").hasSize("orders.charge#".length() + 64);
        assertThat(stored.responseData()).contains("{\"orderId\":\"o-1\",\"charged\":42,\"chargeId\":\"ch_1\"}");
        assertThat(stored.expiration()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
        assertThat(store.calls).containsExactly("claim", "complete");
    }

    @Test
    void repeatedPayload_returnsStoredResultWithoutRunningBody() {
        Idempotency idempotency = builder().eventKeyJmesPath("orderId").build();
        Receipt first = charge(idempotency, new Order("o-1", 42, "c-1"));
        store.calls.clear();

        Receipt second = charge(idempotency, new Order("o-1", 42, "c-1"));

        assertThat(second).isEqualTo(first);
        assertThat(runs).hasValue(1);
        assertThat(store.calls).containsExactly("claim");
    }

    @Test
    void differentKeys_runIndependently() {
        Idempotency idempotency = builder().eventKeyJmesPath("orderId").build();

        Receipt a = charge(idempotency, new Order("o-1", 1, "c"));
        Receipt b = charge(idempotency, new Order("o-2", 1, "c"));

        assertThat(a.chargeId()).isEqualTo("ch_1");
        assertThat(b.chargeId()).isEqualTo("ch_2");
        assertThat(memory.records()).hasSize(2);
    }

    @Test
    void wholePayload_isTheKeyWhenNoExpressionIsSet() {
        Idempotency idempotency = builder().build();

        charge(idempotency, new Order("o-1", 1, "c"));
        charge(idempotency, new Order("o-1", 2, "c"));
        charge(idempotency, new Order("o-1", 1, "c"));

        assertThat(runs).hasValue(2);
    }

    @Test
    void bodyThrowsChecked_deletesRecordAndPropagatesSameException() {
        Idempotency idempotency = builder().eventKeyJmesPath("orderId").build();
        IOException failure = new IOException("payment gateway down");

        Throwable thrown = catchThrowableOfType(IOException.class, () -> idempotency.execute("charge",
                new Order("o-1", 1, "c"), context, Receipt.class, () -> {
                    throw failure;
                }));

        assertThat(thrown).isSameAs(failure);
        assertThat(thrown.getSuppressed()).isEmpty();
        assertThat(memory.records()).isEmpty();
        assertThat(store.calls).containsExactly("claim", "delete");
    }

    @Test
    void retryAfterBodyFailed_runsBodyAgain() {
        Idempotency idempotency = builder().eventKeyJmesPath("orderId").build();
        Order order = new Order("o-1", 1, "c");
        assertThatThrownBy(() -> idempotency.execute("charge", order, context, Receipt.class, () -> {
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class).hasMessage("boom");

        Receipt receipt = charge(idempotency, order);

        assertThat(receipt.chargeId()).isEqualTo("ch_1");
    }

    @Test
    void secondCall_whileInProgress_throwsAlreadyInProgressCarryingKey() {
        Idempotency idempotency = builder().eventKeyJmesPath("orderId").build();
        Order order = new Order("o-1", 1, "c");
        IdempotencyAlreadyInProgressException[] nested = new IdempotencyAlreadyInProgressException[1];

        Receipt outer = idempotency.execute("charge", order, context, Receipt.class, () -> {
            nested[0] = catchThrowableOfType(IdempotencyAlreadyInProgressException.class, () -> charge(idempotency, order));
            return new Receipt("o-1", 1, "outer");
        });

        assertThat(outer.chargeId()).isEqualTo("outer");
        assertThat(nested[0]).isNotNull();
        assertThat(nested[0].key()).isEqualTo(memory.records().firstKey());
        assertThat(nested[0].getMessage()).contains("already in progress", nested[0].key(), "has until");
        assertThat(runs).hasValue(0);
    }

    @Test
    void inProgressRecord_pastInvocationDeadline_isRetaken() {
        Idempotency idempotency = builder().eventKeyJmesPath("orderId").build();
        context = context.withRemainingMillis(5_000);
        Order order = new Order("o-1", 1, "c");
        String key = claimWithoutCompleting(idempotency, order);
        assertThat(memory.get(key).orElseThrow().inProgressExpiration()).contains(clock.instant().plusMillis(5_000));

        clock.advance(Duration.ofMillis(5_001));
        context = FakeContext.create(clock);
        Receipt receipt = charge(idempotency, order);

        assertThat(receipt.chargeId()).isEqualTo("ch_1");
        assertThat(memory.get(key).orElseThrow().status()).isEqualTo(IdempotencyRecord.Status.COMPLETED);
    }

    @Test
    void inProgressRecord_atItsDeadlineMillisecond_stillBlocks() {
        Idempotency idempotency = builder().eventKeyJmesPath("orderId").build();
        context = context.withRemainingMillis(5_000);
        Order order = new Order("o-1", 1, "c");
        claimWithoutCompleting(idempotency, order);

        clock.advance(Duration.ofMillis(5_000));
        context = FakeContext.create(clock);

        assertThatThrownBy(() -> charge(idempotency, order)).isInstanceOf(IdempotencyAlreadyInProgressException.class);
        assertThat(runs).hasValue(0);
    }

    /** Leaves an INPROGRESS record behind, as an invocation that timed out does. */
    private String claimWithoutCompleting(Idempotency idempotency, Order order) {
        store.failComplete = () -> new IllegalStateException("invocation timed out");
        assertThatThrownBy(() -> idempotency.execute("charge", order, context, Receipt.class,
                () -> new Receipt("o-1", 0, "lost"))).isInstanceOf(IdempotencyPersistenceException.class);
        store.failComplete = null;
        return memory.records().firstKey();
    }

    @Test
    void completedRecord_replayedUntilExpiry_thenRetaken() {
        Idempotency idempotency = builder().eventKeyJmesPath("orderId").expiration(Duration.ofMinutes(10)).build();
        Order order = new Order("o-1", 1, "c");
        charge(idempotency, order);

        clock.advance(Duration.ofMinutes(10));
        Receipt atExpirySecond = charge(idempotency, order);
        clock.advance(Duration.ofSeconds(1));
        Receipt afterExpiry = charge(idempotency, order);

        assertThat(atExpirySecond.chargeId()).isEqualTo("ch_1");
        assertThat(afterExpiry.chargeId()).isEqualTo("ch_2");
    }

    @Test
    void payloadValidation_mismatchOnCompletedRecord_throwsValidation() {
        Idempotency idempotency = builder().eventKeyJmesPath("orderId").payloadValidationJmesPath("amount").build();
        charge(idempotency, new Order("o-1", 42, "c"));

        IdempotencyValidationException e = catchThrowableOfType(IdempotencyValidationException.class,
                () -> charge(idempotency, new Order("o-1", 43, "c")));

        assertThat(e.key()).isEqualTo(memory.records().firstKey());
        assertThat(e.getMessage()).contains("Payload does not match").doesNotContain("43");
        assertThat(runs).hasValue(1);
    }

    @Test
    void payloadValidation_matchingPayload_replays() {
        Idempotency idempotency = builder().eventKeyJmesPath("orderId").payloadValidationJmesPath("amount").build();
        charge(idempotency, new Order("o-1", 42, "c-1"));

        Receipt replay = charge(idempotency, new Order("o-1", 42, "c-2"));

        assertThat(replay.chargeId()).isEqualTo("ch_1");
        assertThat(memory.records().values().iterator().next().validationHash()).isPresent();
    }

    @Test
    void payloadValidation_mismatchWhileInProgress_throwsValidationNotInProgress() {
        Idempotency idempotency = builder().eventKeyJmesPath("orderId").payloadValidationJmesPath("amount").build();
        Throwable[] nested = new Throwable[1];

        idempotency.execute("charge", new Order("o-1", 42, "c"), context, Receipt.class, () -> {
            nested[0] = catchThrowableOfType(RuntimeException.class, () -> charge(idempotency, new Order("o-1", 43, "c")));
            return new Receipt("o-1", 42, "outer");
        });

        assertThat(nested[0]).isInstanceOf(IdempotencyValidationException.class);
    }

    @Test
    void payloadValidation_mismatchOnLocalCacheHit_throwsValidation() {
        Idempotency idempotency = builder().eventKeyJmesPath("orderId").payloadValidationJmesPath("amount")
                .useLocalCache(true).build();
        charge(idempotency, new Order("o-1", 42, "c"));
        store.calls.clear();

        assertThatThrownBy(() -> charge(idempotency, new Order("o-1", 43, "c")))
                .isInstanceOf(IdempotencyValidationException.class);
        assertThat(store.calls).isEmpty();
    }

    @Test
    void payloadValidation_storedRecordWithoutHash_throwsValidation() {
        charge(builder().eventKeyJmesPath("orderId").build(), new Order("o-1", 42, "c"));
        Idempotency validating = builder().eventKeyJmesPath("orderId").payloadValidationJmesPath("amount").build();

        assertThatThrownBy(() -> charge(validating, new Order("o-1", 42, "c")))
                .isInstanceOf(IdempotencyValidationException.class)
                .hasMessageContaining("no validation hash");
    }

    @Test
    void missingKey_byDefault_runsBodyWithoutRecord() {
        Idempotency idempotency = builder().eventKeyJmesPath("orderId").build();

        charge(idempotency, new Order(null, 1, "c"));
        charge(idempotency, new Order(null, 1, "c"));

        assertThat(runs).hasValue(2);
        assertThat(store.calls).isEmpty();
    }

    @Test
    void missingKey_withThrowOnNoKey_throwsKeyExceptionAndSkipsBody() {
        Idempotency idempotency = builder().eventKeyJmesPath("[orderId, customer]").throwOnNoIdempotencyKey(true).build();

        assertThatThrownBy(() -> charge(idempotency, new Order(null, 1, null)))
                .isInstanceOf(IdempotencyKeyException.class)
                .hasMessageContaining("eventKeyJmesPath '[orderId, customer]'");
        assertThat(runs).hasValue(0);
        assertThat(store.calls).isEmpty();
    }

    @Test
    void tenantIds_sameEvent_neverShareAResponse() {
        Idempotency idempotency = builder().eventKeyJmesPath("orderId").build();
        Order order = new Order("o-1", 1, "c");

        context = context.withTenant("tenant-a");
        Receipt a = charge(idempotency, order);
        context = context.withTenant("tenant-b");
        Receipt b = charge(idempotency, order);
        context = context.withTenant("tenant-a");
        Receipt aAgain = charge(idempotency, order);

        assertThat(a.chargeId()).isEqualTo("ch_1");
        assertThat(b.chargeId()).isEqualTo("ch_2");
        assertThat(aAgain.chargeId()).isEqualTo("ch_1");
        assertThat(memory.records().keySet()).allSatisfy(k -> assertThat(k).matches("orders\\.charge#tenant:tenant-[ab]#[0-9a-f]{64}"));
    }

    @Test
    void tenantId_withSeparators_isEncodedSoItCannotForgeAnotherKey() {
        Idempotency idempotency = builder().eventKeyJmesPath("orderId").build();
        context = context.withTenant("a#b%c");

        charge(idempotency, new Order("o-1", 1, "c"));

        assertThat(memory.records().firstKey()).startsWith("orders.charge#tenant:a%23b%25c#");
    }

    @Test
    void keyPrefix_replacesFunctionAndOperation() {
        Idempotency idempotency = builder().eventKeyJmesPath("orderId").keyPrefix("payments").build();

        charge(idempotency, new Order("o-1", 1, "c"));

        assertThat(memory.records().firstKey()).matches("payments#[0-9a-f]{64}");
    }

    @Test
    void functionName_fromContextWhenEnvironmentHasNone_elseTestFunction() {
        Idempotency idempotency = builder(Map.of()).eventKeyJmesPath("orderId").build();

        context = context.withFunctionName("from-context");
        charge(idempotency, new Order("o-1", 1, "c"));
        context = context.withFunctionName(null);
        charge(idempotency, new Order("o-1", 1, "c"));

        assertThat(memory.records().keySet()).hasSize(2)
                .anySatisfy(k -> assertThat(k).startsWith("from-context.charge#"))
                .anySatisfy(k -> assertThat(k).startsWith("testFunction.charge#"));
    }

    @Test
    void md5_producesPowertoolsCompatibleKey() {
        Idempotency idempotency = builder().eventKeyJmesPath("orderId").hashAlgorithm(HashAlgorithm.MD5).build();

        idempotency.execute("charge", Map.of("orderId", "abc"), context, String.class, () -> "ok");

        // md5("abc"): Powertools hashes a selected string by its value
        assertThat(memory.records().firstKey()).isEqualTo("orders.charge#900150983cd24fb0d6963f7d28e17f72");
    }

    @Test
    void genericResultType_roundTripsThroughStoredRecord() {
        Idempotency idempotency = builder().eventKeyJmesPath("orderId").build();
        TypeReference<List<Receipt>> type = new TypeReference<>() {
        };
        Order order = new Order("o-1", 1, "c");

        List<Receipt> first = idempotency.execute("split", order, context, type,
                () -> List.of(new Receipt("o-1", 1, "a"), new Receipt("o-1", 2, "b")));
        List<Receipt> replay = idempotency.execute("split", order, context, type, () -> {
            throw new AssertionError("must not run");
        });

        assertThat(replay).isEqualTo(first).first().isInstanceOf(Receipt.class);
    }

    @Test
    void stringResult_isStoredRawAndReplayedAsIs() {
        Idempotency idempotency = builder().eventKeyJmesPath("orderId").build();
        Order order = new Order("o-1", 1, "c");

        idempotency.execute("label", order, context, String.class, () -> "{not json \"at all\"");
        String replay = idempotency.execute("label", order, context, String.class, () -> "second");

        assertThat(memory.records().values().iterator().next().responseData()).contains("{not json \"at all\"");
        assertThat(replay).isEqualTo("{not json \"at all\"");
    }

    @Test
    void nullResult_isStoredAsJsonNullAndReplayedAsNull() {
        Idempotency idempotency = builder().eventKeyJmesPath("orderId").build();
        Order order = new Order("o-1", 1, "c");

        idempotency.execute("notify", order, context, Void.class, () -> {
            runs.incrementAndGet();
            return null;
        });
        Void replay = idempotency.execute("notify", order, context, Void.class, () -> {
            runs.incrementAndGet();
            return null;
        });

        assertThat(replay).isNull();
        assertThat(runs).hasValue(1);
        // what Powertools stores for a null result, so Powertools can replay lambdakit's record
        assertThat(memory.records().values().iterator().next().responseData()).contains("null");
    }

    @Test
    void responseHook_appliesOnlyToReplays() {
        Idempotency idempotency = builder().eventKeyJmesPath("orderId")
                .responseHook((response, record) -> new Receipt(((Receipt) response).orderId(), ((Receipt) response).charged(),
                        "replayed:" + record.status()))
                .build();
        Order order = new Order("o-1", 1, "c");

        Receipt first = charge(idempotency, order);
        Receipt replay = charge(idempotency, order);

        assertThat(first.chargeId()).isEqualTo("ch_1");
        assertThat(replay.chargeId()).isEqualTo("replayed:COMPLETED");
    }

    @Test
    void current_nothingInstalled_throwsSayingHowToInstall() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, Idempotency::current);

        assertThat(e.component()).isEqualTo("lambdakit-idempotency");
        assertThat(e.getMessage()).contains("no Idempotency is installed", "Idempotency.install(Idempotency.builder().store(");
    }

    @Test
    void install_thenClose_restoresThePreviousInstance() {
        Idempotency outer = builder().build();
        Idempotency inner = builder().eventKeyJmesPath("orderId").build();

        Installation outerInstallation = Idempotency.install(outer);
        Installation innerInstallation = Idempotency.install(inner);
        Idempotency whileInner = Idempotency.current();
        innerInstallation.close();
        Idempotency afterInner = Idempotency.current();
        outerInstallation.close();

        assertThat(whileInner).isSameAs(inner);
        assertThat(afterInner).isSameAs(outer);
        assertThatThrownBy(Idempotency::current).isInstanceOf(ConfigurationException.class);
    }

    @Test
    void withJmesPathDerivations_keepSettings_andReturnThisWhenUnchanged() {
        Idempotency base = builder().eventKeyJmesPath("orderId").payloadValidationJmesPath("amount").useLocalCache(true).build();

        Idempotency derived = base.withEventKeyJmesPath("customer");

        assertThat(base.withEventKeyJmesPath("orderId")).isSameAs(base);
        assertThat(base.withPayloadValidationJmesPath(" amount ")).isSameAs(base);
        assertThat(derived.config().eventKeyJmesPath()).contains("customer");
        assertThat(derived.config().payloadValidationJmesPath()).contains("amount");
        assertThat(derived.config().useLocalCache()).isTrue();
    }

    @Test
    void disabledByEnvironment_runsBodyEveryTimeAndNeverTouchesStore() {
        Idempotency idempotency = builder(Map.of("POWERTOOLS_IDEMPOTENCY_DISABLED", "true")).eventKeyJmesPath("orderId").build();

        charge(idempotency, new Order("o-1", 1, "c"));
        charge(idempotency, new Order("o-1", 1, "c"));

        assertThat(runs).hasValue(2);
        assertThat(store.calls).isEmpty();
        assertThat(idempotency.config().enabled()).isFalse();
    }

    @Test
    void disabledByEnvironment_needsNoStoreAndNoContext() {
        Idempotency idempotency = Idempotency.builder()
                .executionEnvironment(environment(Map.of("POWERTOOLS_IDEMPOTENCY_DISABLED", "TRUE"))).build();

        String result = idempotency.execute("op", "payload", String.class, () -> "ran");

        assertThat(result).isEqualTo("ran");
    }

    @Test
    void builderEnabledTrue_overridesEnvironment() {
        Idempotency idempotency = builder(Map.of("POWERTOOLS_IDEMPOTENCY_DISABLED", "true")).enabled(true)
                .eventKeyJmesPath("orderId").build();

        charge(idempotency, new Order("o-1", 1, "c"));
        charge(idempotency, new Order("o-1", 1, "c"));

        assertThat(runs).hasValue(1);
    }

    @Test
    void build_withSeveralProblems_reportsAllInOneException() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> Idempotency.builder()
                .executionEnvironment(environment(Map.of("POWERTOOLS_IDEMPOTENCY_DISABLED", "yes")))
                .expiration(Duration.ZERO)
                .localCacheMaxItems(0)
                .keyPrefix("a#b")
                .eventKeyJmesPath("orders[")
                .payloadValidationJmesPath("amount")
                .maxWaitForInProgress(Duration.ofSeconds(-1))
                .build());

        assertThat(e.component()).isEqualTo("lambdakit-idempotency");
        assertThat(e.problems()).hasSize(7);
        assertThat(e.getMessage()).contains("POWERTOOLS_IDEMPOTENCY_DISABLED was 'yes'", "no store was given",
                "expiration was PT0S", "localCacheMaxItems was 0", "keyPrefix was 'a#b'", "eventKeyJmesPath was 'orders['",
                "maxWaitForInProgress was PT-1S");
    }

    @Test
    void noContextAnywhere_throwsConfigurationExceptionAndSkipsBody() {
        Idempotency idempotency = builder().eventKeyJmesPath("orderId").build();

        assertThatThrownBy(() -> idempotency.execute("charge", new Order("o-1", 1, "c"), Receipt.class, () -> {
            runs.incrementAndGet();
            return null;
        })).isInstanceOf(ConfigurationException.class).hasMessageContaining("outside a Lambda invocation");
        assertThat(runs).hasValue(0);
    }

    @Test
    void noContextArgument_usesCurrentInvocation() {
        ExecutionEnvironment ee = environment(Map.of("AWS_LAMBDA_FUNCTION_NAME", "orders"));
        Idempotency idempotency = Idempotency.builder().store(store).executionEnvironment(ee).eventKeyJmesPath("orderId").build();

        String result;
        try (InvocationScope scope = ee.enter(context.withTenant("t-1"))) {
            assertThat(scope.context().tenantId()).contains("t-1");
            result = idempotency.execute("charge", new Order("o-1", 1, "c"), String.class, () -> "ok");
        }

        assertThat(result).isEqualTo("ok");
        assertThat(memory.records().firstKey()).startsWith("orders.charge#tenant:t-1#");
    }

    @Test
    void operationName_withSeparator_isRejected() {
        Idempotency idempotency = builder().build();

        assertThatThrownBy(() -> idempotency.execute("a#b", "x", context, String.class, () -> "y"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without '#'");
    }

    @Test
    void localCacheHit_costsNoStoreCall() {
        Idempotency idempotency = builder().eventKeyJmesPath("orderId").useLocalCache(true).build();
        charge(idempotency, new Order("o-1", 1, "c"));
        store.calls.clear();

        Receipt replay = charge(idempotency, new Order("o-1", 1, "c"));

        assertThat(replay.chargeId()).isEqualTo("ch_1");
        assertThat(store.calls).isEmpty();
    }

    @Test
    void localCache_expiredEntry_fallsBackToStore() {
        Idempotency idempotency = builder().eventKeyJmesPath("orderId").useLocalCache(true).expiration(Duration.ofSeconds(5)).build();
        charge(idempotency, new Order("o-1", 1, "c"));
        store.calls.clear();

        clock.advance(Duration.ofSeconds(6));
        Receipt receipt = charge(idempotency, new Order("o-1", 1, "c"));

        assertThat(receipt.chargeId()).isEqualTo("ch_2");
        assertThat(store.calls).containsExactly("claim", "complete");
    }

    @Test
    void localCache_isClearedAfterSnapStartRestore() {
        Idempotency idempotency = builder().eventKeyJmesPath("orderId").useLocalCache(true).build();
        charge(idempotency, new Order("o-1", 1, "c"));
        store.calls.clear();

        lifecycle.afterRestore();
        charge(idempotency, new Order("o-1", 1, "c"));

        assertThat(store.calls).containsExactly("claim");
    }

    @Test
    void storedResponseOfAnotherType_throwsPersistenceNamingTheType() {
        Idempotency idempotency = builder().eventKeyJmesPath("orderId").build();
        Order order = new Order("o-1", 1, "c");
        idempotency.execute("charge", order, context, String.class, () -> "not a receipt");

        IdempotencyPersistenceException e = catchThrowableOfType(IdempotencyPersistenceException.class,
                () -> charge(idempotency, order));

        assertThat(e.operation()).isEqualTo(IdempotencyPersistenceException.Operation.DESERIALIZE_RESPONSE);
        assertThat(e.bodyExecuted()).isFalse();
        assertThat(e.getMessage()).contains(Receipt.class.getName()).doesNotContain("not a receipt");
        assertThat(runs).hasValue(0);
    }

    static final class Unserialisable {
        public Object getSelf() {
            return this;
        }
    }

    @Test
    void nonSerialisableResult_throwsPersistenceAndLeavesRecordInProgressUntilDeadline() {
        Idempotency idempotency = builder().eventKeyJmesPath("orderId").build();

        IdempotencyPersistenceException e = catchThrowableOfType(IdempotencyPersistenceException.class,
                () -> idempotency.execute("op", new Order("o-1", 1, "c"), context, Unserialisable.class, Unserialisable::new));

        assertThat(e.operation()).isEqualTo(IdempotencyPersistenceException.Operation.SERIALIZE_RESPONSE);
        assertThat(e.bodyExecuted()).isTrue();
        assertThat(e.getMessage()).contains(Unserialisable.class.getName(), "in_progress_expiration");
        IdempotencyRecord left = memory.records().values().iterator().next();
        assertThat(left.status()).isEqualTo(IdempotencyRecord.Status.INPROGRESS);
        assertThat(left.inProgressExpiration()).contains(context.deadline());
    }

    @Test
    void claimFailure_throwsPersistenceAndSkipsBody() {
        Idempotency idempotency = builder().eventKeyJmesPath("orderId").build();
        store.failClaim = () -> new IllegalStateException("connection reset");

        IdempotencyPersistenceException e = catchThrowableOfType(IdempotencyPersistenceException.class,
                () -> charge(idempotency, new Order("o-1", 1, "c")));

        assertThat(e.operation()).isEqualTo(IdempotencyPersistenceException.Operation.CLAIM);
        assertThat(e.bodyExecuted()).isFalse();
        assertThat(e.getMessage()).contains("connection reset", "did not run");
        assertThat(runs).hasValue(0);
    }

    @Test
    void completeFailure_saysRecordExpiresAtDeadline() {
        Idempotency idempotency = builder().eventKeyJmesPath("orderId").build();
        store.failComplete = () -> new IllegalStateException("throttled");

        IdempotencyPersistenceException e = catchThrowableOfType(IdempotencyPersistenceException.class,
                () -> charge(idempotency, new Order("o-1", 1, "c")));

        assertThat(e.operation()).isEqualTo(IdempotencyPersistenceException.Operation.COMPLETE);
        assertThat(e.bodyExecuted()).isTrue();
        assertThat(e.getMessage()).contains("in_progress_expiration " + context.deadline(), "retry runs the body again");
        assertThat(runs).hasValue(1);
    }

    @Test
    void deleteFailure_afterBodyFailed_keepsUserExceptionWithSuppressedPersistence() {
        Idempotency idempotency = builder().eventKeyJmesPath("orderId").build();
        store.failDelete = () -> new IllegalStateException("network down");
        IllegalArgumentException failure = new IllegalArgumentException("bad card");

        Throwable thrown = catchThrowableOfType(IllegalArgumentException.class, () -> idempotency.execute("charge",
                new Order("o-1", 1, "c"), context, Receipt.class, () -> {
                    throw failure;
                }));

        assertThat(thrown).isSameAs(failure);
        assertThat(thrown.getSuppressed()).singleElement().isInstanceOfSatisfying(IdempotencyPersistenceException.class,
                p -> assertThat(p.operation()).isEqualTo(IdempotencyPersistenceException.Operation.DELETE));
    }

    @Test
    void withEventKeyJmesPath_sharesStoreButDerivesOtherKeys() {
        Idempotency base = builder().eventKeyJmesPath("orderId").build();
        Idempotency byCustomer = base.withEventKeyJmesPath("customer");

        charge(base, new Order("o-1", 1, "c-1"));
        charge(byCustomer, new Order("o-2", 1, "c-1"));
        charge(byCustomer, new Order("o-3", 1, "c-1"));

        assertThat(runs).hasValue(2);
        assertThat(byCustomer.config().eventKeyJmesPath()).contains("customer");
        assertThatThrownBy(() -> base.withPayloadValidationJmesPath("a[")).isInstanceOf(ConfigurationException.class);
    }

    @Test
    void record_expiryInstants_followTheClockAndTheDeadline() {
        Idempotency idempotency = builder().eventKeyJmesPath("orderId").expiration(Duration.ofMinutes(2)).build();
        Instant start = clock.instant();
        context = context.withRemainingMillis(1_234);
        IdempotencyRecord[] during = new IdempotencyRecord[1];

        idempotency.execute("charge", new Order("o-1", 1, "c"), context, String.class, () -> {
            during[0] = memory.records().values().iterator().next();
            clock.advance(Duration.ofSeconds(1));
            return "ok";
        });

        assertThat(during[0].status()).isEqualTo(IdempotencyRecord.Status.INPROGRESS);
        assertThat(during[0].inProgressExpiration()).contains(start.plusMillis(1_234));
        assertThat(during[0].expiration()).isEqualTo(start.plus(Duration.ofMinutes(2)));
        IdempotencyRecord done = memory.records().values().iterator().next();
        assertThat(done.expiration()).isEqualTo(start.plusSeconds(1).plus(Duration.ofMinutes(2)));
        // kept from the claim, as Powertools' completion (an UpdateItem) keeps it
        assertThat(done.inProgressExpiration()).contains(start.plusMillis(1_234));
    }
}
