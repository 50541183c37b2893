package io.lambdakit.benchmarks;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A JMH profiler ({@code -prof io.lambdakit.benchmarks.CpuTimeProfiler}) that reports the CPU
 * time spent per operation:
 * <ul>
 *   <li>{@code cpu.worker.norm} (µs/op): the CPU time of JMH's benchmark threads over the
 *       iteration, divided by their operations: what the measured code itself costs, including
 *       spinning on contended locks, excluding the JVM's GC and JIT threads;</li>
 *   <li>{@code cpu.time.norm} (µs/op): the same with the whole process's CPU time (GC and JIT
 *       included);</li>
 *   <li>{@code cpu.cores}: the process's CPU time over wall time, the cores it kept busy.</li>
 * </ul>
 * Unlike the time per operation of {@code -t N} runs, none grows because threads wait for a core:
 * on a machine with fewer cores than threads the time per operation of each thread grows with the
 * threads, what each operation costs in CPU does not unless something contends. Other processes
 * on the machine do not count (they do slow the iterations down, and a JIT starved of CPU finishes
 * later: warm up long enough).
 */
public final class CpuTimeProfiler implements InternalProfiler {

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> workerCpuAtStart = new HashMap<>();
    private long cpuAtStart;
    private long wallAtStart;

    /** Created by JMH from the class name given to {@code -prof}. */
    public CpuTimeProfiler() {
    }

    @Override
    public String getDescription() {
        return "process CPU time per operation (cpu.time.norm, µs/op) and cores kept busy (cpu.cores)";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        workerCpuAtStart.clear();
        workerCpuAtStart.putAll(workerCpu());
        cpuAtStart = os.getProcessCpuTime();
        wallAtStart = System.nanoTime();
    }

    @Override
    @SuppressWarnings("rawtypes") // JMH's InternalProfiler declares the raw Result
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                      IterationResult result) {
        long cpu = os.getProcessCpuTime() - cpuAtStart;
        long wall = System.nanoTime() - wallAtStart;
        long worker = 0;
        for (Map.Entry<Long, Long> e : workerCpu().entrySet()) {
            worker += e.getValue() - workerCpuAtStart.getOrDefault(e.getKey(), 0L); // a thread started since: from 0
        }
        long ops = result.getMetadata().getAllOps();
        if (cpu < 0 || ops <= 0 || wall <= 0) {
            return List.of();
        }
        return List.of(
                new ScalarResult("cpu.worker.norm", worker / 1000.0 / ops, "µs/op", AggregationPolicy.AVG),
                new ScalarResult("cpu.time.norm", cpu / 1000.0 / ops, "µs/op", AggregationPolicy.AVG),
                new ScalarResult("cpu.cores", (double) cpu / wall, "cores", AggregationPolicy.AVG));
    }

    /** CPU time (ns) of each live JMH benchmark thread (JMH names them {@code <benchmark>-jmh-worker-<n>}), by id. */
    private Map<Long, Long> workerCpu() {
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().contains("-jmh-worker-")) {
                long t = threads.getThreadCpuTime(info.getThreadId());
                if (t >= 0) {
                    cpu.put(info.getThreadId(), t);
                }
            }
        }
        return cpu;
    }
}
