package io.lambdakit.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.testing.Conformance;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generative conformance: the plain API driven with generated hostile input (names with line terminators,
 * unicode and lone surrogates, huge and tiny values, NaN, huge metadata, cycles, throwing getters, many
 * metrics and dimensions, concurrent invocations). Every call either succeeds or throws a
 * {@link MetricsException}; every line written is checked with lambdakit-testing's {@link Conformance}
 * (EMF schema and CloudWatch limits); every value a call accepted is in the output.
 *
 * <p>The seed is fixed; {@code -Dlambdakit.conformance.seed=N} varies it. A failure names the seed and case.
 */
class MetricsConformanceTest {

    static final long SEED = Long.getLong("lambdakit.conformance.seed", 20261202L);
    static final int CASES = Integer.getInteger("lambdakit.conformance.cases", 1000);

    private final List<String> failures = new ArrayList<>();

    @Test
    void generatedInvocations_everyBlobConforms_andNoAcceptedValueIsLost() {
        Fixtures fx = new Fixtures();
        for (int c = 0; c < CASES; c++) {
            fx.out.clear();
            runCase(fx, c, new Gen(SEED + c));
        }

        report("single-threaded invocations");
    }

    @Test
    void generatedSingleMetrics_everyBlobConforms() {
        Fixtures fx = new Fixtures();
        Metrics metrics = fx.metrics();
        for (int c = 0; c < CASES; c++) {
            Gen g = new Gen(SEED * 31 + c);
            fx.out.clear();
            String name = g.name();
            double value = g.value();
            Map<String, List<Double>> accepted = new TreeMap<>();
            try {
                DimensionSet dims = g.dimensionSet();
                metrics.flushSingleMetric(name, value, g.unit(), dims);
                accepted.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } catch (MetricsException expected) {
                // a typed error at the call is a valid outcome
            } catch (RuntimeException e) {
                fail(c, "flushSingleMetric(" + show(name) + ", " + value + ") threw " + e, SEED * 31 + c);
                continue;
            }
            check(c, SEED * 31 + c, "flushSingleMetric(" + show(name) + ", " + value + ")", fx.out.lines(), accepted);
        }

        report("flushSingleMetric");
    }

    @Test
    void concurrentGeneratedInvocations_everyBlobConforms_andNoAcceptedValueIsLost() throws Exception {
        int threads = 8;
        int rounds = Math.max(1, CASES / 40);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int r = 0; r < rounds; r++) {
                Fixtures fx = new Fixtures();
                Metrics metrics = fx.metrics();
                CyclicBarrier barrier = new CyclicBarrier(threads);
                List<Future<Map<String, List<Double>>>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    long seed = SEED * 7 + r * 100L + t;
                    String requestId = "req-" + r + "-" + t;
                    futures.add(pool.submit(() -> {
                        Gen g = new Gen(seed);
                        Map<String, List<Double>> accepted = new HashMap<>();
                        barrier.await(10, TimeUnit.SECONDS);
                        metrics.execute(Fixtures.context(requestId), () -> {
                            int ops = 1 + g.random.nextInt(150);
                            for (int i = 0; i < ops; i++) {
                                String name = "m" + g.random.nextInt(120);
                                double value = g.value();
                                try {
                                    metrics.add(name, value, g.unit());
                                    accepted.computeIfAbsent(requestId + "/" + name, k -> new ArrayList<>()).add(value);
                                } catch (MetricsException expected) {
                                    // typed error
                                }
                            }
                            return null;
                        });
                        return accepted;
                    }));
                }
                Map<String, List<Double>> accepted = new TreeMap<>();
                for (Future<Map<String, List<Double>>> f : futures) {
                    accepted.putAll(f.get(60, TimeUnit.SECONDS));
                }
                List<String> lines = fx.out.lines();
                Map<String, List<Double>> written = new TreeMap<>();
                for (int i = 0; i < lines.size(); i++) {
                    List<String> v = Conformance.emfViolations(lines.get(i));
                    if (!v.isEmpty()) {
                        fail(r, "concurrent round, line " + i + ": " + v, SEED * 7 + r * 100L);
                    }
                    JsonNode blob = lenient(lines.get(i));
                    if (blob == null) {
                        continue;
                    }
                    String requestId = blob.path("function_request_id").asText();
                    collectValues(blob, requestId + "/", written);
                }
                compare(r, SEED * 7 + r * 100L, "concurrent round", accepted, written);
            }
        } finally {
            pool.shutdownNow();
        }

        report("concurrent invocations");
    }

    // ---- one single-threaded case ----

    private void runCase(Fixtures fx, int c, Gen g) {
        Metrics.Builder builder = fx.builder();
        StringBuilder story = new StringBuilder();
        String namespace = g.namespace();
        builder.namespace(namespace);
        story.append("namespace=").append(show(namespace));
        int defaults = g.random.nextInt(3);
        for (int i = 0; i < defaults; i++) {
            String k = g.name();
            String v = g.text();
            builder.defaultDimension(k, v);
            story.append(" default ").append(show(k)).append('=').append(show(v));
        }
        Metrics metrics;
        try {
            metrics = fx.build(builder);
        } catch (io.lambdakit.core.LambdakitException typed) {
            return; // rejected at build (ConfigurationException, MetricsException): a typed error, nothing written
        } catch (RuntimeException e) {
            fail(c, story + ": build threw " + e, g.seed);
            return;
        }
        Map<String, List<Double>> accepted = new TreeMap<>();
        List<RuntimeException> untyped = new ArrayList<>();
        int ops = g.random.nextInt(10) == 0 ? 150 + g.random.nextInt(200) : 1 + g.random.nextInt(25);
        metrics.execute(Fixtures.context("req-" + c), () -> {
            for (int i = 0; i < ops; i++) {
                String op = operation(metrics, g, accepted, untyped);
                if (story.length() < 2000) {
                    story.append("; ").append(op);
                }
            }
            return null;
        });
        for (RuntimeException e : untyped) {
            fail(c, story + ": a call threw " + e + " instead of a MetricsException", g.seed);
        }
        check(c, g.seed, story.toString(), fx.out.lines(), accepted);
    }

    private static String operation(Metrics metrics, Gen g, Map<String, List<Double>> accepted, List<RuntimeException> untyped) {
        int kind = g.random.nextInt(10);
        String desc = "?";
        try {
            if (kind < 6) {
                String name = g.random.nextBoolean() ? "m" + g.random.nextInt(30) : g.name();
                double value = g.value();
                MetricUnit unit = g.unit();
                MetricResolution resolution = g.random.nextInt(4) == 0 ? MetricResolution.HIGH : MetricResolution.STANDARD;
                desc = "add(" + show(name) + ", " + value + ", " + unit + ", " + resolution + ")";
                metrics.add(name, value, unit, resolution);
                accepted.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else if (kind < 7) {
                String k = g.name();
                String v = g.text();
                desc = "addDimension(" + show(k) + ", " + show(v) + ")";
                metrics.addDimension(k, v);
            } else if (kind < 8) {
                DimensionSet set = g.dimensionSet();
                desc = "addDimensionSet(" + set.size() + " keys)";
                metrics.addDimensionSet(set);
            } else {
                String k = g.name();
                Object v = g.metadata();
                desc = "addMetadata(" + show(k) + ", " + Gen.describe(v) + ")";
                metrics.addMetadata(k, v);
            }
        } catch (MetricsException typed) {
            desc += " -> " + typed.getClass().getSimpleName();
        } catch (RuntimeException e) {
            untyped.add(e);
            desc += " -> " + e;
        }
        return desc;
    }

    // ---- checks ----

    private void check(int c, long seed, String story, List<String> lines, Map<String, List<Double>> accepted) {
        Map<String, List<Double>> written = new TreeMap<>();
        for (int i = 0; i < lines.size(); i++) {
            List<String> v = Conformance.emfViolations(lines.get(i));
            if (!v.isEmpty()) {
                fail(c, story + "\n      line " + i + " of " + lines.size() + " breaks the rules: " + v, seed);
            }
            JsonNode blob = lenient(lines.get(i));
            if (blob != null) {
                collectValues(blob, "", written);
            }
        }
        compare(c, seed, story, accepted, written);
    }

    /** @return the line parsed as leniently as Jackson allows (to count values even in a broken line), or null */
    private static JsonNode lenient(String line) {
        try {
            return EmfOutput.MAPPER.readTree(line);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static void collectValues(JsonNode blob, String prefix, Map<String, List<Double>> written) {
        for (JsonNode directive : blob.path("_aws").path("CloudWatchMetrics")) {
            for (JsonNode def : directive.path("Metrics")) {
                String name = def.path("Name").asText();
                JsonNode target = blob.get(name);
                List<Double> values = written.computeIfAbsent(prefix + name, k -> new ArrayList<>());
                if (target == null) {
                    continue;
                }
                if (target.isArray()) {
                    for (JsonNode v : target) {
                        values.add(v.asDouble() + 0.0);
                    }
                } else {
                    values.add(target.asDouble() + 0.0);
                }
            }
        }
    }

    private void compare(int c, long seed, String story, Map<String, List<Double>> accepted, Map<String, List<Double>> written) {
        Map<String, List<Double>> expected = new TreeMap<>();
        for (Map.Entry<String, List<Double>> e : accepted.entrySet()) {
            List<Double> sorted = new ArrayList<>();
            for (double d : e.getValue()) {
                sorted.add(d + 0.0); // -0.0 written as 0 is the same value
            }
            sorted.sort(Double::compare);
            expected.put(replaceLoneSurrogates(e.getKey()), sorted);
        }
        Map<String, List<Double>> actual = new TreeMap<>();
        for (Map.Entry<String, List<Double>> e : written.entrySet()) {
            List<Double> sorted = new ArrayList<>(e.getValue());
            sorted.sort(Double::compare);
            actual.merge(e.getKey(), sorted, (a, b) -> {
                List<Double> all = new ArrayList<>(a);
                all.addAll(b);
                all.sort(Double::compare);
                return all;
            });
        }
        actual.values().removeIf(List::isEmpty);
        if (!expected.equals(actual)) {
            Map<String, String> diff = new LinkedHashMap<>();
            for (String k : expected.keySet()) {
                if (!expected.get(k).equals(actual.get(k))) {
                    diff.put(show(k), "accepted " + expected.get(k) + " but wrote " + actual.get(k));
                }
            }
            for (String k : actual.keySet()) {
                if (!expected.containsKey(k)) {
                    diff.put(show(k), "never accepted but wrote " + actual.get(k));
                }
            }
            fail(c, story + "\n      accepted values differ from the written ones: " + diff, seed);
        }
    }

    private static String replaceLoneSurrogates(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                b.append(ch).append(s.charAt(++i));
            } else {
                b.append(Character.isSurrogate(ch) ? '\uFFFD' : ch);
            }
        }
        return b.toString();
    }

    private synchronized void fail(int c, String what, long seed) {
        failures.add("case " + c + " (seed " + seed + "): " + what);
    }

    private void report(String what) {
        if (!failures.isEmpty()) {
            writeAll(what);
            StringBuilder b = new StringBuilder(failures.size() + " generated " + what + " broke the rules (base seed " + SEED
                    + "; -Dlambdakit.conformance.seed=N varies it):");
            for (int i = 0; i < failures.size() && i < 40; i++) {
                String f = failures.get(i);
                b.append("\n  ").append(f.length() > 1500 ? f.substring(0, 1500) + "..." : f);
            }
            assertThat(failures).as(b.toString()).isEmpty();
        }
    }

    /** Every failure, in target/conformance/, for reading past the first 40. */
    private void writeAll(String what) {
        try {
            java.nio.file.Path dir = java.nio.file.Path.of("target", "conformance");
            java.nio.file.Files.createDirectories(dir);
            java.nio.file.Files.write(dir.resolve(getClass().getSimpleName() + " " + what + ".txt"), String.join("\n", failures).getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String show(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length() && i < 60; i++) {
            char ch = s.charAt(i);
            if (ch < 0x20 || ch > 0x7e) {
                b.append(String.format("\\u%04x", (int) ch));
            } else {
                b.append(ch);
            }
        }
        if (s.length() > 60) {
            b.append("...(").append(s.length()).append(" chars)");
        }
        return b.append('"').toString();
    }

    /** Hostile inputs from one seeded random. */
    static final class Gen {
        final long seed;
        final Random random;

        Gen(long seed) {
            this.seed = seed;
            this.random = new Random(seed);
        }

        private static final String[] NAMES = {
            "Orders", "latency_ms", "a.b-c/d#e:f", "Bestellungen\u2713", "\u6ce8\u6587", "\uD83D\uDE80rocket",
            "a\nb", "a\u2028b", "a\u2029b", "a\rb", "a\u0085b", "a\tb", "a\u0000b", "a\u000Bb", "lone\uD800",
            "q\"b\\c", ":colon", "_aws", "function_request_id", "xray_trace_id", "Service", " ", "", "x".repeat(250),
            "x".repeat(251), "y".repeat(1024), "y".repeat(1025), "Timestamp", "CloudWatchMetrics",
        };

        private static final String[] NAMESPACES = {
            "Shop", ":Shop", "::", "AWS/Lambda", "Shop Ops", "Shop/Orders#1:eu", "Sh\u00f6p", "Shop\n", "Shop\u2028",
            "n".repeat(255), "n".repeat(256), " ", "", "a:b",
        };

        private static final double[] VALUES = {
            0, -0.0, 1, -1, 0.5, 42, 1.0E300, -1.0E300, 1.0E-300, -1.0E-300, Double.MIN_VALUE, Double.MAX_VALUE,
            Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Math.scalb(1.0, 360), Math.scalb(1.0, -360),
            Math.scalb(1.0, 361), Math.scalb(1.0, -361), 1.0E108, 8.5E-109, Long.MAX_VALUE, 123456.789,
        };

        String name() {
            return random.nextInt(3) == 0 ? randomString(1 + random.nextInt(20)) : NAMES[random.nextInt(NAMES.length)];
        }

        String text() {
            return random.nextInt(2) == 0 ? randomString(random.nextInt(40)) : NAMES[random.nextInt(NAMES.length)];
        }

        String namespace() {
            return random.nextInt(4) == 0 ? randomString(1 + random.nextInt(12)) : NAMESPACES[random.nextInt(NAMESPACES.length)];
        }

        double value() {
            return random.nextInt(3) == 0 ? random.nextGaussian() * Math.pow(10, random.nextInt(20) - 10) : VALUES[random.nextInt(VALUES.length)];
        }

        MetricUnit unit() {
            MetricUnit[] all = MetricUnit.values();
            return all[random.nextInt(all.length)];
        }

        DimensionSet dimensionSet() {
            int n = random.nextInt(6) == 0 ? 25 + random.nextInt(10) : random.nextInt(4);
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                m.put(random.nextBoolean() ? "d" + i : name(), text());
            }
            return DimensionSet.of(m);
        }

        Object metadata() {
            switch (random.nextInt(9)) {
                case 0: return text();
                case 1: return value();
                case 2: return random.nextInt(5) == 0 ? "z".repeat(random.nextBoolean() ? 300_000 : 1_100_000) : "z".repeat(20_000);
                case 3: {
                    Map<String, Object> cyclic = new HashMap<>();
                    cyclic.put("self", cyclic);
                    return cyclic;
                }
                case 4: return new ThrowingGetter();
                case 5: {
                    Object deep = "leaf";
                    for (int i = 0; i < 200; i++) {
                        deep = Map.of("n", deep);
                    }
                    return deep;
                }
                case 6: {
                    Map<String, Object> many = new LinkedHashMap<>();
                    for (int i = 0; i < 500; i++) {
                        many.put(randomString(5) + i, i);
                    }
                    return many;
                }
                case 7: return List.of(text(), value(), random.nextBoolean());
                default: return null;
            }
        }

        String randomString(int length) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < length; i++) {
                int range = random.nextInt(10);
                int cp;
                if (range < 5) {
                    cp = 0x21 + random.nextInt(0x5e);
                } else if (range < 6) {
                    cp = random.nextInt(0x20);
                } else if (range < 7) {
                    cp = 0x80 + random.nextInt(0x780);
                } else if (range < 8) {
                    cp = 0x2000 + random.nextInt(0x100);
                } else if (range < 9) {
                    cp = 0x1F300 + random.nextInt(0x100);
                } else {
                    cp = 0xD800 + random.nextInt(0x800); // a lone surrogate
                }
                b.appendCodePoint(cp);
            }
            return b.toString();
        }

        static String describe(Object v) {
            if (v == null) {
                return "null";
            }
            if (v instanceof String s) {
                return show(s);
            }
            if (v instanceof Map<?, ?> m) {
                return "Map(" + m.size() + " entries)";
            }
            return v.getClass().getSimpleName();
        }
    }

    /** A bean whose getter throws: serialising it must fail at the call, typed. */
    static final class ThrowingGetter {
        public String getValue() {
            throw new IllegalStateException("getter fails");
        }

        @Override
        public String toString() {
            throw new IllegalStateException("toString fails");
        }
    }
}
