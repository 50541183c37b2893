package io.lambdakit.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.testing.Conformance;
import io.lambdakit.testing.LocalXRayDaemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generative conformance of X-Ray output: traced invocations driven through the plain API with generated
 * hostile subsegment names, annotations (keys with dots and unicode, NaN, huge strings), metadata (cycles,
 * deep nesting, megabyte values, throwing getters, Instant, Optional) and exceptions (throwing
 * {@code getMessage}, cause cycles), nested and from many threads, received by lambdakit-testing's
 * {@link LocalXRayDaemon} on a real UDP socket. Every datagram must pass
 * {@link Conformance#xrayDatagramViolations(byte[])}, every traced call must arrive as a completed
 * (sub)segment, and user exceptions must propagate unchanged.
 *
 * <p>The seed is fixed; {@code -Dlambdakit.conformance.seed=N} varies it. A failure names the seed and case.
 */
class TracingConformanceTest {

    static final long SEED = Long.getLong("lambdakit.conformance.seed", 20261202L);
    static final int CASES = Integer.getInteger("lambdakit.conformance.cases", 1200);

    private final TracingFixture fx = new TracingFixture();
    private final LocalXRayDaemon daemon = LocalXRayDaemon.start();
    private final List<String> failures = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        daemon.close();
        fx.close();
    }

    @Test
    void generatedInvocations_everyDatagramConforms_andNoTracedCallIsLost() {
        try (Tracer tracer = fx.tracer(b -> b.daemonAddress(daemon.address()))) {
            for (int c = 0; c < CASES; c++) {
                Gen g = new Gen(SEED + c);
                StringBuilder story = new StringBuilder();
                AtomicInteger traced = new AtomicInteger(1); // the handler's own subsegment
                RuntimeException thrown = g.random.nextInt(6) == 0 ? g.exception() : null;
                try {
                    tracer.execute(TracingFixture.invocation(TracingFixture.sampled()), () -> {
                        body(tracer, g, 0, traced, story);
                        if (thrown != null) {
                            story.append(" then throws ").append(thrown.getClass().getSimpleName());
                            throw thrown;
                        }
                        return "ok";
                    });
                } catch (RuntimeException e) {
                    if (e != thrown) {
                        failures.add("case " + c + " (seed " + (SEED + c) + "): " + cut(story.toString()) + ": tracing threw " + e
                                + (thrown == null ? " into a handler that threw nothing" : " instead of the handler's exception"));
                    }
                }
                check("case " + c + " (seed " + (SEED + c) + "): " + cut(story.toString()), daemon.drainDatagrams(), traced.get());
            }
        }

        report("traced invocations");
    }

    @Test
    void concurrentGeneratedInvocations_everyDatagramConforms_andNoTracedCallIsLost() throws Exception {
        int threads = 8;
        int rounds = Math.max(1, CASES / 60);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (Tracer tracer = fx.tracer(b -> b.daemonAddress(daemon.address()))) {
            for (int r = 0; r < rounds; r++) {
                CyclicBarrier barrier = new CyclicBarrier(threads);
                AtomicInteger traced = new AtomicInteger();
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    long seed = SEED * 7 + r * 100L + t;
                    futures.add(pool.submit(() -> {
                        Gen g = new Gen(seed);
                        barrier.await(10, TimeUnit.SECONDS);
                        traced.incrementAndGet();
                        tracer.execute(TracingFixture.invocation(TracingFixture.sampled()), () -> {
                            body(tracer, g, 0, traced, new StringBuilder());
                            return "ok";
                        });
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get(60, TimeUnit.SECONDS);
                }
                check("concurrent round " + r + " (seed " + (SEED * 7 + r * 100L) + ")", daemon.drainDatagrams(), traced.get());
            }
        } finally {
            pool.shutdownNow();
        }

        report("concurrent traced invocations");
    }

    @Test
    void generatedSdkCallSequences_carryTheCurrentInvocationsTraceHeader_andNeverAStaleOne() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String header = exchange.getRequestHeaders().getFirst("X-Amzn-Trace-Id");
            received.add(header == null ? "<none>" : header);
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        Random random = new Random(SEED);
        try (Tracer tracer = fx.tracer(b -> b.daemonAddress(daemon.address()));
             software.amazon.awssdk.services.dynamodb.DynamoDbClient ddb = software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder()
                     .endpointOverride(java.net.URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                     .region(software.amazon.awssdk.regions.Region.EU_WEST_1)
                     .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                             software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("local", "local")))
                     .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                     .overrideConfiguration(o -> o.addExecutionInterceptor(new TracingInterceptor(tracer)))
                     .build()) {
            Set<String> earlierRoots = new HashSet<>();
            int steps = Math.max(20, CASES / 10);
            for (int i = 0; i < steps; i++) {
                received.clear();
                int kind = random.nextInt(3);
                if (kind == 0) {
                    TracingFixture.Facade facade = random.nextBoolean() ? TracingFixture.sampled() : TracingFixture.notSampled();
                    tracer.execute(TracingFixture.invocation(facade), () -> getItem(ddb));
                    earlierRoots.add(facade.traceId());
                    if (received.size() != 1 || !received.get(0).contains("Root=" + facade.traceId())) {
                        failures.add("step " + i + " (seed " + SEED + "): a call in invocation " + facade.header() + " sent " + received);
                    }
                } else {
                    getItem(ddb); // outside any invocation
                    for (String root : earlierRoots) {
                        if (received.size() == 1 && received.get(0).contains(root)) {
                            failures.add("step " + i + " (seed " + SEED + "): a call outside any invocation sent the stale header "
                                    + received.get(0) + " of an invocation that had ended");
                        }
                    }
                }
                daemon.drainDatagrams().forEach(d -> {
                    List<String> v = Conformance.xrayDatagramViolations(d);
                    if (!v.isEmpty()) {
                        failures.add("SDK call datagram breaks the rules: " + v);
                    }
                });
            }
        } finally {
            server.stop(0);
        }

        report("SDK call sequences");
    }

    private static String getItem(software.amazon.awssdk.services.dynamodb.DynamoDbClient ddb) {
        ddb.getItem(b -> b.tableName("orders").key(Map.of("id",
                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("o-1"))));
        return "ok";
    }

    /** Checks the datagrams received since the previous check. */
    private void check(String where, List<byte[]> fresh, int expectedEntities) {
        Set<String> completed = new HashSet<>();
        for (int i = 0; i < fresh.size(); i++) {
            byte[] d = fresh.get(i);
            List<String> v = Conformance.xrayDatagramViolations(d);
            if (!v.isEmpty()) {
                failures.add(where + "\n      datagram " + i + " of " + fresh.size() + " (" + d.length + " bytes) breaks the rules: " + v);
            }
            String text = new String(d, StandardCharsets.UTF_8);
            int nl = text.indexOf('\n');
            try {
                JsonNode doc = TracingFixtureJson.MAPPER.readTree(text.substring(nl + 1));
                collectCompleted(doc, completed);
            } catch (IOException | RuntimeException e) {
                // already reported as a violation
            }
        }
        if (completed.size() != expectedEntities) {
            failures.add(where + "\n      " + expectedEntities + " traced calls but " + completed.size() + " completed (sub)segments arrived");
        }
    }

    private static void collectCompleted(JsonNode entity, Set<String> completed) {
        if (entity.has("end_time") && entity.path("id").isTextual()) {
            completed.add(entity.path("id").asText());
        }
        for (JsonNode sub : entity.path("subsegments")) {
            collectCompleted(sub, completed);
        }
    }

    /** Generated nested traced calls with annotations, metadata and caught exceptions. */
    private static void body(Tracer tracer, Gen g, int depth, AtomicInteger traced, StringBuilder story) {
        int ops = g.random.nextInt(depth == 0 ? 8 : 4);
        for (int i = 0; i < ops; i++) {
            int kind = g.random.nextInt(10);
            if (kind < 3 && depth < 4) {
                String name = g.name();
                story.append(" trace(").append(show(name)).append(')');
                RuntimeException thrown = g.random.nextInt(5) == 0 ? g.exception() : null;
                traced.incrementAndGet();
                try {
                    tracer.trace(name, () -> {
                        body(tracer, g, depth + 1, traced, story);
                        if (thrown != null) {
                            throw thrown;
                        }
                        return null;
                    });
                } catch (RuntimeException e) {
                    if (e != thrown) {
                        story.append(" TRACE THREW ").append(e);
                        throw new AssertionError("trace(" + show(name) + ") threw " + e + " instead of the body's exception", e);
                    }
                }
            } else if (kind < 6) {
                String key = g.annotationKey();
                int type = g.random.nextInt(3);
                if (type == 0) {
                    String value = g.text();
                    story.append(" annotation ").append(show(key)).append('=').append(show(value));
                    tracer.putAnnotation(key, value);
                } else if (type == 1) {
                    Number value = g.number();
                    story.append(" annotation ").append(show(key)).append('=').append(value);
                    tracer.putAnnotation(key, value);
                } else {
                    story.append(" annotation ").append(show(key)).append("=true");
                    tracer.putAnnotation(key, true);
                }
            } else {
                String namespace = g.random.nextInt(3) == 0 ? g.name() : null;
                String key = g.text();
                Object value = g.metadata();
                story.append(" metadata ").append(namespace == null ? "" : show(namespace) + ":").append(show(key)).append('=')
                        .append(value == null ? "null" : value.getClass().getSimpleName());
                if (namespace == null) {
                    tracer.putMetadata(key, value);
                } else {
                    tracer.putMetadata(namespace, key, value);
                }
            }
        }
    }

    private void report(String what) {
        if (!failures.isEmpty()) {
            try {
                java.nio.file.Path dir = java.nio.file.Path.of("target", "conformance");
                java.nio.file.Files.createDirectories(dir);
                java.nio.file.Files.write(dir.resolve(getClass().getSimpleName() + " " + what + ".txt"),
                        String.join("\n", failures).getBytes(StandardCharsets.UTF_8));
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
        return s.length() > 1500 ? s.substring(0, 1500) + "...(" + s.length() + " chars)" : s;
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

    /** A lenient mapper, to count completed entities even in a datagram that broke a rule. */
    static final class TracingFixtureJson {
        static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();
    }

    /** Hostile inputs from one seeded random. */
    static final class Gen {
        final Random random;

        Gen(long seed) {
            this.random = new Random(seed);
        }

        private static final String[] NAMES = {
            "db", "## handleRequest", "GET /orders/{id}", "a.b-c:d/e%f&g#h=i+j@k", "\u6ce8\u6587", "\uD83D\uDE80rocket",
            "a\nb", "a\u2028b", "tab\there", "nul\u0000", "lone\uD800", "q\"b\\c", "[brackets]", "", " ", "n".repeat(200),
            "n".repeat(201), "x".repeat(5000), "*?!", "\u00e9t\u00e9",
        };

        private static final String[] KEYS = {
            "orderId", "order.id", "order-id", "Order_ID", "", "k".repeat(500), "k".repeat(501), "\u6ce8\u6587", "a b",
            "ColdStart", "Service", "lone\uD800",
        };

        String name() {
            return random.nextInt(4) == 0 ? randomString(1 + random.nextInt(30)) : NAMES[random.nextInt(NAMES.length)];
        }

        String annotationKey() {
            return random.nextInt(4) == 0 ? randomString(1 + random.nextInt(12)) : KEYS[random.nextInt(KEYS.length)];
        }

        String text() {
            switch (random.nextInt(8)) {
                case 0: return "v".repeat(1000);
                case 1: return "v".repeat(1001);
                case 2: return "w".repeat(70_000);
                case 3: return NAMES[random.nextInt(NAMES.length)];
                default: return randomString(random.nextInt(30));
            }
        }

        Number number() {
            Number[] all = {0, -1, 42L, 1.5, Double.NaN, Double.POSITIVE_INFINITY, 1.0E300, Double.MIN_VALUE,
                new java.math.BigDecimal("1E+400"), new java.math.BigInteger("123456789012345678901234567890"), Long.MIN_VALUE};
            return all[random.nextInt(all.length)];
        }

        Object metadata() {
            switch (random.nextInt(11)) {
                case 0: return null;
                case 1: return text();
                case 2: return number();
                case 3: {
                    Map<String, Object> cyclic = new HashMap<>();
                    cyclic.put("self", cyclic);
                    return cyclic;
                }
                case 4: {
                    Object deep = "leaf";
                    for (int i = 0; i < 1500; i++) {
                        deep = List.of(deep);
                    }
                    return deep;
                }
                case 5: return "m".repeat(random.nextBoolean() ? 20_000 : 1_100_000);
                case 6: return new ThrowingGetter();
                case 7: return Instant.ofEpochSecond(random.nextInt(2_000_000_000));
                case 8: return random.nextBoolean() ? Optional.of(text()) : Optional.empty();
                case 9: {
                    Map<String, Object> many = new LinkedHashMap<>();
                    for (int i = 0; i < 3000; i++) {
                        many.put("k" + i, i);
                    }
                    return many;
                }
                default: return List.of(randomString(8), random.nextInt(), random.nextBoolean());
            }
        }

        RuntimeException exception() {
            switch (random.nextInt(4)) {
                case 0: return new HostileException();
                case 1: {
                    RuntimeException a = new RuntimeException("a");
                    RuntimeException b = new RuntimeException("b", a);
                    a.initCause(b);
                    return a;
                }
                case 2: return new IllegalStateException(randomString(20), new HostileException());
                default: return new IllegalArgumentException("x".repeat(random.nextInt(100_000)));
            }
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
