package io.lambdakit.logging;

import io.lambdakit.testing.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.Lifecycle;
import io.lambdakit.logging.spi.LogSink;
import io.lambdakit.testing.Conformance;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.MDC;
import org.slf4j.spi.LoggingEventBuilder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generative conformance of log lines: SLF4J calls with generated hostile messages, arguments, key-value
 * pairs, MDC entries and throwables (control characters, lone surrogates, huge strings, cycles, deep
 * nesting, throwing {@code toString}/{@code getMessage}, Instant and Optional inside structures), inside and
 * outside invocations, from many threads. Every write must be one line that passes lambdakit-testing's
 * {@link Conformance#logLineViolations(String)}, and every call must produce its line.
 *
 * <p>The seed is fixed; {@code -Dlambdakit.conformance.seed=N} varies it. A failure names the seed and call.
 */
class LoggingConformanceTest {

    static final long SEED = Long.getLong("lambdakit.conformance.seed", 20261202L);
    static final int CALLS = Integer.getInteger("lambdakit.conformance.cases", 1500);
    static final ObjectMapper LENIENT = new ObjectMapper();

    private final List<String> failures = new CopyOnWriteArrayList<>();

    @Test
    void generatedCalls_everyLineConforms_andNoCallIsLost() {
        CapturingSink sink = new CapturingSink();
        LogOutput out = TestOutputs.output(sink, Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand", "POWERTOOLS_SERVICE_NAME", "orders"));
        Logger log = out.logger("com.acme.Conformance");
        LambdaLogging logging = LambdaLogging.builder().output(out).build();
        Gen g = new Gen(SEED);
        Map<Integer, String> calls = new LinkedHashMap<>();
        int n = 0;
        while (n < CALLS) {
            int batch = 1 + g.random.nextInt(12);
            int first = n;
            Runnable body = () -> {
                for (int i = first; i < first + batch; i++) {
                    calls.put(i, call(log, g, i));
                }
            };
            if (g.random.nextBoolean()) {
                logging.execute(TestOutputs.context("req-" + first), () -> {
                    g.mdc();
                    body.run();
                    return null;
                });
            } else {
                body.run();
                MDC.clear();
            }
            n += batch;
        }

        checkLines(sink.writes(), calls);
        report("log calls");
    }

    @Test
    void generatedStructuredValues_areWrittenAsJson() {
        CapturingSink sink = new CapturingSink();
        LogOutput out = TestOutputs.output(sink, Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand"));
        Logger log = out.logger("com.acme.Structured");
        Gen g = new Gen(SEED * 17);
        List<JsonNode> expected = new ArrayList<>();
        List<String> described = new ArrayList<>();
        for (int i = 0; i < CALLS / 2; i++) {
            Object value = g.structure(0);
            expected.add(g.expected(value));
            described.add(String.valueOf(value));
            if (i % 2 == 0) {
                log.atInfo().addKeyValue("value", value).log("#{}", i);
            } else {
                log.info("#{}", i, StructuredArguments.entry("value", value));
            }
        }

        List<String> writes = sink.writes();
        for (int i = 0; i < writes.size() && i < expected.size(); i++) {
            String line = strip(writes.get(i));
            List<String> v = Conformance.logLineViolations(line);
            if (!v.isEmpty()) {
                failures.add("value " + i + " (" + cut(described.get(i)) + "): " + v);
            }
            JsonNode tree = lenient(line);
            JsonNode actual = tree == null ? null : tree.get("value");
            if (actual == null || !actual.equals(expected.get(i))) {
                failures.add("value " + i + " (" + cut(described.get(i)) + ") was written as " + cut(String.valueOf(actual))
                        + " but its JSON is " + cut(expected.get(i).toString()));
            }
        }
        if (writes.size() != expected.size()) {
            failures.add(expected.size() + " calls wrote " + writes.size() + " lines");
        }
        report("structured values");
    }

    @Test
    void concurrentGeneratedCalls_neverInterleave_andNoneIsLost() throws Exception {
        int threads = 8;
        int perThread = Math.max(1, CALLS / 8 / threads);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream stdoutLike = new PrintStream(bytes, false, StandardCharsets.UTF_8);
        LogOutput out = TestOutputs.output(new CapturingSink(), Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand"),
                MutableClock.at(TestOutputs.T0), b -> b.sink(LogSink.of(stdoutLike)));
        Logger log = out.logger("com.acme.Concurrent");
        LambdaLogging logging = LambdaLogging.builder().output(out).build();
        CyclicBarrier barrier = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        Map<Integer, String> calls = new java.util.concurrent.ConcurrentHashMap<>();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                Gen g = new Gen(SEED * 13 + thread);
                barrier.await(10, TimeUnit.SECONDS);
                logging.execute(TestOutputs.context("req-t" + thread), () -> {
                    for (int i = 0; i < perThread; i++) {
                        int id = thread * perThread + i;
                        calls.put(id, call(log, g, id));
                    }
                    return null;
                });
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        stdoutLike.flush();

        String all = bytes.toString(StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        for (String line : all.split("\n", -1)) {
            if (!line.isEmpty()) {
                lines.add(line + "\n");
            }
        }
        checkLines(lines, new java.util.TreeMap<>(calls));
        report("concurrent log calls");
    }

    @Test
    void lifecycleReportLines_conformToTheLogLineShape() {
        List<String> reports = new CopyOnWriteArrayList<>();
        Lifecycle lifecycle = Lifecycle.create(reports::add);
        ExecutionEnvironment ee = ExecutionEnvironment.builder()
                .environment(Environment.of(Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start", "POWERTOOLS_SERVICE_NAME", "orders")))
                .clock(MutableClock.at(TestOutputs.T0)).lifecycle(lifecycle).systemProperties(k -> null).build();
        CapturingSink sink = new CapturingSink();
        LogOutput out = LogOutput.builder().executionEnvironment(ee).sink(sink).build();
        out.logger("com.acme.Init").info("primed");
        lifecycle.onAfterRestore("a failing hook \u2028 with \"quotes\"", this, owner -> {
            throw new IllegalStateException("restore \n failed");
        });

        lifecycle.beforeCheckpoint();
        try {
            lifecycle.afterRestore();
        } catch (io.lambdakit.core.LifecycleException expected) {
            // the failing hook is reported to the runtime; its report line is what this test checks
        }

        assertThat(reports).isNotEmpty();
        for (String line : reports) {
            List<String> v = Conformance.logLineViolations(strip(line));
            if (!v.isEmpty()) {
                failures.add("lifecycle report " + cut(line) + ": " + v);
            }
        }
        for (String line : sink.writes()) {
            List<String> v = Conformance.logLineViolations(strip(line));
            if (!v.isEmpty()) {
                failures.add("line " + cut(line) + ": " + v);
            }
        }
        report("lifecycle report lines");
    }

    // ---- one generated call ----

    /** Logs call {@code id}, whose message starts with {@code #id }; returns a description. */
    private static String call(Logger log, Gen g, int id) {
        StringBuilder d = new StringBuilder();
        int level = g.random.nextInt(3);
        LoggingEventBuilder e = level == 0 ? log.atInfo() : level == 1 ? log.atWarn() : log.atError();
        String message = "#" + id + " " + g.text() + " {} {}";
        d.append("message ").append(show(message));
        Object a1 = g.argument();
        Object a2 = g.argument();
        d.append(" args ").append(Gen.describe(a1)).append(", ").append(Gen.describe(a2));
        e = e.addArgument(a1).addArgument(a2);
        int kvs = g.random.nextInt(4);
        for (int k = 0; k < kvs; k++) {
            String key = g.key();
            Object value = g.argument();
            d.append(" kv ").append(show(key)).append('=').append(Gen.describe(value));
            e = e.addKeyValue(key, value);
        }
        if (g.random.nextInt(4) == 0) {
            Throwable t = g.throwable();
            d.append(" throwable ").append(t.getClass().getSimpleName());
            e = e.setCause(t);
        }
        try {
            e.log(message);
        } catch (RuntimeException | StackOverflowError failure) {
            d.append(" THREW ").append(failure);
        }
        return d.toString();
    }

    // ---- checks ----

    private void checkLines(List<String> writes, Map<Integer, String> calls) {
        TreeSet<Integer> seen = new TreeSet<>();
        for (int i = 0; i < writes.size(); i++) {
            String w = writes.get(i);
            if (!w.endsWith("\n") || w.indexOf('\n') != w.length() - 1) {
                failures.add("write " + i + " is not exactly one line: " + cut(w));
                continue;
            }
            String line = strip(w);
            List<String> v = Conformance.logLineViolations(line);
            JsonNode tree = lenient(line);
            String message = tree == null ? null : tree.path("message").asText(null);
            Integer id = callId(message);
            if (id != null) {
                if (!seen.add(id)) {
                    failures.add("call " + id + " wrote more than one line");
                }
            }
            if (!v.isEmpty()) {
                failures.add((id != null ? "call " + id + " [" + cut(calls.get(id)) + "]" : "line " + cut(line)) + ": " + v);
            }
        }
        for (Map.Entry<Integer, String> c : calls.entrySet()) {
            if (!seen.contains(c.getKey())) {
                failures.add("call " + c.getKey() + " wrote no line (lost): " + cut(c.getValue()));
            }
            if (c.getValue().contains(" THREW ")) {
                failures.add("call " + c.getKey() + " threw into the caller: " + cut(c.getValue()));
            }
        }
    }

    private static Integer callId(String message) {
        if (message == null || !message.startsWith("#")) {
            return null;
        }
        int end = 1;
        while (end < message.length() && Character.isDigit(message.charAt(end))) {
            end++;
        }
        return end > 1 ? Integer.valueOf(message.substring(1, end)) : null;
    }

    private static JsonNode lenient(String line) {
        try {
            return LENIENT.readTree(line);
        } catch (IOException e) {
            return null;
        }
    }

    private static String strip(String write) {
        return write.endsWith("\n") ? write.substring(0, write.length() - 1) : write;
    }

    private void report(String what) {
        if (!failures.isEmpty()) {
            try {
                java.nio.file.Path dir = java.nio.file.Path.of("target", "conformance");
                java.nio.file.Files.createDirectories(dir);
                java.nio.file.Files.write(dir.resolve(getClass().getSimpleName() + " " + what + ".txt"), String.join("\n", failures).getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            StringBuilder b = new StringBuilder(failures.size() + " generated " + what + " broke the rules (seed " + SEED
                    + "; -Dlambdakit.conformance.seed=N varies it; all in target/conformance/):");
            for (int i = 0; i < failures.size() && i < 40; i++) {
                b.append("\n  ").append(cut(failures.get(i)));
            }
            assertThat(failures).as(b.toString()).isEmpty();
        }
    }

    static String cut(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() > 700 ? s.substring(0, 700) + "...(" + s.length() + " chars)" : s;
    }

    static String show(String s) {
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
        final Random random;

        Gen(long seed) {
            this.random = new Random(seed);
        }

        private static final String[] TEXTS = {
            "plain", "", " ", "a\nb", "a\r\nb", "a\u2028b\u2029c", "tab\there", "nul\u0000", "esc\u001b[31m", "del\u007f",
            "q\"b\\c/", "lone\uD800", "\uDC00lone", "\uD83D\uDE80rocket", "\u6ce8\u6587", "{}", "{} {} {}", "\\{}", "%s %d",
            "</script>", "\uFEFFbom", "x".repeat(20_000),
        };

        private static final String[] KEYS = {
            "orderId", "customer", "level", "message", "timestamp", "service", "cold_start", "function_request_id", "error",
            "password", "x-api-key", "a\nb", "lone\uD800", "", " ", "k\"ey", "\u6ce8\u6587", "seq", "value",
        };

        String text() {
            if (random.nextInt(200) == 0) {
                return "y".repeat(300_000); // past CloudWatch's event limit
            }
            return random.nextInt(3) == 0 ? randomString(random.nextInt(60)) : TEXTS[random.nextInt(TEXTS.length)];
        }

        String key() {
            return random.nextInt(4) == 0 ? randomString(1 + random.nextInt(10)) : KEYS[random.nextInt(KEYS.length)];
        }

        void mdc() {
            int n = random.nextInt(3);
            for (int i = 0; i < n; i++) {
                MDC.put(key(), text());
            }
        }

        Object argument() {
            switch (random.nextInt(16)) {
                case 0: return null;
                case 1: return text();
                case 2: return random.nextLong();
                case 3: return random.nextBoolean() ? Double.NaN : Double.POSITIVE_INFINITY;
                case 4: return 1.0E300;
                case 5: return new ThrowingToString();
                case 6: {
                    Map<String, Object> cyclic = new HashMap<>();
                    cyclic.put("self", cyclic);
                    return cyclic;
                }
                case 7: {
                    List<Object> cyclic = new ArrayList<>();
                    cyclic.add(cyclic);
                    return cyclic;
                }
                case 8: {
                    Object deep = "leaf";
                    for (int i = 0; i < 1200; i++) {
                        deep = List.of(deep);
                    }
                    return deep;
                }
                case 9: return Instant.ofEpochSecond(random.nextInt(2_000_000_000), random.nextInt(1_000_000_000));
                case 10: return random.nextBoolean() ? Optional.of(text()) : Optional.empty();
                case 11: return structure(0);
                case 12: {
                    Map<String, Object> many = new LinkedHashMap<>();
                    for (int i = 0; i < 2000; i++) {
                        many.put("k" + i, i);
                    }
                    return many;
                }
                case 13: return new Order("o-" + random.nextInt(100), Instant.EPOCH, Optional.of("gift"));
                case 14: return throwable();
                default: return new ThrowingGetter();
            }
        }

        Throwable throwable() {
            switch (random.nextInt(5)) {
                case 0: return new HostileException();
                case 1: {
                    RuntimeException a = new RuntimeException("a " + text());
                    RuntimeException b = new RuntimeException("b", a);
                    a.initCause(b); // a cycle of causes
                    return a;
                }
                case 2: return new IllegalStateException(null, new HostileException());
                case 3: {
                    Exception e = new Exception(text());
                    e.addSuppressed(new HostileException());
                    return e;
                }
                default: return new IllegalArgumentException("x".repeat(random.nextInt(40_000)));
            }
        }

        /** A small structure of JSON-able values, Instant and Optional included. */
        Object structure(int depth) {
            int kind = depth > 3 ? random.nextInt(6) : random.nextInt(8);
            switch (kind) {
                case 0: return randomString(random.nextInt(12));
                case 1: return (long) random.nextInt();
                case 2: return random.nextBoolean();
                case 3: return Instant.ofEpochMilli(random.nextLong() % 4_000_000_000_000L);
                case 4: return random.nextBoolean() ? Optional.of(randomString(5)) : Optional.empty();
                case 5: return null;
                case 6: {
                    List<Object> list = new ArrayList<>();
                    int n = random.nextInt(4);
                    for (int i = 0; i < n; i++) {
                        list.add(structure(depth + 1));
                    }
                    return list;
                }
                default: {
                    Map<String, Object> map = new LinkedHashMap<>();
                    int n = random.nextInt(4);
                    for (int i = 0; i < n; i++) {
                        map.put("k" + i, structure(depth + 1));
                    }
                    return map;
                }
            }
        }

        /** The JSON a structure stands for: Instant as its ISO-8601 text, Optional as its content or null. */
        JsonNode expected(Object value) {
            JsonNodeFactory f = JsonNodeFactory.instance;
            if (value == null) {
                return f.nullNode();
            }
            if (value instanceof String s) {
                return f.textNode(replaceLoneSurrogates(s));
            }
            if (value instanceof Long l) {
                return f.numberNode(l.intValue()); // generated from ints; read back as an int node
            }
            if (value instanceof Boolean b) {
                return f.booleanNode(b);
            }
            if (value instanceof Instant i) {
                return f.textNode(i.toString());
            }
            if (value instanceof Optional<?> o) {
                return expected(o.orElse(null));
            }
            if (value instanceof List<?> list) {
                ArrayNode a = f.arrayNode();
                for (Object o : list) {
                    a.add(expected(o));
                }
                return a;
            }
            ObjectNode o = f.objectNode();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                o.set((String) e.getKey(), expected(e.getValue()));
            }
            return o;
        }

        String randomString(int length) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < length; i++) {
                int range = random.nextInt(10);
                int cp;
                if (range < 5) {
                    cp = 0x20 + random.nextInt(0x5f);
                } else if (range < 6) {
                    cp = random.nextInt(0x20);
                } else if (range < 7) {
                    cp = 0x80 + random.nextInt(0x780);
                } else if (range < 8) {
                    cp = 0x2000 + random.nextInt(0x100);
                } else if (range < 9) {
                    cp = 0x1F300 + random.nextInt(0x100);
                } else {
                    cp = 0xD800 + random.nextInt(0x800);
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
                return "Map(" + m.size() + ")";
            }
            if (v instanceof List<?> l) {
                return "List(" + l.size() + ")";
            }
            return v.getClass().getSimpleName();
        }
    }

    static String replaceLoneSurrogates(String s) {
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

    /** A record holding an Instant and an Optional. */
    record Order(String id, Instant placedAt, Optional<String> note) {
    }

    /** A value whose toString throws. */
    static final class ThrowingToString {
        @Override
        public String toString() {
            throw new IllegalStateException("toString fails");
        }
    }

    /** A bean whose getter and toString throw. */
    static final class ThrowingGetter {
        public String getValue() {
            throw new IllegalStateException("getter fails");
        }

        @Override
        public String toString() {
            throw new IllegalStateException("toString fails");
        }
    }

    /** An exception whose getMessage and toString throw. */
    static final class HostileException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        @Override
        public String getMessage() {
            throw new IllegalStateException("getMessage fails");
        }

        @Override
        public String toString() {
            throw new IllegalStateException("toString fails");
        }
    }
}
