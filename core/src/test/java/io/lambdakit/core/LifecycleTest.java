package io.lambdakit.core;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class LifecycleTest {

    @Test
    void hooks_driven_runInDocumentedOrder() {
        Lifecycle lifecycle = Lifecycle.create();
        List<String> calls = new ArrayList<>();
        for (String name : List.of("core", "logging", "metrics")) {
            lifecycle.onBeforeCheckpoint(name, this, owner -> calls.add("before:" + name));
            lifecycle.onAfterRestore(name, this, owner -> calls.add("after:" + name));
        }

        List<Lifecycle.HookRun> before = lifecycle.beforeCheckpoint();
        List<Lifecycle.HookRun> after = lifecycle.afterRestore();

        assertThat(calls).containsExactly(
                "before:metrics", "before:logging", "before:core",
                "after:core", "after:logging", "after:metrics");
        assertThat(before).extracting(Lifecycle.HookRun::name).containsExactly("metrics", "logging", "core");
        assertThat(after).allSatisfy(r -> {
            assertThat(r.succeeded()).isTrue();
            assertThat(r.phase()).isEqualTo(Lifecycle.Phase.AFTER_RESTORE);
            assertThat(r.took().isNegative()).isFalse();
        });
        assertThat(lifecycle.lastRuns()).isEqualTo(after);
    }

    @Test
    void failingHooks_allStillRunAndEachFailureIsReported() {
        Lifecycle lifecycle = Lifecycle.create();
        List<String> calls = new ArrayList<>();
        lifecycle.onAfterRestore("refresh-a", this, owner -> {
            calls.add("a");
            throw new IllegalStateException("a broke");
        });
        lifecycle.onAfterRestore("refresh-b", this, owner -> calls.add("b"));
        lifecycle.onAfterRestore("refresh-c", this, owner -> {
            calls.add("c");
            throw new java.io.IOException("c broke");
        });

        LifecycleException e = catchThrowableOfType(LifecycleException.class, lifecycle::afterRestore);

        assertThat(calls).containsExactly("a", "b", "c");
        assertThat(e.phase()).isEqualTo(Lifecycle.Phase.AFTER_RESTORE);
        assertThat(e.failures()).extracting(Lifecycle.HookRun::name).containsExactly("refresh-a", "refresh-c");
        assertThat(e.getMessage()).contains("2 lifecycle hook(s) failed after the restore")
                .contains("refresh-a: java.lang.IllegalStateException: a broke")
                .contains("refresh-c: java.io.IOException: c broke");
        assertThat(e.getCause()).hasMessage("a broke");
        assertThat(e.getSuppressed()).singleElement().satisfies(s -> assertThat(s).hasMessage("c broke"));
        assertThat(lifecycle.lastRuns()).hasSize(3);
    }

    @Test
    void registration_closed_hookNoLongerRuns() {
        Lifecycle lifecycle = Lifecycle.create();
        List<String> calls = new ArrayList<>();
        Lifecycle.Registration r = lifecycle.onBeforeCheckpoint("x", this, owner -> calls.add("x"));

        r.close();
        lifecycle.beforeCheckpoint();

        assertThat(calls).isEmpty();
    }

    @Test
    void register_sameNameAndOwnerTwice_registersOneHookAndReturnsTheFirst() {
        Lifecycle lifecycle = Lifecycle.create(line -> { });
        List<String> calls = new ArrayList<>();
        Object owner = new Object();
        Lifecycle.Hook<Object> first = o -> calls.add("first");

        Lifecycle.Registration a = lifecycle.onAfterRestore("drop cache", owner, first);
        Lifecycle.Registration b = lifecycle.onAfterRestore("drop cache", owner, o -> calls.add("second"));
        lifecycle.onAfterRestore("drop cache", new Object[] {owner}, o -> calls.add("other owner"));

        assertThat(b.hook()).isSameAs(a.hook()).isSameAs(first);
        lifecycle.afterRestore();
        assertThat(calls).containsExactly("first", "other owner");
    }

    @Test
    void register_ownerCollected_hookIsDroppedInsteadOfLeaking() throws Exception {
        Lifecycle lifecycle = Lifecycle.create(line -> { });
        List<String> calls = new ArrayList<>();
        Object kept = new Object();
        lifecycle.onAfterRestore("kept", kept, o -> calls.add("kept"));
        java.lang.ref.WeakReference<Object> dropped = registerWithUnreachableOwner(lifecycle, calls);

        for (int i = 0; i < 50 && dropped.get() != null; i++) {
            System.gc();
        }
        assertThat(dropped.get()).as("the owner was collected").isNull();

        List<Lifecycle.HookRun> runs = lifecycle.afterRestore();
        assertThat(runs).extracting(Lifecycle.HookRun::name).containsExactly("kept");
        assertThat(calls).containsExactly("kept");
        assertThat(kept).isNotNull();
    }

    private static java.lang.ref.WeakReference<Object> registerWithUnreachableOwner(Lifecycle lifecycle, List<String> calls) {
        Object owner = new Object();
        lifecycle.onAfterRestore("dropped", owner, o -> calls.add("dropped"));
        return new java.lang.ref.WeakReference<>(owner);
    }

    @Test
    void cracBridge_notifiedByCrac_drivesTheRegistryAndPropagatesFailure() {
        Lifecycle lifecycle = Lifecycle.create();
        List<String> calls = new ArrayList<>();
        lifecycle.onBeforeCheckpoint("prime", this, owner -> calls.add("prime"));
        lifecycle.onAfterRestore("refresh", this, owner -> {
            throw new IllegalStateException("stale");
        });
        CracBridge bridge = CracBridge.register(lifecycle);

        Exception before = catchThrowableOfType(Exception.class, () -> bridge.beforeCheckpoint(null));
        LifecycleException after = catchThrowableOfType(LifecycleException.class, () -> bridge.afterRestore(null));

        assertThat(before).isNull();
        assertThat(calls).containsExactly("prime");
        assertThat(after.failures()).extracting(Lifecycle.HookRun::name).containsExactly("refresh");
    }

    @Test
    void executionEnvironment_registersItsOwnRestoreHookFirst() {
        Lifecycle lifecycle = Lifecycle.create();
        ExecutionEnvironment.builder().lifecycle(lifecycle).build();
        lifecycle.onAfterRestore("module", this, owner -> { });

        assertThat(lifecycle.hookNames(Lifecycle.Phase.AFTER_RESTORE))
                .containsExactly("lambdakit-core: re-arm cold-start classification", "module");
    }
}
