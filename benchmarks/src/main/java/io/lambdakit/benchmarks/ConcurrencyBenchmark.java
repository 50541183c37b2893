package io.lambdakit.benchmarks;

import io.lambdakit.benchmarks.variants.VariantInvoker;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.ThreadParams;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.DatagramSocket;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Per-invocation cost of the bare and the lambdakit function (the {@link OverheadBenchmark}'s
 * variants A and B: three structured log lines, two metrics flushed as one EMF blob, one sampled
 * traced subsegment sent over UDP) when several invocations run at once in one JVM, as on Lambda
 * Managed Instances: one handler object per environment, called by several runtime worker threads,
 * each invocation with its own {@code Context} (request id and trace header). Run it with JMH's
 * {@code -t N}: each JMH thread is one runtime worker running whole invocations (see
 * {@code VariantInvoker.apply(int)}). The overhead of lambdakit at N threads is its score minus
 * bare's at N threads; per-invocation state kept behind one global lock would make it grow with N.
 *
 * <p>On a machine with fewer cores than threads, JMH's time per operation is each thread's
 * latency, which includes waiting for a core; run with {@code -prof io.lambdakit.benchmarks.CpuTimeProfiler}
 * for the CPU time per invocation, which does not include it (and {@code -prof gc} for allocation).
 *
 * <p>Before measuring, each trial runs as many concurrent workers as the trial has threads, all
 * started at once, with their output captured, and checks that every invocation wrote exactly its
 * own three log lines and its one EMF blob (each naming its request id): the benchmark measures
 * invocations that stay apart, not ones that mix. Then it warms the handler on one thread until
 * the JIT compiler is quiet (see {@link #warmUntilCompiled()}). Same environment as {@link OverheadBenchmark}
 * (set by {@code benchmarks/run}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@State(Scope.Benchmark)
public class ConcurrencyBenchmark {

    /** Invocations each worker makes in the check before measuring. */
    static final int CHECKED_INVOCATIONS_PER_WORKER = 8;
    /** Single-threaded warm-up: invocations per round. */
    static final int ROUND_INVOCATIONS = 1000;
    /** Single-threaded warm-up: rounds without JIT activity that end it. */
    static final int QUIET_ROUNDS = 3;
    /** Single-threaded warm-up: the longest it may take. */
    static final int MAX_WARM_UP_SECONDS = 90;

    /** Which function: bare or lambdakit. */
    @Param({"bare", "lambdakit"})
    public String variant;

    private IntFunction<Supplier<Object>> workers;
    private URLClassLoader loader;
    private DatagramSocket daemon;
    private PrintStream originalOut;
    private final OverheadBenchmark.SwitchableOutput output = new OverheadBenchmark.SwitchableOutput();

    /**
     * Loads the variant (one handler, the environment's init), checks concurrent invocations stay
     * apart, then discards output.
     *
     * @param params JMH's parameters (the thread count)
     * @throws Exception when the variant cannot be loaded or mixes invocations
     */
    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp(BenchmarkParams params) throws Exception {
        for (String name : List.of("POWERTOOLS_SERVICE_NAME", "POWERTOOLS_METRICS_NAMESPACE", "LAMBDA_TASK_ROOT", "AWS_XRAY_DAEMON_ADDRESS")) {
            if (System.getenv(name) == null) {
                throw new IllegalStateException(name + " is not set; run this benchmark through benchmarks/run, which sets "
                        + "the function's environment");
            }
        }
        if (!variant.equals("bare") && !variant.equals("lambdakit")) {
            throw new IllegalStateException("variant was '" + variant + "' but it must be bare or lambdakit");
        }
        String[] daemonAddress = System.getenv("AWS_XRAY_DAEMON_ADDRESS").split(":");
        daemon = OverheadBenchmark.bindDaemon(daemonAddress[0], Integer.parseInt(daemonAddress[1]));
        originalOut = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        output.target = captured;
        System.setOut(new PrintStream(output, false, StandardCharsets.UTF_8));

        loader = new URLClassLoader("variant-" + variant, OverheadBenchmark.classpath(variant), ClassLoader.getPlatformClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        workers = (IntFunction<Supplier<Object>>) loader.loadClass("io.lambdakit.benchmarks.variants." + variant + ".Invoker")
                .getConstructor().newInstance();
        checkConcurrentInvocations(params.getThreads(), captured);
        output.target = OutputStream.nullOutputStream();
        warmUntilCompiled();
    }

    /**
     * Runs invocations on this one thread until the JIT compiler has been quiet for
     * {@link #QUIET_ROUNDS} rounds of {@link #ROUND_INVOCATIONS} (at most {@link #MAX_WARM_UP_SECONDS}):
     * no compilation finished and the rest of the JVM (compiler and GC threads) used under a tenth
     * of the CPU this thread did. With N benchmark threads on fewer cores the compiler threads get a
     * small share of the CPU and JMH's warm-up iterations would end with the handler still partly
     * interpreted, more so the more threads; warming on one thread first measures every thread
     * count on compiled code.
     */
    private void warmUntilCompiled() {
        Supplier<Object> door = workers.apply(999);
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(MAX_WARM_UP_SECONDS);
        int quiet = 0;
        int rounds = 0;
        while (quiet < QUIET_ROUNDS && System.nanoTime() < deadline) {
            long compileMillis = jit.getTotalCompilationTime();
            long processCpu = os.getProcessCpuTime();
            long ownCpu = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < ROUND_INVOCATIONS; i++) {
                door.get();
            }
            rounds++;
            long own = threads.getCurrentThreadCpuTime() - ownCpu;
            long others = os.getProcessCpuTime() - processCpu - own;
            boolean idle = jit.getTotalCompilationTime() == compileMillis && others * 10 < own;
            quiet = idle ? quiet + 1 : 0;
        }
        originalOut.printf(Locale.ROOT, "[%s] warmed on one thread: %d invocations in %.1f s, JIT %s%n", variant,
                rounds * ROUND_INVOCATIONS, (System.nanoTime() - start) / 1e9,
                quiet >= QUIET_ROUNDS ? "quiet" : "still busy at the limit");
    }

    /** {@code threads} workers, started at once, {@link #CHECKED_INVOCATIONS_PER_WORKER} invocations each. */
    private void checkConcurrentInvocations(int threads, ByteArrayOutputStream captured) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> running = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            Supplier<Object> worker = workers.apply(w);
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < CHECKED_INVOCATIONS_PER_WORKER; i++) {
                        if (worker.get() == null) {
                            throw new IllegalStateException("no response");
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "check-worker-" + w);
            t.setContextClassLoader(loader);
            running.add(t);
            t.start();
        }
        start.countDown();
        for (Thread t : running) {
            t.join(TimeUnit.SECONDS.toMillis(60));
        }
        System.out.flush();
        if (failure.get() != null) {
            throw new IllegalStateException(variant + " failed under " + threads + " concurrent workers", failure.get());
        }
        Map<String, int[]> perRequest = new HashMap<>(); // request id -> {log lines, EMF blobs}
        List<String> unattributed = new ArrayList<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            boolean log = line.contains("\"order ");
            boolean emf = line.contains("\"_aws\"");
            if (!log && !emf) {
                continue;
            }
            String id = requestIdIn(line);
            if (id == null) {
                unattributed.add(line);
            } else {
                perRequest.computeIfAbsent(id, k -> new int[2])[log ? 0 : 1]++;
            }
        }
        List<String> problems = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            for (int i = 0; i < CHECKED_INVOCATIONS_PER_WORKER; i++) {
                String id = VariantInvoker.requestId(w, i);
                int[] counts = perRequest.remove(id);
                if (counts == null || counts[0] != 3 || counts[1] != 1) {
                    problems.add(id + ": " + (counts == null ? "nothing" : counts[0] + " log lines, " + counts[1] + " EMF blobs"));
                }
            }
        }
        if (!problems.isEmpty() || !perRequest.isEmpty() || !unattributed.isEmpty()) {
            throw new IllegalStateException(variant + " under " + threads + " concurrent workers did not write 3 log lines and 1 "
                    + "EMF blob per invocation, each naming its own request id: " + problems + "; unknown request ids "
                    + perRequest.keySet() + "; lines naming none: " + unattributed);
        }
    }

    private static String requestIdIn(String line) {
        String key = "\"function_request_id\":\"";
        int at = line.indexOf(key);
        if (at < 0) {
            return null;
        }
        int from = at + key.length();
        int end = line.indexOf('"', from);
        return end < 0 ? null : line.substring(from, end);
    }

    /**
     * Restores stdout and closes what the trial opened.
     *
     * @throws IOException when the class loader cannot be closed
     */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        System.setOut(originalOut);
        daemon.close();
        loader.close();
    }

    /** One runtime worker: its own door into the shared handler (its own contexts). */
    @State(Scope.Thread)
    public static class Worker {
        private Supplier<Object> door;

        /**
         * @param benchmark the loaded variant
         * @param thread    which JMH thread this is
         */
        @Setup(Level.Trial)
        public void setUp(ConcurrencyBenchmark benchmark, ThreadParams thread) {
            // 1000 + index: never one of the request ids of the check before measuring
            door = benchmark.workers.apply(1000 + thread.getThreadIndex());
        }

        /** @param benchmark the loaded variant, whose class loader is the thread's context loader (as the runtime's) */
        @Setup(Level.Iteration)
        public void contextLoader(ConcurrencyBenchmark benchmark) {
            Thread.currentThread().setContextClassLoader(benchmark.loader);
        }
    }

    /**
     * @param worker this thread's door
     * @return the handler's response
     */
    @Benchmark
    public Object invocation(Worker worker) {
        return worker.door.get();
    }
}
