package io.lambdakit.core;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ExecutionEnvironmentTest {

    private static final String HEADER_A = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
    private static final String HEADER_B = "Root=1-6759e988-cd862e3fe1be46a994272794;Parent=63995c3f42cd8ad9;Sampled=0";

    private static ExecutionEnvironment env(String initType) {
        return ExecutionEnvironment.builder()
                .environment(Environment.of(Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", initType)))
                .systemProperties(k -> null)
                .build();
    }

    private static ColdStart invoke(ExecutionEnvironment env, String requestId) {
        try (InvocationScope scope = env.enter(FakeContext.of(requestId))) {
            return scope.context().coldStart();
        }
    }

    @ParameterizedTest
    @CsvSource({"on-demand,ON_DEMAND", "provisioned-concurrency,PROVISIONED_CONCURRENCY",
            "lambda-managed-instances,LAMBDA_MANAGED_INSTANCES", "snap-start,SNAP_START_RESTORE"})
    void coldStart_firstInvocationOfEachInitType_isClassifiedByKindThenWarm(String initType, ColdStart expected) {
        ExecutionEnvironment env = env(initType);

        ColdStart first = invoke(env, "r1");
        ColdStart second = invoke(env, "r2");
        ColdStart third = invoke(env, "r3");

        assertThat(first).isEqualTo(expected);
        assertThat(second).isEqualTo(ColdStart.WARM);
        assertThat(third).isEqualTo(ColdStart.WARM);
        assertThat(first.isColdStart()).isEqualTo(expected == ColdStart.ON_DEMAND);
    }

    @Test
    void coldStart_afterRestore_firstInvocationIsSnapStartRestoreThenWarm() {
        ExecutionEnvironment env = env("snap-start");
        ColdStart priming = invoke(env, "prime-before-checkpoint");
        ColdStart warmBeforeCheckpoint = invoke(env, "r0");

        env.lifecycle().beforeCheckpoint();
        env.lifecycle().afterRestore();
        ColdStart afterRestore = invoke(env, "r1");
        ColdStart next = invoke(env, "r2");

        assertThat(priming).isEqualTo(ColdStart.SNAP_START_RESTORE);
        assertThat(warmBeforeCheckpoint).isEqualTo(ColdStart.WARM);
        assertThat(afterRestore).isEqualTo(ColdStart.SNAP_START_RESTORE);
        assertThat(afterRestore.isColdStart()).isFalse();
        assertThat(next).isEqualTo(ColdStart.WARM);
    }

    @RepeatedTest(50)
    void coldStart_concurrentFirstInvocations_exactlyOneIsFirst() throws Exception {
        ExecutionEnvironment env = env("on-demand");
        int threads = 8;
        CyclicBarrier barrier = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<ColdStart>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String id = "r" + i;
                results.add(pool.submit(() -> {
                    barrier.await(5, TimeUnit.SECONDS);
                    return invoke(env, id);
                }));
            }
            List<ColdStart> kinds = new ArrayList<>();
            for (Future<ColdStart> f : results) {
                kinds.add(f.get(5, TimeUnit.SECONDS));
            }

            assertThat(Collections.frequency(kinds, ColdStart.ON_DEMAND)).isEqualTo(1);
            assertThat(Collections.frequency(kinds, ColdStart.WARM)).isEqualTo(threads - 1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void enter_nestedForSameRequest_sharesContextAndClassifiesOnce() {
        ExecutionEnvironment env = env("on-demand");

        try (InvocationScope outer = env.enter(FakeContext.of("r1"))) {
            try (InvocationScope inner = env.enter(FakeContext.of("r1"))) {
                assertThat(inner.context()).isSameAs(outer.context());
                assertThat(inner.isOutermost()).isFalse();
                assertThat(inner.context().coldStart()).isEqualTo(ColdStart.ON_DEMAND);
            }
            assertThat(InvocationContext.current()).containsSame(outer.context());
        }

        assertThat(InvocationContext.current()).isEmpty();
    }

    @Test
    void enter_closed_restoresPreviousContext() {
        ExecutionEnvironment env = env("on-demand");

        try (InvocationScope outer = env.enter(FakeContext.of("r1"))) {
            try (InvocationScope other = env.enter(FakeContext.of("r2"))) {
                assertThat(InvocationContext.current()).containsSame(other.context());
            }
            assertThat(InvocationContext.current()).containsSame(outer.context());
        }
    }

    @Test
    void traceHeader_fromContext_winsOverPropertyAndEnvironment() {
        ExecutionEnvironment env = ExecutionEnvironment.builder()
                .environment(Environment.of(Map.of("_X_AMZN_TRACE_ID", HEADER_B)))
                .systemProperties(k -> HEADER_B)
                .build();

        try (InvocationScope s = env.enter(new FakeContext("r1", 1000, null, HEADER_A))) {
            assertThat(s.context().xrayTraceId()).contains("1-5759e988-bd862e3fe1be46a994272793");
        }
    }

    @Test
    void traceHeader_noContextValue_usesSystemPropertyThenEnvironment() {
        ExecutionEnvironment withProperty = ExecutionEnvironment.builder()
                .environment(Environment.of(Map.of("_X_AMZN_TRACE_ID", HEADER_B)))
                .systemProperties(k -> k.equals(ExecutionEnvironment.TRACE_HEADER_PROPERTY) ? HEADER_A : null)
                .build();
        ExecutionEnvironment envOnly = ExecutionEnvironment.builder()
                .environment(Environment.of(Map.of("_X_AMZN_TRACE_ID", HEADER_B)))
                .systemProperties(k -> null)
                .build();

        try (InvocationScope s = withProperty.enter(FakeContext.of("r1"))) {
            assertThat(s.context().traceHeader()).hasValueSatisfying(h -> assertThat(h.isSampled()).isTrue());
        }
        try (InvocationScope s = envOnly.enter(FakeContext.of("r2"))) {
            assertThat(s.context().xrayTraceId()).contains("1-6759e988-cd862e3fe1be46a994272794");
        }
    }

    /**
     * With invocations running side by side (Lambda Managed Instances), a process-wide value cannot be one invocation's
     * trace: the runtime sets no system property then, and {@code _X_AMZN_TRACE_ID} is the trace of the function's
     * init. An invocation without a header of its own has none, instead of every such invocation joining that one.
     */
    @Test
    void traceHeader_managedInstance_onlyFromTheContext_neverFromThePropertyOrTheEnvironment() {
        ExecutionEnvironment env = ExecutionEnvironment.builder()
                .environment(Environment.of(Map.of("_X_AMZN_TRACE_ID", HEADER_B,
                        "AWS_LAMBDA_INITIALIZATION_TYPE", "lambda-managed-instances", "AWS_LAMBDA_MAX_CONCURRENCY", "8")))
                .systemProperties(k -> HEADER_B)
                .build();

        try (InvocationScope s = env.enter(FakeContext.of("r1"))) {
            assertThat(s.context().traceHeader()).isEmpty();
        }
        try (InvocationScope s = env.enter(new FakeContext("r2", 1000, null, HEADER_A))) {
            assertThat(s.context().xrayTraceId()).contains("1-5759e988-bd862e3fe1be46a994272793");
        }
    }

    @Test
    void traceHeader_malformed_isAbsent() {
        ExecutionEnvironment env = ExecutionEnvironment.builder().systemProperties(k -> "Root=garbage").build();

        try (InvocationScope s = env.enter(FakeContext.of("r1"))) {
            assertThat(s.context().traceHeader()).isEmpty();
        }
    }

    @Test
    void concurrentInvocations_eachThreadSeesItsOwnContext() throws Exception {
        ExecutionEnvironment env = env("lambda-managed-instances");
        int threads = 16;
        int rounds = 200;
        CyclicBarrier barrier = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<String> crossed = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(threads);
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                pool.execute(() -> {
                    try {
                        for (int i = 0; i < rounds; i++) {
                            String id = "t" + thread + "-" + i;
                            String header = "Root=1-" + String.format("%08x", thread) + "-" + String.format("%024x", i) + ";Sampled=1";
                            barrier.await(5, TimeUnit.SECONDS);
                            try (InvocationScope s = env.enter(new FakeContext(id, 1000, "tenant-" + thread, header))) {
                                barrier.await(5, TimeUnit.SECONDS); // every thread is now inside its own invocation
                                InvocationContext seen = InvocationContext.current().orElseThrow();
                                if (seen != s.context() || !seen.requestId().equals(id) || !seen.tenantId().orElseThrow().equals("tenant-" + thread)
                                        || !seen.xrayTraceId().orElseThrow().endsWith(String.format("%024x", i))) {
                                    crossed.add(id + " saw " + seen.requestId());
                                }
                            }
                        }
                    } catch (Exception e) {
                        crossed.add(e.toString());
                    } finally {
                        done.countDown();
                    }
                });
            }

            assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
            assertThat(crossed).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }
}
