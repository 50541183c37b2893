package io.lambdakit.testing;

import io.lambdakit.core.InitializationType;
import io.lambdakit.testing.sample.SnapStartHandler;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The SnapStart sequence through the real runtime client, which drives the real org.crac hooks. */
class SnapStartIT {

    private static LocalFunction.Builder snapStart() {
        return LocalFunction.builder().handler(SnapStartHandler.class).initializationType(InitializationType.SNAP_START);
    }

    @Test
    void snapStart_checkpointThenRestore_runsHooksInLambdasOrderBeforeTheFirstInvocation() {
        try (LocalFunction fn = snapStart().start()) {
            SnapStartResult snap = fn.snapStart();

            assertThat(snap.succeeded()).isTrue();
            assertThat(snap.checkpointLogLines()).extracting(l -> l.path("message").asText()).contains("priming before checkpoint");
            assertThat(snap.restoreLogLines()).extracting(l -> l.path("message").asText()).contains("refreshing after restore")
                    .anySatisfy(m -> assertThat(m).startsWith("lambdakit: after-restore hooks took "));
            assertThat(snap.restoreDuration()).isLessThan(LocalFunction.SNAP_START_RESTORE_BUDGET);

            InvocationResult first = fn.invoke("{}");
            InvocationResult second = fn.invoke("{}");

            List<String> events = new ArrayList<>();
            first.responseJson().forEach(n -> events.add(n.asText()));
            assertThat(events).containsSubsequence("registered", "beforeCheckpoint", "afterRestore", "invoke:SNAP_START_RESTORE");
            assertThat(events).contains("lifecycle:beforeCheckpoint", "lifecycle:afterRestore");
            assertThat(first.coldStart()).isTrue();
            assertThat(second.responseJson().get(second.responseJson().size() - 1).asText()).isEqualTo("invoke:WARM");
            assertThat(second.coldStart()).isFalse();
        }
    }

    @Test
    void invoke_withoutExplicitSnapStart_restoresFirst() {
        try (LocalFunction fn = snapStart().start()) {
            InvocationResult first = fn.invoke("{}");

            List<String> events = new ArrayList<>();
            first.responseJson().forEach(n -> events.add(n.asText()));
            assertThat(events).containsSubsequence("beforeCheckpoint", "afterRestore", "invoke:SNAP_START_RESTORE");
        }
    }

    @Test
    void snapStart_afterRestoreHookThrows_reportsRestoreErrorAndDiscardsTheEnvironment() {
        try (LocalFunction fn = snapStart().environment("SAMPLE_FAIL_HOOK", "afterRestore").start()) {
            SnapStartResult snap = fn.snapStart();

            InvocationError error = snap.error().orElseThrow();
            assertThat(error.runtimeErrorType()).isEqualTo("Runtime.AfterRestoreError");
            assertThat(error.errorType()).isEqualTo("com.amazonaws.services.lambda.crac.RestoreException");
            assertThat(snap.restoreOutput()).contains("{\"message\":\"refreshing after restore\"}");
            assertThat(snap.restoreOutput()).anyMatch(l -> l.contains("IllegalStateException: cannot refresh"));
            assertThat(fn.snapStart().succeeded()).as("a new environment fails again, and nothing hangs").isFalse();
            assertThat(fn.environmentsStarted()).isEqualTo(2);
        }
    }

    @Test
    void start_beforeCheckpointHookThrows_failsInit() {
        LocalFunction.Builder builder = snapStart().environment("SAMPLE_FAIL_HOOK", "beforeCheckpoint");

        FunctionInitException e = catchThrowableOfType(FunctionInitException.class, builder::start);

        assertThat(e.runtimeErrorType()).isEqualTo("Runtime.BeforeCheckpointError");
        assertThat(e.errorType()).isEqualTo("com.amazonaws.services.lambda.crac.CheckpointException");
        assertThat(e.output()).anyMatch(l -> l.contains("IllegalStateException: cannot prime"));
    }

    @Test
    void invoke_provisionedConcurrency_initialisesAheadAndRunsNoSnapStartHooks() {
        try (LocalFunction fn = LocalFunction.builder().handler(SnapStartHandler.class)
                .initializationType(InitializationType.PROVISIONED_CONCURRENCY).start()) {
            List<String> events = new ArrayList<>();
            fn.invoke("{}").responseJson().forEach(n -> events.add(n.asText()));

            assertThat(events).containsExactly("registered", "invoke:PROVISIONED_CONCURRENCY");
        }
    }

    @Test
    void snapStart_onOnDemandFunction_explainsHowToEnableIt() {
        try (LocalFunction fn = LocalFunction.builder().handler(SnapStartHandler.class).build()) {
            IllegalStateException e = catchThrowableOfType(IllegalStateException.class, fn::snapStart);

            assertThat(e).hasMessageContaining("initializationType(InitializationType.SNAP_START)");
        }
    }
}
