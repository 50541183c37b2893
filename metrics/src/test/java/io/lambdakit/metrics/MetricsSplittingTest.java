package io.lambdakit.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.lambdakit.metrics.MetricsTest.j;
import static org.assertj.core.api.Assertions.assertThat;

/** The EMF limits are met by splitting, never by dropping. */
class MetricsSplittingTest {

    final Fixtures fx = new Fixtures();
    final Metrics metrics = fx.metrics();

    @Test
    void hundredMetrics_fitOneBlob() {
        metrics.execute(Fixtures.context("req-1"), () -> {
            for (int i = 0; i < 100; i++) {
                metrics.add("M" + i, i);
            }
            return null;
        });

        assertThat(fx.out.single().at("/_aws/CloudWatchMetrics/0/Metrics").size()).isEqualTo(100);
    }

    @Test
    void hundredAndOneMetrics_areSplitIntoTwoBlobsWithTheSameDimensionsAndProperties() {
        metrics.execute(Fixtures.context("req-1"), () -> {
            metrics.addDimension("Region", "eu").addMetadata("orderId", "o-1");
            for (int i = 0; i < 101; i++) {
                metrics.add("M" + i, i, MetricUnit.COUNT);
            }
            return null;
        });

        List<JsonNode> blobs = fx.out.blobs();
        assertThat(blobs).hasSize(2);
        assertThat(blobs.get(0).at("/_aws/CloudWatchMetrics/0/Metrics").size()).isEqualTo(100);
        assertThat(blobs.get(1).at("/_aws/CloudWatchMetrics/0/Metrics")).isEqualTo(j("[{'Name':'M100','Unit':'Count'}]"));
        for (JsonNode blob : blobs) {
            assertThat(blob.at("/_aws/CloudWatchMetrics/0/Dimensions")).isEqualTo(j("[['Service','Region']]"));
            assertThat(blob.get("Region").asText()).isEqualTo("eu");
            assertThat(blob.get("orderId").asText()).isEqualTo("o-1");
            assertThat(blob.get("function_request_id").asText()).isEqualTo("req-1");
        }
        for (int i = 0; i < 101; i++) {
            JsonNode holder = i < 100 ? blobs.get(0) : blobs.get(1);
            assertThat(holder.get("M" + i).asInt()).isEqualTo(i);
        }
    }

    @Test
    void hundredValues_fitOneArray() {
        metrics.execute(Fixtures.context("req-1"), () -> {
            for (int i = 0; i < 100; i++) {
                metrics.add("Latency", i, MetricUnit.MILLISECONDS);
            }
            return null;
        });

        assertThat(fx.out.single().get("Latency").size()).isEqualTo(100);
    }

    @Test
    void hundredAndOneValues_areSplitIntoTwoBlobsKeepingOrder() {
        metrics.execute(Fixtures.context("req-1"), () -> {
            for (int i = 0; i < 101; i++) {
                metrics.add("Latency", i, MetricUnit.MILLISECONDS);
            }
            metrics.add("Orders", 1, MetricUnit.COUNT);
            return null;
        });

        List<JsonNode> blobs = fx.out.blobs();
        assertThat(blobs).hasSize(2);
        assertThat(blobs.get(0).get("Latency").size()).isEqualTo(100);
        assertThat(blobs.get(0).get("Orders").asInt()).isEqualTo(1);
        assertThat(blobs.get(1).get("Latency").asInt()).isEqualTo(100);
        assertThat(blobs.get(1).has("Orders")).isFalse();
        assertThat(blobs.get(1).at("/_aws/CloudWatchMetrics/0/Metrics")).isEqualTo(j("[{'Name':'Latency','Unit':'Milliseconds'}]"));
        List<Integer> all = new ArrayList<>();
        blobs.get(0).get("Latency").forEach(v -> all.add(v.asInt()));
        all.add(blobs.get(1).get("Latency").asInt());
        assertThat(all).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 101).boxed().toList());
    }

    @Test
    void thirtyDimensions_fitOneSet() {
        metrics.execute(Fixtures.context("req-1"), () -> {
            for (int i = 1; i < 30; i++) {
                metrics.addDimension("D" + i, "v" + i);
            }
            metrics.add("M", 1);
            return null;
        });

        JsonNode dims = fx.out.single().at("/_aws/CloudWatchMetrics/0/Dimensions");
        assertThat(dims.size()).isEqualTo(1);
        assertThat(dims.get(0).size()).isEqualTo(30);
    }

    @Test
    void thirtyOneDimensions_areSplitIntoSetsThatEachKeepTheDefaults() {
        metrics.execute(Fixtures.context("req-1"), () -> {
            for (int i = 1; i <= 30; i++) {
                metrics.addDimension("D" + i, "v" + i);
            }
            metrics.add("M", 1);
            return null;
        });

        JsonNode blob = fx.out.single();
        JsonNode dims = blob.at("/_aws/CloudWatchMetrics/0/Dimensions");
        assertThat(dims.size()).isEqualTo(2);
        assertThat(dims.get(0).size()).isEqualTo(30);
        assertThat(dims.get(0).get(0).asText()).isEqualTo("Service");
        assertThat(dims.get(1)).isEqualTo(j("['Service','D30']"));
        for (int i = 1; i <= 30; i++) {
            assertThat(blob.get("D" + i).asText()).isEqualTo("v" + i);
        }
    }

    @Test
    void thirtyOneDimensionsWithoutDefaults_areSplitThirtyAndOne() {
        fx.env("POWERTOOLS_SERVICE_NAME", null);
        Metrics noService = fx.metrics();

        noService.execute(Fixtures.context("req-1"), () -> {
            noService.addDimensionSet(DimensionSet.of(java.util.stream.IntStream.rangeClosed(1, 31).boxed()
                    .collect(java.util.stream.Collectors.toMap(i -> "D" + i, i -> "v" + i, (a, b) -> a, java.util.LinkedHashMap::new))));
            noService.add("M", 1);
            return null;
        });

        JsonNode dims = fx.out.single().at("/_aws/CloudWatchMetrics/0/Dimensions");
        assertThat(dims.size()).isEqualTo(3);
        assertThat(dims.get(0)).isEqualTo(j("[]"));
        assertThat(dims.get(1).size()).isEqualTo(30);
        assertThat(dims.get(2)).isEqualTo(j("['D31']"));
    }

    @Test
    void manyMetricsWithManyValues_splitWithoutLosingAnyValue() {
        metrics.execute(Fixtures.context("req-1"), () -> {
            for (int m = 0; m < 150; m++) {
                for (int v = 0; v < 120; v++) {
                    metrics.add("M" + m, v);
                }
            }
            return null;
        });

        List<JsonNode> blobs = fx.out.blobs();
        assertThat(blobs).hasSize(4);
        int[] counts = new int[150];
        for (JsonNode blob : blobs) {
            for (JsonNode def : blob.at("/_aws/CloudWatchMetrics/0/Metrics")) {
                String name = def.get("Name").asText();
                JsonNode values = blob.get(name);
                counts[Integer.parseInt(name.substring(1))] += values.isArray() ? values.size() : 1;
            }
        }
        assertThat(counts).containsOnly(120);
    }
}
