package io.lambdakit.tracing.internal;

import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.spi.PreloadScenarios;
import io.lambdakit.tracing.Tracer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The synthetic hot path of lambdakit-tracing that the build records into its class list
 * ({@code io.lambdakit.core.internal.ClassListRecorder}): handler segments with nested
 * subsegments, annotations, metadata, a captured response, a recorded exception and a wrapped
 * task. It runs as a priming call, so every document is encoded and none is sent.
 */
public final class TracingPreloadScenario {

    private TracingPreloadScenario() {
    }

    /**
     * @param args ignored
     * @throws Exception when the scenario fails (the build fails)
     */
    public static void main(String[] args) throws Exception {
        ExecutionEnvironment ee = PreloadScenarios.executionEnvironment(PreloadScenarios.environment());
        try (Tracer tracer = Tracer.builder().executionEnvironment(ee).serviceName("scenario").build()) {
            for (int i = 0; i < 4; i++) {
                int n = i;
                ee.prime("scenario", context -> tracer.execute(context, () -> {
                    tracer.putAnnotation("orderId", "o-" + n);
                    tracer.putAnnotation("count", n);
                    tracer.putAnnotation("ok", true);
                    tracer.putMetadata("order", Map.of("id", n, "items", List.of("a", "b")));
                    String loaded = tracer.trace("loadOrder", () -> "order-" + n);
                    try {
                        tracer.trace("charge", () -> {
                            throw new IllegalStateException("declined");
                        });
                    } catch (IllegalStateException expected) {
                        // recorded on the subsegment, as a user's failing call would be
                    }
                    Callable<String> task = tracer.wrap(() -> tracer.trace("inWorker", () -> loaded));
                    return Map.of("order", task.call());
                }));
            }
        }
    }
}
