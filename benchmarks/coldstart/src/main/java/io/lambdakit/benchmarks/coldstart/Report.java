package io.lambdakit.benchmarks.coldstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes {@code docs/benchmarks.md} from the files one run of {@code benchmarks/run} produced: the
 * cold-start results, JMH's JSON, the SnapStart restore table (if it ran), the JVM's
 * {@code -version} output, and the command with its wall time. Every figure in the page comes from
 * that one run; targets are evaluated on those figures.
 *
 * <p>Usage: {@code Report <results dir> <docs/benchmarks.md> <wall seconds> <command>}; the
 * results directory holds {@code coldstart.json}, {@code jmh.json}, {@code java-version.txt} and,
 * optionally, {@code jmh-concurrency-t<threads>.json} (one per thread count) and {@code restore.md}.
 */
public final class Report {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Report() {
    }

    /**
     * @param args results directory, output file, wall seconds, the command as typed
     * @throws IOException when a result file cannot be read or the page written
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 4) {
            throw new IllegalArgumentException("usage: Report <results dir> <out.md> <wall seconds> <command>");
        }
        Path results = Path.of(args[0]);
        Path out = Path.of(args[1]);
        long wallSeconds = Long.parseLong(args[2]);
        String command = args[3];
        JsonNode cold = MAPPER.readTree(results.resolve("coldstart.json").toFile());
        JsonNode jmh = MAPPER.readTree(results.resolve("jmh.json").toFile());
        String javaVersion = Files.readString(results.resolve("java-version.txt"), StandardCharsets.UTF_8).trim();
        Path restore = results.resolve("restore.md");
        String restoreTable = Files.isRegularFile(restore) ? Files.readString(restore, StandardCharsets.UTF_8) : null;
        String jmhOptions = Files.isRegularFile(results.resolve("jmh-options.txt"))
                ? Files.readString(results.resolve("jmh-options.txt"), StandardCharsets.UTF_8).trim() : "";
        List<JsonNode> concurrency = new ArrayList<>();
        try (var files = Files.list(results)) {
            for (Path f : files.filter(f -> f.getFileName().toString().matches("jmh-concurrency-t\\d+\\.json")).toList()) {
                MAPPER.readTree(f.toFile()).forEach(concurrency::add);
            }
        }
        concurrency.sort(java.util.Comparator.comparingInt((JsonNode r) -> r.path("threads").asInt())
                .thenComparing(r -> r.path("params").path("variant").asText()));
        String concurrencyOptions = Files.isRegularFile(results.resolve("jmh-concurrency-options.txt"))
                ? Files.readString(results.resolve("jmh-concurrency-options.txt"), StandardCharsets.UTF_8).trim() : "";
        Files.writeString(out, render(cold, jmh, concurrency, concurrencyOptions, javaVersion, restoreTable, jmhOptions, wallSeconds, command,
                results.toAbsolutePath().getParent().resolve("coldstart"),
                // written by benchmarks/run right after the build, when measuring starts
                Files.getLastModifiedTime(results.resolve("java-version.txt")).toInstant()), StandardCharsets.UTF_8);
        System.out.println("wrote " + out);
    }

    static String render(JsonNode cold, JsonNode jmh, List<JsonNode> concurrency, String concurrencyOptions, String javaVersion,
                         String restoreTable, String jmhOptions,
                         long wallSeconds, String command, Path coldstartDir, java.time.Instant started) throws IOException {
        StringBuilder sb = new StringBuilder();
        JsonNode v = cold.path("variants");
        double coldA = v.path("bare").path("firstResponseMedianMs").asDouble();
        double coldB = v.path("lambdakit").path("firstResponseMedianMs").asDouble();
        double coldC = v.path("powertools").path("firstResponseMedianMs").asDouble();
        Map<String, JsonNode> overhead = new LinkedHashMap<>();
        List<JsonNode> modules = new ArrayList<>();
        for (JsonNode r : jmh) {
            if (r.path("benchmark").asText().endsWith("OverheadBenchmark.invocation")) {
                overhead.put(r.path("params").path("variant").asText(), r);
            } else {
                modules.add(r);
            }
        }
        double warmA = score(overhead.get("bare"));
        double warmB = score(overhead.get("lambdakit"));
        double warmC = score(overhead.get("powertools"));
        double cpB = v.path("lambdakit").path("classpathMb").asDouble();
        double cpC = v.path("powertools").path("classpathMb").asDouble();

        sb.append("# Benchmarks: lambdakit against a bare handler and Powertools\n\n");
        sb.append("<!-- Generated by benchmarks/run (io.lambdakit.benchmarks.coldstart.Report). Do not edit by hand: "
                + "run the command again. -->\n\n");
        sb.append("All figures on this page come from **one run** of\n\n```\n").append(command).append("\n```\n\n");
        sb.append(String.format(Locale.ROOT, "which took %d min %02d s (build included). ", wallSeconds / 60, wallSeconds % 60));
        sb.append("Measurements started: ").append(ZonedDateTime.ofInstant(started, ZoneOffset.UTC).withNano(0)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME.withLocale(Locale.ROOT))).append(".\n\n");
        sb.append("Machine: ").append(machine()).append(". It was shared with other builds while this ran: timings are noisy, "
                + "which is why the cold-start runs alternate and medians are reported.\n\n");
        sb.append("JVM (`java -version`):\n\n```\n").append(javaVersion).append("\n```\n\n");

        sb.append("## Targets\n\n");
        sb.append("| target | lambdakit (B) | Powertools (C) | ratio B/C | verdict |\n|---|---:|---:|---:|---|\n");
        target(sb, "cold-start overhead over bare, median first response (at most 1/4 of Powertools')",
                coldB - coldA, coldC - coldA, "ms", 0.25);
        target(sb, "warm overhead over bare, per invocation (at most 1/2 of Powertools')",
                warmB - warmA, warmC - warmA, "µs", 0.5);
        sb.append(String.format(Locale.ROOT, "| runtime classpath of the logging+metrics+tracing function (smaller than Powertools') "
                        + "| %.2f MB | %.2f MB | %.2f | %s |%n", cpB, cpC, cpB / cpC,
                cpB < cpC ? "**met**" : String.format(Locale.ROOT, "**missed** by %.2f MB", cpB - cpC)));
        sb.append("\n");

        sb.append("## The three functions\n\n");
        sb.append("Each does the same work per invocation: read an API Gateway (REST) event and parse its JSON body "
                + "with Jackson, write three structured log lines with two keys each, add two metrics with one "
                + "dimension and flush them as EMF, call one traced method (a sampled subsegment sent over UDP to the "
                + "X-Ray daemon), and return a response.\n\n");
        sb.append("| | function | how |\n|---|---|---|\n");
        sb.append("| A | `benchmarks/variant-bare` (`BareHandler`) | Jackson + `System.out`: log lines and the EMF blob "
                + "written by hand; the \"traced\" method is a plain call (no tracer, no segment) |\n");
        sb.append("| B | `benchmarks/variant-lambdakit` (`LambdakitHandler`) | lambdakit logging + metrics + tracing, "
                + "`@Logging` `@FlushMetrics` on the handler, `@Tracing` on the method, woven at compile time with "
                + "`aspectLibraries` as the module docs say; SLF4J `StructuredArguments.entry` |\n");
        sb.append("| C | `benchmarks/variant-powertools` (`PowertoolsHandler`) | Powertools for AWS Lambda (Java): "
                + "powertools-logging-log4j 2.9.0 (log4j JSON template layout, its documented `log4j2.xml`), "
                + "powertools-metrics 2.9.0, powertools-tracing 1.18.0 (the only tracing release in the repository "
                + "we build from) on X-Ray SDK 2.21.0 (what Powertools 2.x uses; the 2.14.0 it asks for fails on "
                + "current Jackson); same annotations, woven with `aspectLibraries` as its docs say |\n\n");
        sb.append("Configuration comes from the environment in all three: `POWERTOOLS_SERVICE_NAME=orders`, "
                + "`POWERTOOLS_METRICS_NAMESPACE=Bench`.\n\n");

        sb.append("## Cold start\n\n");
        sb.append(String.format(Locale.ROOT, "Each run is a fresh execution environment: a new JVM under the real AWS Lambda "
                + "runtime interface client (lambdakit-testing's `LocalFunction`, `RUNTIME_CLIENT` mode) against the "
                + "local Runtime API, with the managed runtime's JVM flags (`%s`), 512 MB, sampled tracing. "
                + "%d runs per function, alternating (A B C, B C A, C A B, ...) after one untimed warm-up launch each "
                + "(so every jar is in the page cache).%n%n", cold.path("jvmFlags").asText(), cold.path("runsPerVariant").asInt()));
        sb.append("- **first response**: from the launch (`invoke` on a function not yet started) to the response of the "
                + "first invocation, as the Runtime API sees it: JVM start, runtime client, handler init, first invocation.\n");
        sb.append("- **classes**: classes the function's JVM loaded up to the first response (`-Xlog:class+load`, one "
                + "extra run per function, not timed), JDK classes included.\n");
        sb.append("- **RSS**: the function JVM's `VmHWM` (peak) and `VmRSS` from `/proc/<pid>/status` right after the "
                + "first response.\n");
        sb.append("- **classpath**: the summed size of the jars a user would deploy (the function's jar and its runtime "
                + "dependencies; the runtime client, which Lambda provides, is not counted).\n\n");
        sb.append("| function | first response, median (ms) | min–max (ms) | over bare (ms) | × bare | classes | peak RSS (MB) "
                + "| RSS (MB) | classpath (MB, jars) |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String name : List.of("bare", "lambdakit", "powertools")) {
            JsonNode n = v.path(name);
            double med = n.path("firstResponseMedianMs").asDouble();
            sb.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f–%.0f | %+.0f | %.2f | %d | %.1f | %.1f | %.2f (%d) |%n",
                    label(name), med, n.path("firstResponseMinMs").asDouble(), n.path("firstResponseMaxMs").asDouble(),
                    med - coldA, med / coldA, n.path("classesLoaded").asLong(), n.path("peakRssMedianMb").asDouble(),
                    n.path("rssMedianMb").asDouble(), n.path("classpathMb").asDouble(), n.path("classpathJars").asInt()));
        }
        long clsA = v.path("bare").path("classesLoaded").asLong();
        sb.append(String.format(Locale.ROOT, "%nOver bare, lambdakit adds %.0f ms, %d classes and %.1f MB peak RSS; Powertools "
                        + "adds %.0f ms, %d classes and %.1f MB. lambdakit's cold-start overhead is %.2f of Powertools'.%n%n",
                coldB - coldA, v.path("lambdakit").path("classesLoaded").asLong() - clsA,
                v.path("lambdakit").path("peakRssMedianMb").asDouble() - v.path("bare").path("peakRssMedianMb").asDouble(),
                coldC - coldA, v.path("powertools").path("classesLoaded").asLong() - clsA,
                v.path("powertools").path("peakRssMedianMb").asDouble() - v.path("bare").path("peakRssMedianMb").asDouble(),
                (coldB - coldA) / (coldC - coldA)));
        sb.append("<details><summary>every run (ms)</summary>\n\n");
        for (String name : List.of("bare", "lambdakit", "powertools")) {
            sb.append("- ").append(label(name)).append(": ");
            List<String> xs = new ArrayList<>();
            v.path(name).path("firstResponseMs").forEach(x -> xs.add(String.format(Locale.ROOT, "%.0f", x.asDouble())));
            sb.append(String.join(", ", xs)).append("\n");
        }
        sb.append("\n</details>\n\n");
        classGroups(sb, coldstartDir);

        sb.append("## Warm: per-invocation overhead\n\n");
        sb.append("JMH `OverheadBenchmark` (harness module): the same three functions, warm, one invocation per "
                + "operation with a sampled trace header, in a JMH fork each (" + jmhOptions + ", `-prof gc`). Each "
                + "function is loaded from its own runtime classpath in a class loader of its own and called through "
                + "`Supplier` (no reflection on the measured path); stdout goes to a discarding stream for all three "
                + "after a first invocation whose output is checked; segments go over UDP to a bound socket. Unlike in "
                + "Lambda this JVM runs C2; the overhead is what matters.\n\n");
        sb.append("| function | time per invocation, JMH score (µs) | median of iterations (µs) | over bare, score / median (µs) "
                + "| × bare (score) | allocated per invocation (B) | over bare (B) |\n"
                + "|---|---:|---:|---:|---:|---:|---:|\n");
        double allocA = alloc(overhead.get("bare"));
        double medA = medianOfIterations(overhead.get("bare"));
        for (String name : List.of("bare", "lambdakit", "powertools")) {
            JsonNode r = overhead.get(name);
            if (r == null) {
                continue;
            }
            double med = medianOfIterations(r);
            sb.append(String.format(Locale.ROOT, "| %s | %.1f ± %.1f | %.1f | %+.1f / %+.1f | %.2f | %.0f | %+.0f |%n", label(name),
                    score(r), error(r), med, score(r) - warmA, med - medA, score(r) / warmA, alloc(r), alloc(r) - allocA));
        }
        double medB = medianOfIterations(overhead.get("lambdakit"));
        double medC = medianOfIterations(overhead.get("powertools"));
        sb.append(String.format(Locale.ROOT, "%nlambdakit's warm overhead is %.2f of Powertools' by JMH's score (the mean of the "
                        + "iterations, the figure the target uses) and %.2f by the median of the iterations, which a single "
                        + "iteration disturbed by the shared machine moves less (a wide ± says that happened).%n%n",
                (warmB - warmA) / (warmC - warmA), (medB - medA) / (medC - medA)));

        sb.append("## Hot paths of each module (lambdakit only)\n\n");
        sb.append("JMH, " + jmhOptions + ", `-prof gc`; the benchmark classes in `benchmarks/src/main/java/io/lambdakit/benchmarks` "
                + "say what each one does.\n\n");
        sb.append("| benchmark | params | score | allocated (B/op) |\n|---|---|---:|---:|\n");
        for (JsonNode r : modules) {
            String name = r.path("benchmark").asText().replace("io.lambdakit.benchmarks.", "");
            List<String> params = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = r.path("params").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                params.add(e.getKey() + "=" + e.getValue().asText());
            }
            double a = alloc(r);
            String unit = r.path("primaryMetric").path("scoreUnit").asText();
            String scoreText = String.format(Locale.ROOT, "%.1f ± %.1f %s", score(r), error(r), unit);
            String allocText = Double.isNaN(a) ? "" : String.format(Locale.ROOT, "%.0f", a);
            int records = r.path("params").path("records").asInt(0);
            if (records > 0) {
                scoreText += String.format(Locale.ROOT, " (%.1f %s per record)", score(r) / records, unit.replace("/op", ""));
                allocText += String.format(Locale.ROOT, " (%.0f per record)", a / records);
            }
            sb.append(String.format(Locale.ROOT, "| `%s` | %s | %s | %s |%n", name, String.join(", ", params), scoreText, allocText));
        }
        sb.append("\n");

        concurrency(sb, concurrency, concurrencyOptions);

        sb.append("## SnapStart: first invocation after a restore\n\n");
        if (restoreTable != null) {
            sb.append(restoreTable.replaceFirst("^# [^\\n]*\\n+", "")).append("\n");
        } else {
            sb.append("Not run: `io.lambdakit.benchmarks.snapstart.RestoreHarness` was not on the harness classpath.\n\n");
        }

        sb.append("## Reproduce\n\n");
        sb.append("From a clone of the repository (Linux, JDK 17+, Maven 3.8+, and a JDK 25 for the java25 configurations of the restore benchmark; the wall time of the run above is at the top):\n\n```\n"
                + "benchmarks/run\n```\n\n");
        sb.append("It builds the benchmark modules and what they need (`mvn -pl benchmarks/harness,benchmarks/coldstart -am "
                + "package -DskipTests`; `LAMBDAKIT_BENCH_BUILD=installed` builds only `benchmarks/` against lambdakit "
                + "modules already in the local repository), runs the cold-start driver, JMH, and the SnapStart restore "
                + "harness, then writes this page. Settings: `COLD_RUNS` (runs per function, default 15), "
                + "`RESTORE_RUNS` (default 10), `JMH_OPTS` (default `-f 1 -wi 3 -w 1s -i 5 -r 1s`), `CONCURRENCY_THREADS` "
                + "(default `1 4 16`), `LAMBDAKIT_JDK25_HOME` (the JDK 25 of the restore benchmark; default: the first "
                + "`/usr/lib/jvm/*25*` that is one). Raw results stay in `benchmarks/target/results/` (`coldstart.json`, "
                + "`jmh.json`, `jmh.txt`, `jmh-concurrency-t<N>.json`, `jmh-concurrency.txt`, `restore.md`). Nothing "
                + "of this runs in CI: `mvn verify` only compiles `benchmarks/` (on its own: `mvn -B -q -pl benchmarks -amd verify` "
                + "with the lambdakit modules installed).\n\n");
        sb.append("Layout: `benchmarks/variant-bare`, `variant-lambdakit`, `variant-powertools` (the three functions, each "
                + "with its own runtime classpath and weaving; `variant-common` holds the synthetic Context and the JMH door "
                + "all three carry alike), `benchmarks/coldstart` (the cold-start driver and this "
                + "report), `benchmarks/harness` (JMH and the SnapStart restore harness; it compiles "
                + "`benchmarks/src/main/java`). None of them is installed or deployed.\n");
        return sb.toString();
    }

    /** The "Concurrency (Lambda Managed Instances)" section, from the {@code ConcurrencyBenchmark} runs (one per thread count). */
    private static void concurrency(StringBuilder sb, List<JsonNode> results, String jmhOptions) {
        sb.append("## Concurrency (Lambda Managed Instances)\n\n");
        if (results.isEmpty()) {
            sb.append("Not run (no `jmh-concurrency-t<N>.json` in the results).\n\n");
            return;
        }
        int cores = Runtime.getRuntime().availableProcessors();
        sb.append("On Lambda Managed Instances one JVM runs many invocations at once, each on a runtime worker thread, "
                + "all through one handler object. JMH `ConcurrencyBenchmark` (harness module): functions A (bare) and B "
                + "(lambdakit) from the warm benchmark above, one handler per JVM, called by 1, 4 and 16 JMH threads at once "
                + "(`-t N`, one JMH run per thread count, " + jmhOptions + ", `-prof gc -prof "
                + "io.lambdakit.benchmarks.CpuTimeProfiler`), with `AWS_LAMBDA_INITIALIZATION_TYPE=lambda-managed-instances` "
                + "and `AWS_LAMBDA_MAX_CONCURRENCY=N`. Each thread runs whole invocations, each with its own `Context` "
                + "(the next of 64 request ids and sampled trace ids of its own): a log line, metrics flushed as EMF and a "
                + "traced subsegment sent over UDP per invocation, as above. Before measuring, each run checks that N "
                + "workers started at once wrote exactly their own three log lines and one EMF blob per invocation, then "
                + "warms the handler on one thread until the JIT compiler is quiet (with 16 threads on 2 cores the compiler "
                + "threads get too little CPU to finish within JMH's warm-up, and a partly interpreted handler would be "
                + "measured, more so the more threads).\n\n");
        sb.append(String.format(Locale.ROOT, "This machine has %d cores, shared with other builds: with more threads than "
                + "cores, JMH's time per operation is each thread's latency and includes waiting for a core (16 threads on "
                + "2 cores wait about 8x), so it grows with the threads for bare and lambdakit alike and says nothing about "
                + "contention by itself; other processes stretch it too. What an invocation costs is its **CPU time**: "
                + "the CPU time of the benchmark threads over an iteration divided by their invocations (`CpuTimeProfiler`'s "
                + "`cpu.worker.norm`: the handler's own work, spinning on a contended lock included, waiting for a core "
                + "not), and the same for the whole JVM (`cpu.time.norm`: GC and JIT included). A global lock on the hot "
                + "path shows as worker CPU that grows with the threads (spinning, lock hand-offs) and as fewer cores kept "
                + "busy than the machine gives (threads parked on the lock): the *cores busy* column, read against the "
                + "other processes' load. The overhead of lambdakit is B minus A at the same thread count; the target uses "
                + "the worker CPU time.%n%n", cores));
        sb.append("| threads | function | time per invocation per thread, JMH score (µs) | invocations/s, whole JVM "
                + "| CPU time per invocation, benchmark threads (µs) | CPU time per invocation, whole JVM (µs) "
                + "| cores busy | allocated per invocation (B) |\n"
                + "|---:|---|---:|---:|---:|---:|---:|---:|\n");
        Map<Integer, Map<String, JsonNode>> byThreads = new java.util.TreeMap<>();
        for (JsonNode r : results) {
            int t = r.path("threads").asInt();
            byThreads.computeIfAbsent(t, k -> new LinkedHashMap<>()).put(r.path("params").path("variant").asText(), r);
            sb.append(String.format(Locale.ROOT, "| %d | %s | %.1f ± %.1f | %.0f | %.1f ± %.1f | %.1f | %.2f | %.0f |%n", t,
                    label(r.path("params").path("variant").asText()), score(r), error(r), t / score(r) * 1e6,
                    secondary(r, "cpu.worker.norm"), secondaryError(r, "cpu.worker.norm"), secondary(r, "cpu.time.norm"),
                    secondary(r, "cpu.cores"), alloc(r)));
        }
        sb.append("\n| threads | overhead B − A: CPU time per invocation, benchmark threads (µs) | whole JVM (µs) "
                + "| JMH score (µs) | allocated (B) |\n|---:|---:|---:|---:|---:|\n");
        Map<Integer, Double> cpuOverhead = new LinkedHashMap<>();
        for (Map.Entry<Integer, Map<String, JsonNode>> e : byThreads.entrySet()) {
            JsonNode a = e.getValue().get("bare");
            JsonNode b = e.getValue().get("lambdakit");
            if (a == null || b == null) {
                continue;
            }
            double cpu = secondary(b, "cpu.worker.norm") - secondary(a, "cpu.worker.norm");
            cpuOverhead.put(e.getKey(), cpu);
            sb.append(String.format(Locale.ROOT, "| %d | %+.1f | %+.1f | %+.1f | %+.0f |%n", e.getKey(), cpu,
                    secondary(b, "cpu.time.norm") - secondary(a, "cpu.time.norm"), score(b) - score(a), alloc(b) - alloc(a)));
        }
        Integer one = cpuOverhead.containsKey(1) ? Integer.valueOf(1) : null;
        Integer most = cpuOverhead.isEmpty() ? null : java.util.Collections.max(cpuOverhead.keySet());
        if (one != null && most != null && most > 1) {
            double ratio = cpuOverhead.get(most) / cpuOverhead.get(one);
            sb.append(String.format(Locale.ROOT, "%nTarget: lambdakit's per-invocation overhead (CPU time of the benchmark threads) must not grow by more "
                            + "than 2x from 1 to %d threads (no global lock on the hot path). It is %+.1f µs at 1 thread and %+.1f "
                            + "µs at %d threads: **%.2fx**, %s.%n%n", most, cpuOverhead.get(one), cpuOverhead.get(most), most,
                    ratio, ratio <= 2.0 ? "**met**" : "**missed**"));
        }
        sb.append("Command: part of `benchmarks/run` (settings `CONCURRENCY_THREADS`, default `1 4 16`, and "
                + "`CONCURRENCY_JMH_OPTS`, default `-f 1 -wi 3 -w 2s -i 5 -r 2s`, after the single-threaded warm-up). "
                + "For each N it runs `java -cp <harness classpath> org.openjdk.jmh.Main <options> -t N -prof gc -prof "
                + "io.lambdakit.benchmarks.CpuTimeProfiler 'io.lambdakit.benchmarks.ConcurrencyBenchmark.invocation$'` in "
                + "the function's environment (see the script).\n\n");
    }

    private static double secondaryError(JsonNode r, String suffix) {
        for (Iterator<Map.Entry<String, JsonNode>> it = r.path("secondaryMetrics").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().endsWith(suffix)) {
                double err = e.getValue().path("scoreError").asDouble(Double.NaN);
                return Double.isNaN(err) ? 0 : err;
            }
        }
        return Double.NaN;
    }

    private static double secondary(JsonNode r, String suffix) {
        for (Iterator<Map.Entry<String, JsonNode>> it = r.path("secondaryMetrics").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().endsWith(suffix)) {
                return e.getValue().path("score").asDouble();
            }
        }
        return Double.NaN;
    }

    private static void target(StringBuilder sb, String what, double b, double c, String unit, double limit) {
        double ratio = b / c;
        String verdict;
        if (ratio <= limit) {
            verdict = "**met**";
        } else {
            verdict = String.format(Locale.ROOT, "**missed**: B would have to be at most %.1f %s, it is %.1f %s over that",
                    c * limit, unit, b - c * limit, unit);
        }
        sb.append(String.format(Locale.ROOT, "| %s | %+.1f %s | %+.1f %s | %.2f | %s |%n", what, b, unit, c, unit, ratio, verdict));
    }

    private static String label(String name) {
        return switch (name) {
            case "bare" -> "A bare";
            case "lambdakit" -> "B lambdakit";
            case "powertools" -> "C Powertools";
            default -> name;
        };
    }

    /** What the toolkits load beyond bare, by package, from the class-load logs of the counting runs. */
    private static void classGroups(StringBuilder sb, Path coldstartDir) throws IOException {
        Path bareLog = coldstartDir.resolve("classload-bare.log");
        if (!Files.isRegularFile(bareLog)) {
            return;
        }
        java.util.Set<String> bare = classNames(bareLog);
        sb.append("Where the extra classes come from (classes loaded up to the first response that bare does not load, "
                + "by package, lambdas and other hidden classes left out; from the same counting runs):\n\n");
        for (String name : List.of("lambdakit", "powertools")) {
            Path log = coldstartDir.resolve("classload-" + name + ".log");
            if (!Files.isRegularFile(log)) {
                continue;
            }
            Map<String, Integer> groups = new java.util.HashMap<>();
            int total = 0;
            for (String c : classNames(log)) {
                if (!bare.contains(c)) {
                    groups.merge(group(c), 1, Integer::sum);
                    total++;
                }
            }
            List<Map.Entry<String, Integer>> top = new ArrayList<>(groups.entrySet());
            top.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
            List<String> parts = new ArrayList<>();
            for (Map.Entry<String, Integer> e : top.subList(0, Math.min(10, top.size()))) {
                parts.add("`" + e.getKey() + "` " + e.getValue());
            }
            sb.append("- ").append(label(name)).append(" (").append(total).append(" named classes): ")
                    .append(String.join(", ", parts)).append("\n");
        }
        sb.append("\n");
    }

    private static java.util.Set<String> classNames(Path log) throws IOException {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            int end = line.indexOf(" source:");
            if (end < 0) {
                continue;
            }
            int start = line.lastIndexOf(' ', end - 1) + 1;
            String name = line.substring(start, end);
            if (!name.contains("/0x")) { // lambdas and other hidden classes: their names differ from run to run
                names.add(name);
            }
        }
        return names;
    }

    private static String group(String className) {
        String[] p = className.split("\\.");
        int depth = switch (p[0]) {
            case "java", "javax", "jdk", "sun" -> 2;
            default -> 3;
        };
        StringBuilder g = new StringBuilder(p[0]);
        for (int i = 1; i < Math.min(depth, p.length - 1); i++) {
            g.append('.').append(p[i]);
        }
        return g.toString();
    }

    private static double medianOfIterations(JsonNode r) {
        if (r == null) {
            return Double.NaN;
        }
        List<Double> xs = new ArrayList<>();
        r.path("primaryMetric").path("rawData").forEach(fork -> fork.forEach(x -> xs.add(x.asDouble())));
        if (xs.isEmpty()) {
            return score(r);
        }
        return ColdStartHarness.median(xs);
    }

    private static double score(JsonNode r) {
        return r == null ? Double.NaN : r.path("primaryMetric").path("score").asDouble();
    }

    private static double error(JsonNode r) {
        double e = r.path("primaryMetric").path("scoreError").asDouble(Double.NaN);
        return Double.isNaN(e) ? 0 : e;
    }

    private static double alloc(JsonNode r) {
        if (r == null) {
            return Double.NaN;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = r.path("secondaryMetrics").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().endsWith("gc.alloc.rate.norm")) {
                return e.getValue().path("score").asDouble();
            }
        }
        return Double.NaN;
    }

    private static String machine() throws IOException {
        String cpu = "unknown CPU";
        for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
            if (line.startsWith("model name")) {
                cpu = line.substring(line.indexOf(':') + 1).trim();
                break;
            }
        }
        long memKb = 0;
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                memKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return String.format(Locale.ROOT, "%d cores (%s), %.1f GiB RAM, %s %s %s", Runtime.getRuntime().availableProcessors(),
                cpu, memKb / 1024.0 / 1024.0, System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("os.arch"));
    }
}
