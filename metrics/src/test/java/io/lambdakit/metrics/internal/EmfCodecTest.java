package io.lambdakit.metrics.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.core.spi.JsonWriter;
import io.lambdakit.metrics.DimensionSet;
import io.lambdakit.metrics.EmfOutput;
import io.lambdakit.metrics.EmfSpec;
import io.lambdakit.metrics.MetricResolution;
import io.lambdakit.metrics.MetricUnit;
import io.lambdakit.metrics.MetricsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The EMF codec over generated inputs: every blob is valid EMF (schema and target-member rules), within the
 * limits, and together the blobs carry exactly the input: every value of every metric in order, every
 * dimension and metadata member.
 */
class EmfCodecTest {

    static LongStream seeds() {
        return LongStream.range(0, 60);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void write_generatedBatch_roundTripsWithinTheLimits(long seed) {
        Random r = new Random(seed);
        Generated g = generate(r);

        List<JsonNode> blobs = encode(g.batch);

        assertCarriesExactlyTheBatch(g, blobs);
        int minimumBlobs = g.byName.values().stream().mapToInt(e -> (e.count() + 99) / 100).max().orElse(0);
        assertThat(blobs.size()).isGreaterThanOrEqualTo(Math.max(minimumBlobs, (g.byName.size() + 99) / 100));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void write_generatedBatchOverTheByteLimit_isSplitBySizeKeepingEveryValueInOrder(long seed) {
        Random r = new Random(seed);
        Generated g = generate(r);
        int smallest = 0;
        for (MetricEntry e : g.byName.values()) {
            EmfBatch one = new EmfBatch(g.batch.timestampMillis(), g.batch.namespace(), g.batch.dimensionSets(), g.batch.dimensionValues(),
                    List.of(MetricEntry.of(e.name(), e.unit(), e.resolution(), -123456.789012345)), g.batch.metadata(),
                    g.batch.requestId(), g.batch.traceId(), g.batch.tenantId());
            smallest = Math.max(smallest, encode(one).get(0).toString().getBytes(StandardCharsets.UTF_8).length);
        }
        int limit = smallest + r.nextInt(4000);

        JsonWriter w = JsonWriter.create(64);
        List<JsonNode> blobs = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        EmfCodec.write(g.batch, w, line -> {
            sizes.add(line.size());
            blobs.add(EmfOutput.parse(line.toString()));
        }, limit);

        assertThat(sizes).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(limit));
        assertCarriesExactlyTheBatch(g, blobs);
    }

    @Test
    void write_notEvenOneValueFits_throwsInsteadOfWritingAnOversizedBlob() {
        EmfBatch batch = new EmfBatch(1L, "Shop", List.of(List.of()), Map.of(),
                List.of(MetricEntry.of("V", MetricUnit.NONE, MetricResolution.STANDARD, 1)), Map.of("note", "x".repeat(500)), null, null, null);
        List<String> lines = new ArrayList<>();

        assertThatThrownBy(() -> EmfCodec.write(batch, JsonWriter.create(), line -> lines.add(line.toString()), 400))
                .isInstanceOf(MetricsException.class)
                .hasMessageContaining("larger than 400 bytes even with a single value");
        assertThat(lines).isEmpty();
    }

    private static void assertCarriesExactlyTheBatch(Generated g, List<JsonNode> blobs) {
        Map<String, List<Double>> seen = new LinkedHashMap<>();
        for (JsonNode blob : blobs) {
            EmfSpec.requireValid(blob);
            JsonNode directive = blob.at("/_aws/CloudWatchMetrics/0");
            assertThat(blob.at("/_aws/CloudWatchMetrics").size()).isEqualTo(1);
            assertThat(blob.at("/_aws/Timestamp").asLong()).isEqualTo(g.batch.timestampMillis());
            assertThat(directive.get("Namespace").asText()).isEqualTo(g.batch.namespace());
            assertThat(directive.get("Metrics").size()).isBetween(1, Validation.MAX_METRICS_PER_BLOB);
            List<List<String>> sets = new ArrayList<>();
            directive.get("Dimensions").forEach(s -> {
                List<String> keys = new ArrayList<>();
                s.forEach(k -> keys.add(k.asText()));
                sets.add(keys);
            });
            assertThat(sets).isEqualTo(g.batch.dimensionSets());
            g.batch.dimensionValues().forEach((k, v) -> assertThat(blob.get(k).asText()).isEqualTo(v));
            g.batch.metadata().forEach((k, v) -> assertThat(blob.get(k)).isEqualTo(EmfOutput.parse(g.metadataJson.get(k))));
            assertThat(blob.get("function_request_id").asText()).isEqualTo(g.batch.requestId());
            for (JsonNode def : directive.get("Metrics")) {
                String name = def.get("Name").asText();
                MetricEntry e = g.byName.get(name);
                assertThat(def.get("Unit").asText()).isEqualTo(e.unit().wireName());
                assertThat(def.has("StorageResolution")).isEqualTo(e.resolution() == MetricResolution.HIGH);
                JsonNode values = blob.get(name);
                List<Double> list = seen.computeIfAbsent(name, n -> new ArrayList<>());
                if (values.isArray()) {
                    assertThat(values.size()).isBetween(2, Validation.MAX_VALUES_PER_METRIC);
                    values.forEach(v -> list.add(v.asDouble()));
                } else {
                    list.add(values.asDouble());
                }
            }
        }
        assertThat(seen.keySet()).containsExactlyInAnyOrderElementsOf(g.byName.keySet());
        g.byName.forEach((name, e) -> {
            List<Double> expected = new ArrayList<>();
            for (int i = 0; i < e.count(); i++) {
                expected.add(e.value(i));
            }
            assertThat(seen.get(name)).as("values of %s", name).containsExactlyElementsOf(expected);
        });
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void dimensionSets_generatedDimensions_keepEveryKeyAndTheDefaultsInEverySet(long seed) {
        Random r = new Random(seed);
        DimensionSet defaults = dimensions(r, "Def", r.nextInt(4));
        Map<String, String> custom = dimensions(r, "Cus", r.nextInt(70)).asMap();
        List<DimensionSet> extra = new ArrayList<>();
        for (int i = r.nextInt(4); i > 0; i--) {
            extra.add(dimensions(r, "Ext" + i + "_", r.nextInt(40)));
        }
        String tenantKey = r.nextBoolean() ? Validation.TENANT_ID_KEY : null;

        List<List<String>> sets = EmfCodec.dimensionSets(defaults, custom, extra, tenantKey);

        Set<String> covered = new HashSet<>();
        for (List<String> set : sets) {
            assertThat(set.size()).isLessThanOrEqualTo(Validation.MAX_DIMENSIONS_PER_SET);
            assertThat(set).doesNotHaveDuplicates();
            assertThat(set).containsAll(defaults.keys());
            if (tenantKey != null) {
                assertThat(set).contains(tenantKey);
            }
            covered.addAll(set);
        }
        assertThat(covered).containsAll(custom.keySet());
        extra.forEach(s -> assertThat(covered).containsAll(s.keys()));
        for (int i = 0; i < sets.size(); i++) {
            for (int k = i + 1; k < sets.size(); k++) {
                assertThat(new HashSet<>(sets.get(i))).isNotEqualTo(new HashSet<>(sets.get(k)));
            }
        }
    }

    @Test
    void write_stringsNeedingEscapes_roundTripExactly() {
        String tricky = "quote\" backslash\\ newline\n tab\t nul\u0000 emoji\uD83D\uDE00 sep\u2028 e\u0301";
        LinkedHashMap<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("note", tricky);
        EmfBatch batch = new EmfBatch(1L, "Shop", List.of(List.of("Route")), Map.of("Route", "/orders/{id}?q=\"x\""),
                List.of(MetricEntry.of("Name with \"quotes\"", MetricUnit.COUNT, MetricResolution.STANDARD, 1)), metadata,
                "req\"1", null, "tenant\\a");

        JsonNode blob = encode(batch).get(0);

        assertThat(blob.get("note").asText()).isEqualTo(tricky);
        assertThat(blob.get("Route").asText()).isEqualTo("/orders/{id}?q=\"x\"");
        assertThat(blob.get("Name with \"quotes\"").asInt()).isEqualTo(1);
        assertThat(blob.get("function_request_id").asText()).isEqualTo("req\"1");
        assertThat(blob.get("tenant_id").asText()).isEqualTo("tenant\\a");
        assertThat(blob.has("xray_trace_id")).isFalse();
    }

    @Test
    void write_numbers_areWrittenExactlyAndWholeNumbersWithoutFraction() {
        EmfBatch batch = new EmfBatch(1L, "Shop", List.of(List.of()), Map.of(),
                List.of(MetricEntry.of("V", MetricUnit.NONE, MetricResolution.STANDARD, 0, -0.0, 1, -5, 0.1, 1e-7, 123456789012.5, 1e300, Double.MIN_VALUE)),
                Map.of(), null, null, null);

        JsonWriter w = JsonWriter.create();
        List<String> lines = new ArrayList<>();
        EmfCodec.write(batch, w, line -> lines.add(line.toString()));

        assertThat(lines.get(0)).contains("\"V\":[0,0,1,-5,0.1,1.0E-7,1.234567890125E11,1.0E300,4.9E-324]");
        JsonNode values = EmfOutput.parse(lines.get(0)).get("V");
        double[] expected = {0, -0.0, 1, -5, 0.1, 1e-7, 123456789012.5, 1e300, Double.MIN_VALUE};
        for (int i = 0; i < expected.length; i++) {
            assertThat(values.get(i).asDouble()).isEqualTo(expected[i] == 0 ? 0.0 : expected[i]);
        }
    }

    // ---- generation ----

    record Generated(EmfBatch batch, Map<String, MetricEntry> byName, Map<String, String> metadataJson) {
    }

    static Generated generate(Random r) {
        MetricUnit[] units = MetricUnit.values();
        int metricCount = 1 + (r.nextInt(4) == 0 ? r.nextInt(260) : r.nextInt(12));
        LinkedHashMap<String, MetricEntry> byName = new LinkedHashMap<>();
        for (int i = 0; i < metricCount; i++) {
            MetricEntry e = new MetricEntry("m" + i + "_" + r.nextInt(1000), units[r.nextInt(units.length)],
                    r.nextInt(5) == 0 ? MetricResolution.HIGH : MetricResolution.STANDARD);
            int values = 1 + (r.nextInt(5) == 0 ? r.nextInt(260) : r.nextInt(4));
            for (int v = 0; v < values; v++) {
                e.append(switch (r.nextInt(4)) {
                    case 0 -> r.nextInt(1000);
                    case 1 -> r.nextDouble() * 1e6 - 5e5;
                    case 2 -> r.nextGaussian();
                    default -> -r.nextInt(10);
                });
            }
            byName.put(e.name(), e);
        }
        DimensionSet defaults = dimensions(r, "Def", r.nextInt(3));
        Map<String, String> custom = dimensions(r, "Cus", r.nextInt(40)).asMap();
        List<DimensionSet> extra = r.nextBoolean() ? List.of(dimensions(r, "Ext", 1 + r.nextInt(5))) : List.of();
        LinkedHashMap<String, String> values = new LinkedHashMap<>(defaults.asMap());
        values.putAll(custom);
        extra.forEach(s -> values.putAll(s.asMap()));
        LinkedHashMap<String, Object> metadata = new LinkedHashMap<>();
        LinkedHashMap<String, String> metadataJson = new LinkedHashMap<>();
        for (int i = r.nextInt(4); i > 0; i--) {
            switch (r.nextInt(4)) {
                case 0 -> {
                    String s = "s\"" + r.nextInt() + "\u00e9";
                    metadata.put("meta" + i, s);
                    metadataJson.put("meta" + i, "\"s\\\"" + s.substring(2, s.length() - 1) + "\u00e9\"");
                }
                case 1 -> {
                    long l = r.nextLong();
                    metadata.put("meta" + i, l);
                    metadataJson.put("meta" + i, Long.toString(l));
                }
                case 2 -> {
                    metadata.put("meta" + i, Boolean.TRUE);
                    metadataJson.put("meta" + i, "true");
                }
                default -> {
                    metadata.put("meta" + i, new MetricsBuffer.RawJson("{\"a\":[1,2]}"));
                    metadataJson.put("meta" + i, "{\"a\":[1,2]}");
                }
            }
        }
        EmfBatch batch = new EmfBatch(1_714_564_800_000L + r.nextInt(1000), "Ns" + r.nextInt(10),
                EmfCodec.dimensionSets(defaults, custom, extra, null), values,
                List.copyOf(byName.values()), metadata, "req-" + r.nextInt(1000), "1-5759e988-bd862e3fe1be46a994272793", null);
        return new Generated(batch, byName, metadataJson);
    }

    static DimensionSet dimensions(Random r, String prefix, int n) {
        DimensionSet.Builder b = DimensionSet.builder();
        for (int i = 0; i < n; i++) {
            b.add(prefix + i, "v" + r.nextInt(100) + " ~" + (char) ('!' + r.nextInt(90)));
        }
        return b.build();
    }

    static List<JsonNode> encode(EmfBatch batch) {
        JsonWriter w = JsonWriter.create(64);
        List<JsonNode> out = new ArrayList<>();
        int n = EmfCodec.write(batch, w, line -> out.add(EmfOutput.parse(line.toString())));
        assertThat(n).isEqualTo(out.size());
        return out;
    }
}
