package io.lambdakit.core;

import com.amazonaws.services.lambda.runtime.Context;
import io.lambdakit.core.spi.PrimingContext;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PrimingTest {

    private static ExecutionEnvironment env(String initType) {
        return ExecutionEnvironment.builder()
                .environment(Environment.of(Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", initType, "AWS_LAMBDA_FUNCTION_NAME", "orders",
                        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512", "AWS_REGION", "eu-west-1")))
                .lifecycle(Lifecycle.create(line -> { }))
                .systemProperties(k -> null)
                .build();
    }

    @Test
    void prime_callsHandlerInAPrimingScopeWithASyntheticContext() throws Exception {
        ExecutionEnvironment ee = env("snap-start");
        List<InvocationContext> seen = new ArrayList<>();
        List<Context> contexts = new ArrayList<>();

        ee.prime("orders", context -> {
            contexts.add(context);
            seen.add(InvocationContext.current().orElseThrow());
            try (InvocationScope nested = ee.enter(context)) {        // a module's engine inside the handler
                seen.add(nested.context());
            }
        });

        assertThat(seen).hasSize(2);
        assertThat(seen.get(0)).isSameAs(seen.get(1));
        assertThat(seen.get(0).isPriming()).isTrue();
        assertThat(contexts.get(0).getAwsRequestId()).isEqualTo("lambdakit-priming-1");
        assertThat(contexts.get(0).getFunctionName()).isEqualTo("orders");
        assertThat(contexts.get(0).getMemoryLimitInMB()).isEqualTo(512);
        assertThat(contexts.get(0).getRemainingTimeInMillis()).isEqualTo(PrimingContext.REMAINING_MILLIS);
        assertThat(InvocationContext.current()).isEmpty();
        assertThat(InvocationContext.isPrimingNow()).isFalse();
    }

    @Test
    void isPrimingNow_isTrueOnlyInsideThePrimingCall() throws Exception {
        ExecutionEnvironment ee = env("on-demand");
        List<Boolean> inside = new ArrayList<>();

        ee.prime("x", context -> inside.add(InvocationContext.isPrimingNow()));

        assertThat(inside).containsExactly(true);
        try (InvocationScope scope = ee.enter(FakeContext.of("real"))) {
            assertThat(InvocationContext.isPrimingNow()).isFalse();
            assertThat(scope.context().isPriming()).isFalse();
        }
    }

    @Test
    void primeBeforeCheckpoint_doesNotConsumeTheFirstInvocationClassification() {
        ExecutionEnvironment ee = env("snap-start");
        List<ColdStart> primedAs = new ArrayList<>();
        ee.primeBeforeCheckpoint("prime orders", context -> primedAs.add(InvocationContext.current().orElseThrow().coldStart()));

        ee.lifecycle().beforeCheckpoint();
        ee.lifecycle().afterRestore();
        ColdStart first;
        try (InvocationScope scope = ee.enter(FakeContext.of("r1"))) {
            first = scope.context().coldStart();
        }

        assertThat(primedAs).containsExactly(ColdStart.WARM);
        assertThat(first).isEqualTo(ColdStart.SNAP_START_RESTORE);
    }

    @Test
    void prime_onDemandEnvironment_firstRealInvocationIsStillAColdStart() throws Exception {
        ExecutionEnvironment ee = env("on-demand");

        ee.prime("x", context -> { });
        ColdStart first;
        try (InvocationScope scope = ee.enter(FakeContext.of("r1"))) {
            first = scope.context().coldStart();
        }

        assertThat(first).isEqualTo(ColdStart.ON_DEMAND);
    }

    @Test
    void primeBeforeCheckpoint_onlyRunsWhenTheCheckpointIsTaken() {
        ExecutionEnvironment ee = env("snap-start");
        List<String> calls = new ArrayList<>();

        ee.primeBeforeCheckpoint("prime", context -> calls.add(context.getAwsRequestId()));
        assertThat(calls).isEmpty();
        ee.lifecycle().beforeCheckpoint();

        assertThat(calls).containsExactly("lambdakit-priming-1");
    }

    @Test
    void primeBeforeCheckpoint_handlerThrows_failsTheCheckpointNamingTheHook() {
        ExecutionEnvironment ee = env("snap-start");
        ee.primeBeforeCheckpoint("prime CreateOrder", context -> {
            throw new IllegalArgumentException("synthetic event rejected");
        });

        LifecycleException e = catchThrowableOfType(LifecycleException.class, () -> ee.lifecycle().beforeCheckpoint());

        assertThat(e.getMessage()).contains("prime CreateOrder").contains("synthetic event rejected");
        assertThat(InvocationContext.current()).isEmpty();
    }

    @Test
    void prime_nestedInsideARealInvocation_restoresTheOuterContextAfterwards() throws Exception {
        ExecutionEnvironment ee = env("on-demand");
        try (InvocationScope outer = ee.enter(FakeContext.of("real"))) {
            ee.prime("x", context -> assertThat(InvocationContext.isPrimingNow()).isTrue());

            assertThat(InvocationContext.current()).containsSame(outer.context());
        }
    }
}
