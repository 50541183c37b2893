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
 * JVM ({@link RestoreChild}); modes and JVM configurations rotate so that machine noise hits all
 * alike. Writes a markdown report with medians to {@code args[0]}.
 *
 * <p>JVM configurations, each measured in every mode:
 * <ul>
 *   <li><b>JDK 17, C1</b>: this JVM with the flags of Lambda's java17/java21 managed runtimes
 *       ({@code -Dlambdakit.bench.jvmArgs}, default {@code -XX:+TieredCompilation
 *       -XX:TieredStopAtLevel=1}): what SnapStart functions run today;</li>
 *   <li><b>JDK 25, C1</b>: JDK 25 with the same flags (java25 on demand), the control that tells the
 *       JDK's part from the compiler's;</li>
 *   <li><b>JDK 25, C2</b>: JDK 25 with the JVM's default tiered compilation, C2 included
 *       ({@code -XX:+TieredCompilation -XX:TieredStopAtLevel=4}, the last flag wins): what java25
 *       runs SnapStart and provisioned-concurrency functions with.</li>
 * </ul>
 * JDK 25 is {@code -Dlambdakit.bench.jdk25Home}, else {@code LAMBDAKIT_JDK25_HOME}, else the first
 * {@code /usr/lib/jvm/*25*} whose {@code release} file says 25; where there is none, the JDK 25
 * configurations are skipped with a notice (printed and in the report). When this JVM is not a
 * JDK 17, the first configuration is labelled with its version.
 *
 * <p>Runs per mode and configuration: {@code -Dlambdakit.bench.restoreRuns} (default 10). Class
 * path of the children: {@code -Dlambdakit.bench.classpath}, else this JVM's.
 */
public final class RestoreHarness {

    private static final String DEFAULT_JVM_ARGS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";
    /** java25's SnapStart and provisioned-concurrency flags: the JVM's default tiered compilation (C2 on). */
    private static final String C2_JVM_ARGS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=4";
    private static final long CHILD_TIMEOUT_SECONDS = 120;
    private static final List<String> MODES = List.of("primed", "preloaded", "lazy");

    /** One child's measurement. */
    record Sample(String mode, long firstInvocationNanos, long classesLoaded, long checkpointNanos, long restoreNanos,
                  String javaVersion, int tieredStopAtLevel) {
    }

    /** A JVM the children run on: its {@code bin/java} and flags. */
    record JvmConfig(String label, Path java, String jvmArgs) {
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
        List<JvmConfig> configs = new ArrayList<>();
        Path ownJava = Paths.get(System.getProperty("java.home"), "bin", "java");
        int ownFeature = Runtime.version().feature();
        configs.add(new JvmConfig("JDK " + ownFeature + (jvmArgs.contains("TieredStopAtLevel=1") ? ", C1" : ""), ownJava, jvmArgs));
        String skipped = null;
        Path jdk25 = findJdk25();
        if (jdk25 == null) {
            skipped = "JDK 25 not found (set -Dlambdakit.bench.jdk25Home or LAMBDAKIT_JDK25_HOME, or install one under "
                    + "/usr/lib/jvm); skipped the JDK 25 configurations";
            System.out.println("[restore] " + skipped);
        } else {
            Path java25 = jdk25.resolve("bin").resolve("java");
            if (ownFeature != 25) {
                configs.add(new JvmConfig("JDK 25, C1", java25, jvmArgs));
            }
            configs.add(new JvmConfig("JDK 25, C2", java25, C2_JVM_ARGS));
        }
        Map<JvmConfig, Map<String, List<Sample>>> samples = new LinkedHashMap<>();
        for (JvmConfig c : configs) {
            Map<String, List<Sample>> byMode = new LinkedHashMap<>();
            for (String mode : MODES) {
                byMode.put(mode, new ArrayList<>());
            }
            samples.put(c, byMode);
        }
        int total = runs * MODES.size() * configs.size();
        int done = 0;
        for (int i = 0; i < runs; i++) {
            for (int c = 0; c < configs.size(); c++) {
                JvmConfig config = configs.get((i + c) % configs.size());
                for (int k = 0; k < MODES.size(); k++) {
                    String mode = MODES.get((i + c + k) % MODES.size());
                    Sample s = runChild(classpath, config, mode);
                    samples.get(config).get(mode).add(s);
                    done++;
                    System.out.printf(Locale.ROOT, "[restore %d/%d] %-10s %-9s first invocation %.2f ms, %d classes loaded%n",
                            done, total, config.label(), s.mode(), s.firstInvocationNanos() / 1e6, s.classesLoaded());
                }
            }
        }
        String report = report(samples, runs, skipped);
        Path out = Paths.get(args[0]);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, report, StandardCharsets.UTF_8);
        System.out.print(report);
    }

    /** JDK 25's home, or null: the property, the variable, else a {@code /usr/lib/jvm/*25*} whose release says 25. */
    static Path findJdk25() throws IOException {
        String given = System.getProperty("lambdakit.bench.jdk25Home", System.getenv("LAMBDAKIT_JDK25_HOME"));
        if (given != null && !given.isBlank()) {
            Path home = Paths.get(given);
            if (featureVersion(home) != 25) {
                throw new IllegalArgumentException("the JDK 25 home was '" + given + "' but its release file does not say "
                        + "JAVA_VERSION=\"25...\" (or it has no bin/java); point lambdakit.bench.jdk25Home or "
                        + "LAMBDAKIT_JDK25_HOME at a JDK 25");
            }
            return home;
        }
        Path jvms = Paths.get("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return null;
        }
        List<Path> candidates = new ArrayList<>();
        try (var list = Files.list(jvms)) {
            list.filter(p -> p.getFileName().toString().contains("25")).forEach(candidates::add);
        }
        Collections.sort(candidates);
        for (Path home : candidates) {
            if (featureVersion(home) == 25) {
                return home;
            }
        }
        return null;
    }

    /** The feature version in {@code <home>/release}, or -1 where there is no JDK there. */
    static int featureVersion(Path home) throws IOException {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin").resolve("java"))) {
            return -1;
        }
        for (String line : Files.readAllLines(release, StandardCharsets.UTF_8)) {
            if (line.startsWith("JAVA_VERSION=")) {
                String v = line.substring("JAVA_VERSION=".length()).replace("\"", "").trim();
                int end = 0;
                while (end < v.length() && Character.isDigit(v.charAt(end))) {
                    end++;
                }
                return end == 0 ? -1 : Integer.parseInt(v.substring(0, end));
            }
        }
        return -1;
    }

    private static Sample runChild(String classpath, JvmConfig config, String mode) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(config.java().toString());
        for (String a : config.jvmArgs().trim().split("\\s+")) {
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
            throw new IllegalStateException("a restore child (" + config.label() + ", " + mode + ") failed with exit code "
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
                Long.parseLong(fields.get("restoreNanos")), fields.getOrDefault("java", "?"),
                Integer.parseInt(fields.getOrDefault("tieredStopAtLevel", "-1")));
    }

    static String report(Map<JvmConfig, Map<String, List<Sample>>> samples, int runs, String skipped) {
        StringBuilder sb = new StringBuilder();
        sb.append("# SnapStart: first invocation after a simulated restore\n\n");
        sb.append("Generated ").append(Instant.now()).append(" by `io.lambdakit.benchmarks.snapstart.RestoreHarness`, ")
                .append(runs).append(" fresh JVMs per mode and JVM configuration, modes and configurations alternating.\n\n");
        sb.append("Each JVM initialises one handler using logging, metrics, tracing, idempotency (in-memory store) and secrets "
                + "(through the extension protocol), then runs the SnapStart hooks through `Lifecycle` and times the first "
                + "invocation. **primed**: the before-checkpoint hooks run (class lists preloaded, codecs warmed) and the "
                + "handler is primed silently; **preloaded**: the before-checkpoint hooks run without handler priming; "
                + "**lazy**: no before-checkpoint work, classes load on the first request. No real snapshot is taken (no "
                + "CRaC JDK here), so the restore is the after-restore hooks only; what the JIT compiled before the "
                + "checkpoint is still there, as in a snapshot.\n\n");
        sb.append("JVM configurations: Lambda's java17 and java21 runtimes run every function with `-XX:TieredStopAtLevel=1` "
                + "(C1 only); java25 runs SnapStart and provisioned-concurrency functions with the JVM's default tiered "
                + "compilation (C2 included). JDK 25 with C1 only is the control that separates the JDK's part from the "
                + "compiler's.\n\n");
        if (skipped != null) {
            sb.append("**").append(skipped).append(".**\n\n");
        }
        sb.append("| JVM | java.version | child JVM flags (effective TieredStopAtLevel) | primed, median (ms) | preloaded, median (ms) "
                + "| lazy, median (ms) | lazy / primed | lazy / preloaded |\n");
        sb.append("|---|---|---|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<JvmConfig, Map<String, List<Sample>>> e : samples.entrySet()) {
            Map<String, List<Sample>> m = e.getValue();
            double primed = median(m.get("primed"), Sample::firstInvocationNanos);
            double preloaded = median(m.get("preloaded"), Sample::firstInvocationNanos);
            double lazy = median(m.get("lazy"), Sample::firstInvocationNanos);
            Sample any = m.get("primed").get(0);
            sb.append(String.format(Locale.ROOT, "| %s | %s | `%s` (%d) | %.2f | %.2f | %.2f | %.1fx | %.1fx |%n",
                    e.getKey().label(), any.javaVersion(), e.getKey().jvmArgs(), any.tieredStopAtLevel(),
                    primed / 1e6, preloaded / 1e6, lazy / 1e6, lazy / Math.max(1.0, primed), lazy / Math.max(1.0, preloaded)));
        }
        sb.append("\n");
        for (Map.Entry<JvmConfig, Map<String, List<Sample>>> e : samples.entrySet()) {
            sb.append("### ").append(e.getKey().label()).append(" (`").append(e.getKey().jvmArgs()).append("`)\n\n");
            sb.append("| mode | first invocation, median (ms) | min (ms) | max (ms) | classes loaded by it, median "
                    + "| before-checkpoint hooks, median (ms) | after-restore hooks, median (ms) |\n");
            sb.append("|---|---:|---:|---:|---:|---:|---:|\n");
            for (Map.Entry<String, List<Sample>> m : e.getValue().entrySet()) {
                row(sb, m.getKey(), m.getValue());
            }
            double lazy = median(e.getValue().get("lazy"), Sample::firstInvocationNanos);
            sb.append(String.format(Locale.ROOT, "%nAgainst lazy loading (median against median), the first invocation after restore is "
                            + "%.1fx faster primed and %.1fx faster with the modules' preloading alone.%n%n",
                    lazy / Math.max(1.0, median(e.getValue().get("primed"), Sample::firstInvocationNanos)),
                    lazy / Math.max(1.0, median(e.getValue().get("preloaded"), Sample::firstInvocationNanos))));
        }
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
