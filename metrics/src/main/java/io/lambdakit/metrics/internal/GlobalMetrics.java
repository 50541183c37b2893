package io.lambdakit.metrics.internal;

import io.lambdakit.metrics.Metrics;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/** Holds the instance {@code @FlushMetrics} uses. Resettable, built lazily (at first use, not at class load). */
public final class GlobalMetrics {

    private static final AtomicReference<MetricsEngine> INSTANCE = new AtomicReference<>();

    private GlobalMetrics() {
    }

    /** @return the global instance, built from the environment when none was set */
    public static MetricsEngine get() {
        MetricsEngine m = INSTANCE.get();
        if (m != null) {
            return m;
        }
        MetricsEngine created = (MetricsEngine) Metrics.builder().build();
        return INSTANCE.compareAndSet(null, created) ? created : INSTANCE.get();
    }

    /**
     * @param metrics an instance built by {@code Metrics.builder()}
     * @return {@code metrics}
     */
    public static Metrics set(Metrics metrics) {
        Objects.requireNonNull(metrics, "metrics");
        if (!(metrics instanceof MetricsEngine engine)) {
            throw new IllegalArgumentException("the global Metrics must come from Metrics.builder(), not " + metrics.getClass().getName());
        }
        INSTANCE.set(engine);
        return metrics;
    }

    /** Forgets the global instance. */
    public static void reset() {
        INSTANCE.set(null);
    }
}
