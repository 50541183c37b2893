package io.lambdakit.metrics.internal;

import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.spi.PreloadScenarios;
import io.lambdakit.core.spi.PrimingContext;
import io.lambdakit.metrics.DimensionSet;
import io.lambdakit.metrics.MetricResolution;
import io.lambdakit.metrics.MetricUnit;
import io.lambdakit.metrics.Metrics;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Map;

/**
 * The synthetic hot path of lambdakit-metrics that the build records into its class list
 * ({@code io.lambdakit.core.internal.ClassListRecorder}): invocations with the cold-start metric,
 * metrics of every resolution, dimensions, dimension sets, metadata and single metrics, flushed as
 * EMF to a stream that discards them.
 */
public final class MetricsPreloadScenario {

    private MetricsPreloadScenario() {
    }

    /**
     * @param args ignored
     */
    public static void main(String[] args) {
        ExecutionEnvironment ee = PreloadScenarios.executionEnvironment(PreloadScenarios.environment());
        Metrics metrics = Metrics.builder().executionEnvironment(ee).namespace("Scenario").service("scenario")
                .defaultDimension("Stage", "build").captureColdStart(true)
                .output(new PrintStream(OutputStream.nullOutputStream(), true)).build();
        for (int i = 0; i < 4; i++) {
            int n = i;
            metrics.execute(new PrimingContext(ee.environment(), "scenario-" + i), () -> {
                metrics.add("Orders", 1);
                metrics.add("Latency", 12.5 + n, MetricUnit.MILLISECONDS);
                metrics.add("Bytes", 2048, MetricUnit.BYTES, MetricResolution.HIGH);
                metrics.addDimension("Channel", "web");
                metrics.addDimensionSet(DimensionSet.of("Region", "eu", "Tier", "gold"));
                metrics.addMetadata("orderId", "o-" + n);
                metrics.addMetadata("detail", Map.of("items", 2));
                metrics.timestamp(Instant.now());
                metrics.flushSingleMetric("Single", 1, MetricUnit.COUNT, DimensionSet.of("Kind", "single"));
                return null;
            });
        }
    }
}
