package io.lambdakit.idempotency;

import com.amazonaws.services.lambda.runtime.Context;
import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.Installation;
import io.lambdakit.core.InvocationScope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@link Idempotent} methods of classes in this test source set are woven by ajc exactly as users'
 * are; these tests run them and compare them with the plain API (parity).
 */
class IdempotentAspectTest {

    record Order(String orderId, int amount, String customer) {
    }

    record Receipt(String orderId, int charged, String chargeId) {
    }

    /** A handler as users write it. */
    static final class OrderHandler {
        final AtomicInteger runs = new AtomicInteger();

        @Idempotent
        public Receipt handleRequest(Order order, Context context) {
            return new Receipt(order.orderId(), order.amount(), "ch_" + runs.incrementAndGet());
        }

        @Idempotent(name = "byCustomer", eventKeyJmesPath = "customer", payloadValidationJmesPath = "amount")
        public Receipt byCustomer(Order order, Context context) {
            return new Receipt(order.orderId(), order.amount(), "ch_" + runs.incrementAndGet());
        }

        @Idempotent
        public List<Receipt> split(String note, @IdempotencyKey Order order, Context context) {
            runs.incrementAndGet();
            return List.of(new Receipt(order.orderId(), 1, note), new Receipt(order.orderId(), 2, note));
        }

        @Idempotent
        public void notifyCustomer(Order order) {
            runs.incrementAndGet();
        }

        @Idempotent(eventKeyJmesPath = "orders[", payloadValidationJmesPath = "amount[")
        public Receipt badExpressions(Order order, Context context) {
            runs.incrementAndGet();
            return null;
        }

        @Idempotent(name = "charge#v2")
        public Receipt badName(Order order, Context context) {
            runs.incrementAndGet();
            return null;
        }

        @Idempotent
        public Receipt ambiguous(Order a, Order b) {
            return null;
        }

        @Idempotent
        public Receipt failing(Order order, Context context) throws IOException {
            runs.incrementAndGet();
            throw new IOException("gateway down");
        }
    }

    private final MutableClock clock = MutableClock.at("2026-11-22T10:00:00Z");
    private final ExecutionEnvironment environment = ExecutionEnvironment.builder()
            .environment(Environment.of(Map.of("AWS_LAMBDA_FUNCTION_NAME", "orders"))).clock(clock).build();

    private Installation installation;

    @AfterEach
    void uninstall() {
        if (installation != null) {
            installation.close();
        }
    }

    private InMemoryIdempotencyStore install(Function<Idempotency.Builder, Idempotency.Builder> config) {
        InMemoryIdempotencyStore store = InMemoryIdempotencyStore.create();
        installation = Idempotency.install(config.apply(Idempotency.builder().store(store).executionEnvironment(environment)).build());
        return store;
    }

    @Test
    void annotatedHandler_repeat_returnsStoredResultWithoutRunning() {
        InMemoryIdempotencyStore store = install(b -> b.eventKeyJmesPath("orderId"));
        OrderHandler handler = new OrderHandler();

        Receipt first = handler.handleRequest(new Order("o-1", 5, "c"), FakeContext.create(clock));
        Receipt second = handler.handleRequest(new Order("o-1", 5, "c"), FakeContext.create(clock));

        assertThat(second).isEqualTo(first);
        assertThat(handler.runs).hasValue(1);
        assertThat(store.records().firstKey()).startsWith("orders.handleRequest#");
    }

    @Test
    void annotationAttributes_overrideNameKeyAndValidation() {
        InMemoryIdempotencyStore store = install(b -> b.eventKeyJmesPath("orderId"));
        OrderHandler handler = new OrderHandler();

        handler.byCustomer(new Order("o-1", 5, "c-1"), FakeContext.create(clock));
        Receipt sameCustomer = handler.byCustomer(new Order("o-2", 5, "c-1"), FakeContext.create(clock));
        Throwable otherAmount = catchThrowable(() -> handler.byCustomer(new Order("o-3", 6, "c-1"), FakeContext.create(clock)));

        assertThat(sameCustomer.orderId()).isEqualTo("o-1");
        assertThat(otherAmount).isInstanceOf(IdempotencyValidationException.class);
        assertThat(store.records().firstKey()).startsWith("orders.byCustomer#");
    }

    @Test
    void idempotencyKeyParameter_andGenericReturnType_roundTrip() {
        install(b -> b.eventKeyJmesPath("orderId"));
        OrderHandler handler = new OrderHandler();

        List<Receipt> first = handler.split("first", new Order("o-1", 5, "c"), FakeContext.create(clock));
        List<Receipt> replay = handler.split("second", new Order("o-1", 5, "c"), FakeContext.create(clock));

        assertThat(replay).isEqualTo(first).allSatisfy(r -> assertThat(r).isInstanceOf(Receipt.class));
        assertThat(handler.runs).hasValue(1);
    }

    @Test
    void voidMethodWithoutContextParameter_usesCurrentInvocation() {
        InMemoryIdempotencyStore store = install(b -> b.eventKeyJmesPath("orderId"));
        OrderHandler handler = new OrderHandler();

        try (InvocationScope scope = environment.enter(FakeContext.create(clock))) {
            assertThat(scope.isOutermost()).isTrue();
            handler.notifyCustomer(new Order("o-1", 5, "c"));
            handler.notifyCustomer(new Order("o-1", 5, "c"));
        }

        assertThat(handler.runs).hasValue(1);
        assertThat(store.records().values().iterator().next().responseData()).contains("null");
    }

    @Test
    void methodWithTwoPayloads_failsWithFixInMessage() {
        install(b -> b);

        assertThatThrownBy(() -> new OrderHandler().ambiguous(new Order("a", 1, "c"), new Order("b", 1, "c")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("has 2 parameters besides the Lambda Context; mark the payload with @IdempotencyKey");
    }

    @Test
    void invalidExpressionAttributes_failEveryCallBeforeTheBody_withTheBuildersMessage() {
        install(b -> b);
        OrderHandler handler = new OrderHandler();
        ConfigurationException fromBuilder = catchThrowableOfType(ConfigurationException.class, () -> Idempotency.builder()
                .store(InMemoryIdempotencyStore.create()).executionEnvironment(environment)
                .eventKeyJmesPath("orders[").payloadValidationJmesPath("amount[").build());

        Throwable first = catchThrowable(() -> handler.badExpressions(new Order("o-1", 1, "c"), FakeContext.create(clock)));
        Throwable second = catchThrowable(() -> handler.badExpressions(new Order("o-1", 1, "c"), FakeContext.create(clock)));

        assertThat(fromBuilder.problems()).hasSize(2);
        assertThat(first).isInstanceOf(ConfigurationException.class).hasMessage(fromBuilder.getMessage());
        assertThat(second).isInstanceOf(ConfigurationException.class).hasMessage(fromBuilder.getMessage());
        assertThat(handler.runs).hasValue(0);
    }

    @Test
    void invalidExpressionAttribute_failsLikeThePlainApiDerivation() {
        Idempotency installed = Idempotency.builder().store(InMemoryIdempotencyStore.create())
                .executionEnvironment(environment).payloadValidationJmesPath("amount").build();
        installation = Idempotency.install(installed);
        ConfigurationException fromPlainApi = catchThrowableOfType(ConfigurationException.class,
                () -> installed.withEventKeyJmesPath("orders["));

        Throwable viaAnnotation = catchThrowable(() -> new OrderHandler().badExpressions(new Order("o-1", 1, "c"),
                FakeContext.create(clock)));

        assertThat(viaAnnotation).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(fromPlainApi.problems().get(0));
    }

    @Test
    void nameAttributeWithHash_failsEveryCallBeforeTheBody() {
        install(b -> b);
        OrderHandler handler = new OrderHandler();

        Throwable first = catchThrowable(() -> handler.badName(new Order("o-1", 1, "c"), FakeContext.create(clock)));
        Throwable second = catchThrowable(() -> handler.badName(new Order("o-1", 1, "c"), FakeContext.create(clock)));

        assertThat(first).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("@Idempotent(name = \"charge#v2\") on " + OrderHandler.class.getName() + ".badName(..)",
                        "operation was 'charge#v2' but it must be a non-blank name without '#'");
        assertThat(second).isInstanceOf(ConfigurationException.class).hasMessage(first.getMessage());
        assertThat(handler.runs).hasValue(0);
    }

    @Test
    void notInstalled_failsWithHowToInstall() {
        assertThatThrownBy(() -> new OrderHandler().handleRequest(new Order("o-1", 1, "c"), FakeContext.create(clock)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("@Idempotent " + OrderHandler.class.getName() + ".handleRequest(..)",
                        "no Idempotency is installed", "Idempotency.install(");
    }

    @Test
    void notInstalled_disabledInTheInvocationsEnvironment_runsTheMethod() {
        ExecutionEnvironment disabled = ExecutionEnvironment.builder()
                .environment(Environment.of(Map.of("POWERTOOLS_IDEMPOTENCY_DISABLED", "TRUE"))).clock(clock).build();
        OrderHandler handler = new OrderHandler();

        try (InvocationScope scope = disabled.enter(FakeContext.create(clock))) {
            assertThat(scope.isOutermost()).isTrue();
            handler.notifyCustomer(new Order("o-1", 5, "c"));
            handler.notifyCustomer(new Order("o-1", 5, "c"));
        }

        assertThat(handler.runs).hasValue(2);
    }

    @Test
    void notInstalled_disabledFlagNeitherTrueNorFalse_failsNamingTheVariable() {
        ExecutionEnvironment invalid = ExecutionEnvironment.builder()
                .environment(Environment.of(Map.of("POWERTOOLS_IDEMPOTENCY_DISABLED", "yes"))).clock(clock).build();
        OrderHandler handler = new OrderHandler();

        try (InvocationScope scope = invalid.enter(FakeContext.create(clock))) {
            assertThat(scope.isOutermost()).isTrue();
            assertThatThrownBy(() -> handler.notifyCustomer(new Order("o-1", 5, "c")))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("POWERTOOLS_IDEMPOTENCY_DISABLED was 'yes' but it must be true or false");
        }
        assertThat(handler.runs).hasValue(0);
    }

    @Test
    void checkedExceptionOfAnnotatedMethod_propagatesUnchangedAndAllowsRetry() {
        InMemoryIdempotencyStore store = install(b -> b.eventKeyJmesPath("orderId"));
        OrderHandler handler = new OrderHandler();

        Throwable first = catchThrowable(() -> handler.failing(new Order("o-1", 1, "c"), FakeContext.create(clock)));
        Throwable second = catchThrowable(() -> handler.failing(new Order("o-1", 1, "c"), FakeContext.create(clock)));

        assertThat(first).isExactlyInstanceOf(IOException.class).hasMessage("gateway down");
        assertThat(second).isExactlyInstanceOf(IOException.class);
        assertThat(handler.runs).hasValue(2);
        assertThat(store.records()).isEmpty();
    }

    /** One scenario step: a payload, a tenant, and whether the body fails. */
    private record Step(Order order, String tenant, boolean fail) {
    }

    private static final List<Step> SCENARIO = List.of(
            new Step(new Order("o-1", 5, "c"), null, false),
            new Step(new Order("o-1", 5, "c"), null, false),
            new Step(new Order("o-1", 6, "c"), null, false),
            new Step(new Order("o-2", 5, "c"), null, true),
            new Step(new Order("o-2", 5, "c"), null, false),
            new Step(new Order("o-1", 5, "c"), "tenant-a", false),
            new Step(new Order("o-1", 5, "c"), "tenant-a", false),
            new Step(new Order(null, 5, "c"), null, false));

    /** Failing handler variant for the parity scenario. */
    static final class ParityHandler {
        final AtomicInteger runs = new AtomicInteger();
        boolean fail;

        @Idempotent(name = "charge")
        public Receipt charge(Order order, Context context) {
            int n = runs.incrementAndGet();
            if (fail) {
                throw new IllegalStateException("declined " + n);
            }
            return new Receipt(order.orderId(), order.amount(), "ch_" + n);
        }
    }

    @Test
    void parity_annotationAndPlainApi_giveIdenticalOutcomesAndRecords() {
        InMemoryIdempotencyStore annotated = install(b -> b.eventKeyJmesPath("orderId").payloadValidationJmesPath("amount"));
        ParityHandler handler = new ParityHandler();
        List<String> viaAnnotation = new ArrayList<>();
        for (Step step : SCENARIO) {
            handler.fail = step.fail();
            viaAnnotation.add(outcome(() -> handler.charge(step.order(), FakeContext.create(clock).withTenant(step.tenant()))));
        }

        InMemoryIdempotencyStore plain = InMemoryIdempotencyStore.create();
        Idempotency idempotency = Idempotency.builder().store(plain).executionEnvironment(environment)
                .eventKeyJmesPath("orderId").payloadValidationJmesPath("amount").build();
        AtomicInteger runs = new AtomicInteger();
        List<String> viaPlainApi = new ArrayList<>();
        for (Step step : SCENARIO) {
            viaPlainApi.add(outcome(() -> idempotency.execute("charge", step.order(),
                    FakeContext.create(clock).withTenant(step.tenant()), Receipt.class, () -> {
                        int n = runs.incrementAndGet();
                        if (step.fail()) {
                            throw new IllegalStateException("declined " + n);
                        }
                        return new Receipt(step.order().orderId(), step.order().amount(), "ch_" + n);
                    })));
        }

        assertThat(viaAnnotation).isEqualTo(viaPlainApi).containsExactly(
                "Receipt[orderId=o-1, charged=5, chargeId=ch_1]",
                "Receipt[orderId=o-1, charged=5, chargeId=ch_1]",
                "IdempotencyValidationException",
                "IllegalStateException: declined 2",
                "Receipt[orderId=o-2, charged=5, chargeId=ch_3]",
                "Receipt[orderId=o-1, charged=5, chargeId=ch_4]",
                "Receipt[orderId=o-1, charged=5, chargeId=ch_4]",
                "Receipt[orderId=null, charged=5, chargeId=ch_5]");
        // Equal but for the claim tokens, which are unique to each claim by design (and present on every record).
        assertThat(withoutClaimTokens(annotated)).isEqualTo(withoutClaimTokens(plain)).hasSize(3);
        assertThat(handler.runs.get()).isEqualTo(runs.get());
    }

    private static java.util.Map<String, IdempotencyRecord> withoutClaimTokens(InMemoryIdempotencyStore store) {
        java.util.Map<String, IdempotencyRecord> records = new java.util.TreeMap<>();
        for (IdempotencyRecord r : store.records().values()) {
            assertThat(r.claimToken()).hasValueSatisfying(t -> assertThat(t).matches("[0-9a-f-]{36}:[0-9a-f]{16}"));
            records.put(r.key(), IdempotencyRecord.of(r.key(), r.status(), r.expiration(), r.inProgressExpiration().orElse(null),
                    r.responseData().orElse(null), r.validationHash().orElse(null)));
        }
        return records;
    }

    private static String outcome(java.util.function.Supplier<Receipt> call) {
        try {
            return String.valueOf(call.get());
        } catch (IdempotencyException e) {
            return e.getClass().getSimpleName();
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }
}
