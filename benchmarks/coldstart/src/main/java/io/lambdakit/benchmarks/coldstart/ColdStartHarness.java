package io.lambdakit.benchmarks.coldstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lambdakit.testing.InvocationResult;
import io.lambdakit.testing.LocalFunction;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Cold start of the three functions, side by side. Each run launches a fresh execution environment
 * (a new JVM under the real runtime interface client, with the managed runtime's JVM flags, see
 * {@link LocalFunction#MANAGED_RUNTIME_JVM_FLAGS}) and sends one API Gateway event; variants
 * alternate (A B C, B C A, C A B, ...) so that machine noise hits all alike. Per run: time from
 * launch to the first response, and the child's peak and current RSS right after it. Then one more
 * run per variant with {@code -Xlog:class+load} counts the classes loaded up to the first response
 * (kept out of the timed runs, since logging costs time per class). Every run is checked: status
 * 200, three log lines, one EMF blob and, for the toolkits, one X-Ray segment.
 *
 * <p>Usage: {@code ColdStartHarness <benchmarks dir> <results.json> [runs per variant]}.
 */
public final class ColdStartHarness {

    static final String EVENT = "{\"resource\":\"/orders\",\"path\":\"/orders\",\"httpMethod\":\"POST\","
            + "\"headers\":{\"content-type\":\"application/json\"},"
            + "\"requestContext\":{\"resourcePath\":\"/orders\",\"httpMethod\":\"POST\",\"stage\":\"prod\","
            + "\"requestId\":\"c6af9ac6-7b61-11e6-9a41-93e8deadbeef\",\"accountId\":\"123456789012\"},"
            + "\"body\":\"{\\\"orderId\\\":\\\"o-42\\\",\\\"amount\\\":42.5,\\\"items\\\":[{\\\"sku\\\":\\\"a-1\\\",\\\"qty\\\":2}]}\","
            + "\"isBase64Encoded\":false}";

    private static final Map<String, String> ENVIRONMENT = Map.of(
            "POWERTOOLS_SERVICE_NAME", "orders",
            "POWERTOOLS_METRICS_NAMESPACE", "Bench");

    private ColdStartHarness() {
    }

    /** One fresh environment's figures. */
    record Sample(String variant, double firstResponseMs, long vmHwmKb, long vmRssKb) {
    }

    /**
     * @param args benchmarks directory, output JSON file, optional runs per variant (default 15)
     * @throws Exception when a run fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: ColdStartHarness <benchmarks dir> <results.json> [runs per variant]");
        }
        Path benchmarks = Path.of(args[0]).toAbsolutePath();
        Path out = Path.of(args[1]).toAbsolutePath();
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        if (runs < 1) {
            throw new IllegalArgumentException("runs was " + runs + " but it must be at least 1");
        }
        Path work = Files.createDirectories(benchmarks.resolve("target").resolve("coldstart"));
        List<Variant> variants = Variant.all(benchmarks);

        // one untimed launch per variant first: the page cache holds every jar before measuring starts
        for (Variant v : variants) {
            runOnce(v, work, List.of(), null);
        }
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        variants.forEach(v -> samples.put(v.name(), new ArrayList<>()));
        for (int i = 0; i < runs; i++) {
            for (int k = 0; k < variants.size(); k++) {
                Variant v = variants.get((i + k) % variants.size());
                Sample s = runOnce(v, work, List.of(), null);
                samples.get(v.name()).add(s);
                System.out.printf(Locale.ROOT, "[cold start %d/%d] %-10s first response %7.1f ms, peak RSS %6.1f MB%n",
                        i + 1, runs, v.name(), s.firstResponseMs(), s.vmHwmKb() / 1024.0);
            }
        }
        Map<String, Long> classes = new LinkedHashMap<>();
        for (Variant v : variants) {
            Path log = work.resolve("classload-" + v.name() + ".log");
            Files.deleteIfExists(log);
            long[] count = new long[1];
            runOnce(v, work, List.of("-Xlog:class+load=info:file=" + log), () -> count[0] = countLines(log));
            classes.put(v.name(), count[0]);
            System.out.printf(Locale.ROOT, "[classes] %-10s %d classes loaded up to the first response%n", v.name(), count[0]);
        }
        write(out, variants, samples, classes, runs);
    }

    private static Sample runOnce(Variant v, Path work, List<String> extraJvmArgs, Runnable atFirstResponse) throws IOException {
        LocalFunction.Builder b = LocalFunction.builder()
                .handler(v.handler())
                .functionName("orders")
                .memoryMb(512)
                .timeout(Duration.ofSeconds(60))
                .environment(ENVIRONMENT)
                .classpath(v.classpath().toArray(new Path[0]))
                .workDirectory(Files.createTempDirectory(work, v.name() + "-"));
        if (!extraJvmArgs.isEmpty()) {
            b.jvmArgs(extraJvmArgs.toArray(new String[0]));
        }
        try (LocalFunction fn = b.build()) {
            Set<Long> before = children();
            long start = System.nanoTime();
            InvocationResult result = fn.invoke(EVENT);
            long elapsed = System.nanoTime() - start;
            if (atFirstResponse != null) {
                atFirstResponse.run();
            }
            long[] rss = childRss(before);
            check(v, result);
            return new Sample(v.name(), elapsed / 1e6, rss[0], rss[1]);
        }
    }

    /** The run must have done the work: a failed or partial run would make the figures meaningless. */
    private static void check(Variant v, InvocationResult r) {
        if (!r.succeeded()) {
            throw new IllegalStateException(v.name() + " failed: " + r.error().map(Object::toString).orElse("?")
                    + "\n" + String.join("\n", r.stdout()));
        }
        JsonNode response = r.responseJson();
        long lines = r.logLines().stream().filter(l -> l.path("message").asText("").startsWith("order ")).count();
        boolean traced = !v.name().equals("bare");
        if (response.path("statusCode").asInt() != 200 || lines != 3 || r.emfBlobs().isEmpty()
                || (traced && r.segments().isEmpty())) {
            throw new IllegalStateException(v.name() + " did not do the benchmark's work: status "
                    + response.path("statusCode") + ", " + lines + " log lines, " + r.emfBlobs().size() + " EMF blobs, "
                    + r.segments().size() + " segments\n" + String.join("\n", r.stdout()));
        }
    }

    private static Set<Long> children() {
        return ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    /** VmHWM and VmRSS (kB) of the function's JVM, the child process started by this run. */
    private static long[] childRss(Set<Long> before) throws IOException {
        Optional<ProcessHandle> child = ProcessHandle.current().children()
                .filter(p -> !before.contains(p.pid()) && p.isAlive()).findFirst();
        if (child.isEmpty()) {
            throw new IllegalStateException("the function's process was not found among this JVM's children");
        }
        long hwm = -1;
        long rss = -1;
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(child.get().pid()), "status"))) {
            if (line.startsWith("VmHWM:")) {
                hwm = kb(line);
            } else if (line.startsWith("VmRSS:")) {
                rss = kb(line);
            }
        }
        return new long[] {hwm, rss};
    }

    private static long kb(String statusLine) {
        return Long.parseLong(statusLine.replaceAll("[^0-9]", ""));
    }

    private static long countLines(Path file) {
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void write(Path out, List<Variant> variants, Map<String, List<Sample>> samples, Map<String, Long> classes,
                              int runs) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("runsPerVariant", runs);
        root.put("jvmFlags", String.join(" ", LocalFunction.MANAGED_RUNTIME_JVM_FLAGS) + " -XX:MaxHeapSize=435m");
        ObjectNode vs = root.putObject("variants");
        for (Variant v : variants) {
            ObjectNode n = vs.putObject(v.name());
            List<Sample> s = samples.get(v.name());
            n.put("handler", v.handler());
            n.put("firstResponseMedianMs", median(s.stream().map(Sample::firstResponseMs).toList()));
            n.put("firstResponseMinMs", s.stream().mapToDouble(Sample::firstResponseMs).min().orElse(0));
            n.put("firstResponseMaxMs", s.stream().mapToDouble(Sample::firstResponseMs).max().orElse(0));
            n.put("peakRssMedianMb", median(s.stream().map(x -> x.vmHwmKb() / 1024.0).toList()));
            n.put("rssMedianMb", median(s.stream().map(x -> x.vmRssKb() / 1024.0).toList()));
            n.put("classesLoaded", classes.get(v.name()));
            n.put("classpathMb", v.classpathBytes() / (1024.0 * 1024.0));
            n.put("classpathJars", v.classpath().size());
            ArrayNode all = n.putArray("firstResponseMs");
            s.forEach(x -> all.add(x.firstResponseMs()));
        }
        Files.createDirectories(out.getParent());
        mapper.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), root);
    }

    static double median(List<Double> values) {
        List<Double> v = new ArrayList<>(values);
        v.sort(null);
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2.0;
    }
}
