package io.lambdakit.benchmarks.snapstart;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The SnapStart restore benchmark: the first invocation after a simulated restore, with priming
 * on (the modules' before-checkpoint hooks preload their recorded class lists and warm their
 * codecs, and the handler is primed), with the modules' preloading only (no handler priming), and
 * off (classes load lazily on the first request), in the same run. Each measurement is a fresh
 * JVM ({@link RestoreChild}); modes rotate so that machine noise hits all alike. Writes a markdown
 * table with medians to {@code args[0]}.
 *
 * <p>Runs per mode: {@code -Dlambdakit.bench.restoreRuns} (default 10). Child JVM flags:
 * {@code -Dlambdakit.bench.jvmArgs} (default Lambda's {@code -XX:+TieredCompilation
 * -XX:TieredStopAtLevel=1}). Class path of the children: {@code -Dlambdakit.bench.classpath},
 * else this JVM's.
 */
public final class RestoreHarness {

    private static final String DEFAULT_JVM_ARGS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";
    private static final long CHILD_TIMEOUT_SECONDS = 120;
    private static final List<String> MODES = List.of("primed", "preloaded", "lazy");

    /** One child's measurement. */
    record Sample(String mode, long firstInvocationNanos, long classesLoaded, long checkpointNanos, long restoreNanos) {
    }

    private RestoreHarness() {
    }

    /**
     * @param args {@code args[0]}: where to write the markdown report
     * @throws Exception when a child fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: RestoreHarness <report.md>");
        }
        int runs = Integer.getInteger("lambdakit.bench.restoreRuns", 10);
        if (runs < 1) {
            throw new IllegalArgumentException("lambdakit.bench.restoreRuns was " + runs + " but it must be at least 1");
        }
        String jvmArgs = System.getProperty("lambdakit.bench.jvmArgs", DEFAULT_JVM_ARGS);
        String classpath = classpath();
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        for (String mode : MODES) {
            samples.put(mode, new ArrayList<>());
        }
        for (int i = 0; i < runs; i++) {
            for (int k = 0; k < MODES.size(); k++) {
                String mode = MODES.get((i + k) % MODES.size());
                Sample s = runChild(classpath, jvmArgs, mode);
                samples.get(mode).add(s);
                System.out.printf(Locale.ROOT, "[restore %d/%d] %-9s first invocation %.2f ms, %d classes loaded%n",
                        i + 1, runs, s.mode(), s.firstInvocationNanos() / 1e6, s.classesLoaded());
            }
        }
        String report = report(samples, runs, jvmArgs);
        Path out = Paths.get(args[0]);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, report, StandardCharsets.UTF_8);
        System.out.print(report);
    }

    private static Sample runChild(String classpath, String jvmArgs, String mode) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : jvmArgs.trim().split("\\s+")) {
            if (!a.isEmpty()) {
                cmd.add(a);
            }
        }
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(RestoreChild.class.getName());
        cmd.add(mode);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("_X_AMZN") || k.equals("JAVA_TOOL_OPTIONS"));
        Process p = pb.start();
        List<String> output = new ArrayList<>();
        String result = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                output.add(line);
                if (line.startsWith("RESULT ")) {
                    result = line;
                }
            }
        }
        if (!p.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("a restore child did not finish within " + CHILD_TIMEOUT_SECONDS + " s");
        }
        if (p.exitValue() != 0 || result == null) {
            throw new IllegalStateException("a restore child (" + mode + ") failed with exit code "
                    + p.exitValue() + ":\n" + String.join("\n", output));
        }
        return parse(result);
    }

    static Sample parse(String line) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : line.substring("RESULT ".length()).trim().split(" ")) {
            int eq = part.indexOf('=');
            fields.put(part.substring(0, eq), part.substring(eq + 1));
        }
        return new Sample(fields.get("mode"), Long.parseLong(fields.get("firstInvocationNanos")),
                Long.parseLong(fields.get("classesLoaded")), Long.parseLong(fields.get("checkpointNanos")),
                Long.parseLong(fields.get("restoreNanos")));
    }

    static String report(Map<String, List<Sample>> samples, int runs, String jvmArgs) {
        StringBuilder sb = new StringBuilder();
        sb.append("# SnapStart: first invocation after a simulated restore\n\n");
        sb.append("Generated ").append(Instant.now()).append(" by `io.lambdakit.benchmarks.snapstart.RestoreHarness`, ")
                .append(runs).append(" fresh JVMs per mode, modes alternating, Java ").append(System.getProperty("java.version"))
                .append(", child JVM flags `").append(jvmArgs).append("`.\n\n");
        sb.append("Each JVM initialises one handler using logging, metrics, tracing, idempotency (in-memory store) and secrets "
                + "(through the extension protocol), then runs the SnapStart hooks through `Lifecycle` and times the first "
                + "invocation. **primed**: the before-checkpoint hooks run (class lists preloaded, codecs warmed) and the "
                + "handler is primed silently; **preloaded**: the before-checkpoint hooks run without handler priming; "
                + "**lazy**: no before-checkpoint work, classes load on the first request. No real snapshot is taken (no "
                + "CRaC JDK here), so the restore is the after-restore hooks only.\n\n");
        sb.append("| mode | first invocation, median (ms) | min (ms) | max (ms) | classes loaded by it, median "
                + "| before-checkpoint hooks, median (ms) | after-restore hooks, median (ms) |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<String, List<Sample>> e : samples.entrySet()) {
            row(sb, e.getKey(), e.getValue());
        }
        double lazy = median(samples.get("lazy"), Sample::firstInvocationNanos);
        sb.append(String.format(Locale.ROOT, "%nAgainst lazy loading (median against median), the first invocation after restore is "
                        + "%.1fx faster primed and %.1fx faster with the modules' preloading alone.%n",
                lazy / Math.max(1.0, median(samples.get("primed"), Sample::firstInvocationNanos)),
                lazy / Math.max(1.0, median(samples.get("preloaded"), Sample::firstInvocationNanos))));
        return sb.toString();
    }

    private static void row(StringBuilder sb, String mode, List<Sample> samples) {
        List<Long> first = values(samples, Sample::firstInvocationNanos);
        sb.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.0f | %.2f | %.2f |%n", mode,
                median(samples, Sample::firstInvocationNanos) / 1e6, first.get(0) / 1e6, first.get(first.size() - 1) / 1e6,
                median(samples, Sample::classesLoaded), median(samples, Sample::checkpointNanos) / 1e6,
                median(samples, Sample::restoreNanos) / 1e6));
    }

    private static List<Long> values(List<Sample> samples, java.util.function.ToLongFunction<Sample> f) {
        List<Long> v = new ArrayList<>();
        for (Sample s : samples) {
            v.add(f.applyAsLong(s));
        }
        Collections.sort(v);
        return v;
    }

    static double median(List<Sample> samples, java.util.function.ToLongFunction<Sample> f) {
        List<Long> v = values(samples, f);
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2.0;
    }

    /** The children's class path: the override, else this JVM's, else (under exec:java) this class loader's URLs. */
    private static String classpath() throws URISyntaxException {
        String override = System.getProperty("lambdakit.bench.classpath");
        if (override != null && !override.isBlank()) {
            return override;
        }
        String own = System.getProperty("java.class.path", "");
        URL here = RestoreHarness.class.getProtectionDomain().getCodeSource().getLocation();
        String herePath = Paths.get(here.toURI()).toString();
        if (own.contains(herePath)) {
            return own;
        }
        ClassLoader loader = RestoreHarness.class.getClassLoader();
        if (loader instanceof URLClassLoader u) {
            List<String> entries = new ArrayList<>();
            for (URL url : u.getURLs()) {
                entries.add(Paths.get(url.toURI()).toString());
            }
            return String.join(File.pathSeparator, entries);
        }
        throw new IllegalStateException("cannot tell the benchmark's class path; pass -Dlambdakit.bench.classpath=...");
    }
}
