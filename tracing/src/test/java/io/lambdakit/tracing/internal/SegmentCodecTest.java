package io.lambdakit.tracing.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdakit.core.spi.Diagnostics;
import io.lambdakit.core.spi.JsonWriter;
import io.lambdakit.core.TraceHeader;
import io.lambdakit.tracing.SegmentSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Clock;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated subsegment trees, encoded and split like the engine does, then read back: every
 * document fits the budget and the schema, every subsegment arrives exactly once under its real
 * parent, and annotations and metadata keys survive.
 */
class SegmentCodecTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final AtomicInteger SPLIT_TREES = new AtomicInteger();
    private static final TraceHeader FACADE = TraceHeader.parseOrThrow("Root=1-6740566c-a006649127e371903a2de979;Parent=defdfd9912dc5a56;Sampled=1");

    /** What the generator put into each subsegment, to compare with what comes back. */
    private record Expected(String parentId, Map<String, Object> annotations, List<String> metadataKeys) {
    }

    static Stream<Arguments> trees() {
        return IntStream.range(0, 40).mapToObj(seed -> Arguments.of(seed,
                seed % 2 == 0 ? UdpEmitter.MAX_DOCUMENT_BYTES : 6_000,
                seed % 2 == 0 ? 16 * 1024 : 1024));
    }

    @ParameterizedTest(name = "seed {0}, budget {1}")
    @MethodSource("trees")
    void generatedTree_splitsIntoValidDocuments_eachSubsegmentOnceUnderItsParent(int seed, int budget, int maxValue) throws Exception {
        Random r = new Random(seed);
        IdGenerator ids = new IdGenerator(() -> seed);
        List<String> warnings = new CopyOnWriteArrayList<>();
        SegmentCodec codec = new SegmentCodec(budget, maxValue, "/var/task",
                Diagnostics.create("io.lambdakit.tracing", "orders", Clock.systemUTC(), warnings::add));
        Map<String, Expected> expected = new LinkedHashMap<>();
        Subsegment root = generate(r, ids, null, 0, expected, maxValue, budget);

        List<JsonNode> docs = new ArrayList<>();
        JsonWriter w = JsonWriter.create();
        List<Subsegment> detached = new ArrayList<>();
        Subsegment next = root;
        while (next != null) {
            codec.encode(next, w, detached);
            assertThat(w.size()).as("document size").isLessThanOrEqualTo(budget);
            JsonNode doc = MAPPER.readTree(new String(w.buffer(), 0, w.size(), StandardCharsets.UTF_8));
            SegmentSchema.assertValid(doc);
            docs.add(doc);
            next = detached.isEmpty() ? null : detached.remove(0);
        }

        Map<String, JsonNode> seen = new HashMap<>();
        Map<String, String> parentOf = new HashMap<>();
        for (JsonNode doc : docs) {
            assertThat(doc.path("trace_id").asText()).isEqualTo(FACADE.root());
            parentOf.put(doc.path("id").asText(), doc.path("parent_id").asText());
            walk(doc, seen, parentOf);
        }
        assertThat(seen.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((id, e) -> {
            assertThat(parentOf.get(id)).as("parent of " + id).isEqualTo(e.parentId());
            JsonNode node = seen.get(id);
            e.annotations().forEach((k, v) -> assertThat(node.path("annotations").path(k).asText()).isEqualTo(String.valueOf(v)));
            for (String key : e.metadataKeys()) {
                JsonNode value = node.path("metadata").path("svc").path(key);
                assertThat(value.isMissingNode()).as("metadata " + key + " of " + id).isFalse();
                assertThat(value.toString().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(maxValue + 64);
            }
        });
        assertThat(warnings).isEmpty();
        if (docs.size() > 1) {
            SPLIT_TREES.incrementAndGet();
        }
    }

    @AfterAll
    static void generatorExercisedSplitting() {
        assertThat(SPLIT_TREES.get()).as("trees that needed more than one document").isGreaterThanOrEqualTo(10);
    }

    private static void walk(JsonNode node, Map<String, JsonNode> seen, Map<String, String> parentOf) {
        String id = node.path("id").asText();
        assertThat(seen.put(id, node)).as("subsegment " + id + " sent twice").isNull();
        for (JsonNode c : node.path("subsegments")) {
            parentOf.put(c.path("id").asText(), id);
            walk(c, seen, parentOf);
        }
    }

    private static Subsegment generate(Random r, IdGenerator ids, Subsegment parent, int depth, Map<String, Expected> expected,
                                       int maxValue, int budget) {
        Subsegment s = new Subsegment("## node " + expected.size(), ids.nextHex(), FACADE, parent, r.nextInt(4) == 0 ? "remote" : null,
                1.7e9 + expected.size());
        if (parent != null) {
            parent.addChild(s);
        }
        Map<String, Object> annotations = new LinkedHashMap<>();
        for (int i = 0, n = r.nextInt(4); i < n; i++) {
            Object v = switch (r.nextInt(3)) {
                case 0 -> "v\"" + r.nextInt(1000) + "\u2028é";
                case 1 -> (long) r.nextInt();
                default -> r.nextBoolean();
            };
            annotations.put("k_" + i, v);
            s.putAnnotation("k_" + i, v);
        }
        List<String> keys = new ArrayList<>();
        int values = r.nextInt(budget > 10_000 ? 3 : 2);
        for (int i = 0; i < values; i++) {
            String key = "m" + i;
            keys.add(key);
            Object v = r.nextBoolean() ? "x".repeat(r.nextInt(maxValue * 2)) : Map.of("list", List.of(r.nextInt(), "\u0000ctl"), "n", r.nextDouble());
            s.putMetadata("svc", key, v);
        }
        if (r.nextInt(6) == 0) {
            s.flags(false, false, true);
            s.recordException(new IllegalStateException("boom " + r.nextInt(), new RuntimeException("root")), false, ids);
        }
        expected.put(s.id(), new Expected(parent == null ? FACADE.parent() : parent.id(), annotations, keys));
        if (depth < 5) {
            for (int i = 0, n = r.nextInt(depth == 0 ? 8 : 4); i < n && expected.size() < 80; i++) {
                generate(r, ids, s, depth + 1, expected, maxValue, budget);
            }
        }
        s.close(1.7e9 + expected.size() + 1);
        if (parent != null) {
            assertThat(parent.childEnded(s)).isFalse();
        }
        return s;
    }
}
