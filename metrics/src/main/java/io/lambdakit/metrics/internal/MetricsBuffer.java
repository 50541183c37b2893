package io.lambdakit.metrics.internal;

import io.lambdakit.core.InvocationContext;
import io.lambdakit.metrics.DimensionSet;
import io.lambdakit.metrics.MetricResolution;
import io.lambdakit.metrics.MetricUnit;
import io.lambdakit.metrics.MetricsValidationException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metrics, dimensions and metadata one invocation (or, for the engine's unscoped buffer, code outside any
 * invocation) has recorded and not yet written. Every method is synchronized: worker threads of one invocation
 * add concurrently; a flush takes a {@link Snapshot} and clears, then encodes outside the lock.
 */
final class MetricsBuffer {

    /** What a flush writes. */
    record Snapshot(List<MetricEntry> metrics, Map<String, String> dimensions, List<DimensionSet> dimensionSets,
                    Map<String, Object> metadata, long timestampMillis) {
    }

    /** A metadata value already rendered to JSON at the call. */
    record RawJson(String json) {
    }

    private volatile InvocationContext invocation;
    private RunConfig config;
    private int runDepth;
    private volatile boolean managed;
    private volatile boolean adopted;
    private boolean closed;
    private boolean emittedAny;
    private long firstAddMillis = -1;
    private long explicitTimestampMillis = -1;
    private LinkedHashMap<String, MetricEntry> metrics = new LinkedHashMap<>();
    private final LinkedHashMap<String, String> dimensions = new LinkedHashMap<>();
    private final ArrayList<DimensionSet> dimensionSets = new ArrayList<>(2);
    private final LinkedHashMap<String, Object> metadata = new LinkedHashMap<>();
    /** JSON bytes of the metadata members, kept for the whole invocation. */
    private long metadataBytes;
    /** JSON bytes (an upper bound) the dimensions and dimension sets add to a blob until the next flush. */
    private long dimensionBytes;

    InvocationContext invocation() {
        return invocation;
    }

    void bind(InvocationContext context) {
        if (invocation == null) {
            invocation = context;
        }
    }

    // ---- runs ----

    /**
     * @param runConfig the run's configuration
     * @return true when this is the outermost run of this buffer, which owns the flush
     */
    synchronized boolean enterRun(RunConfig runConfig) {
        managed = true;
        if (runDepth++ == 0) {
            config = runConfig;
            return true;
        }
        return false;
    }

    /** @return true when the outermost run ended */
    synchronized boolean exitRun() {
        return --runDepth == 0;
    }

    synchronized RunConfig config() {
        return config;
    }

    /** @return true the first time a buffer outside any run is seen by the engine */
    boolean adoptIfUnmanaged() {
        if (managed || adopted) {
            return false;
        }
        return adoptSlow();
    }

    private synchronized boolean adoptSlow() {
        if (managed || adopted) {
            return false;
        }
        adopted = true;
        return true;
    }

    boolean isManaged() {
        return managed;
    }

    synchronized boolean hasPendingMetrics() {
        return !metrics.isEmpty();
    }

    synchronized void markEmitted() {
        emittedAny = true;
    }

    synchronized boolean emittedAny() {
        return emittedAny;
    }

    // ---- recording; each returns false when the buffer was closed by its invocation's final flush ----

    synchronized boolean add(String name, double value, MetricUnit unit, MetricResolution resolution, long nowMillis,
                             DimensionSet fallbackDefaults) {
        if (closed) {
            return false;
        }
        MetricEntry e = metrics.get(name);
        if (e == null) {
            Validation.requireMetricName(name);
            if (dimensions.containsKey(name) || defaults(fallbackDefaults).asMap().containsKey(name) || inDimensionSets(name)) {
                throw new MetricsValidationException("metric '" + name + "'", "metric name '" + name
                        + "' is already a dimension key; EMF keeps both as root members, so give the metric another name");
            }
            if (metadata.containsKey(name)) {
                throw new MetricsValidationException("metric '" + name + "'", "metric name '" + name
                        + "' is already a metadata key; EMF keeps both as root members, so give the metric another name");
            }
            e = new MetricEntry(name, unit, resolution);
            metrics.put(name, e);
        } else if (e.unit() != unit) {
            throw new MetricsValidationException("metric '" + name + "'", "metric '" + name + "' was added with unit "
                    + e.unit().wireName() + " and now with " + unit.wireName() + "; use one unit per metric name");
        } else if (e.resolution() != resolution) {
            throw new MetricsValidationException("metric '" + name + "'", "metric '" + name + "' was added with "
                    + e.resolution() + " resolution and now with " + resolution + "; use one resolution per metric name");
        }
        e.append(value);
        if (firstAddMillis < 0) {
            firstAddMillis = nowMillis;
        }
        return true;
    }

    synchronized boolean addDimension(String key, String value) {
        if (closed) {
            return false;
        }
        requireNotMetricOrMetadata(key);
        for (DimensionSet set : dimensionSets) {
            String other = set.asMap().get(key);
            if (other != null && !other.equals(value)) {
                throw conflict(key);
            }
        }
        String old = dimensions.get(key);
        long delta = old != null ? value.length() - old.length() : EmfSizes.dimension(key, value);
        requireRoom("dimension '" + key + "'", "dimension '" + key + "'", delta);
        dimensions.put(key, value);
        dimensionBytes += delta;
        return true;
    }

    synchronized boolean addDimensionSet(DimensionSet set, DimensionSet fallbackDefaults) {
        if (closed) {
            return false;
        }
        DimensionSet defaults = defaults(fallbackDefaults);
        for (Map.Entry<String, String> d : set.asMap().entrySet()) {
            requireNotMetricOrMetadata(d.getKey());
            String other = dimensions.get(d.getKey());
            for (DimensionSet s : dimensionSets) {
                other = other != null ? other : s.asMap().get(d.getKey());
            }
            if (other == null) {
                other = defaults.asMap().get(d.getKey());
            }
            if (other != null && !other.equals(d.getValue())) {
                throw conflict(d.getKey());
            }
        }
        long delta = EmfSizes.dimensionSet(set, defaults, dimensions, dimensionSets);
        requireRoom("dimension set " + set.keys(), "a dimension set with the keys " + set.keys(), delta);
        dimensionSets.add(set);
        dimensionBytes += delta;
        return true;
    }

    synchronized boolean addMetadata(String key, Object value, DimensionSet fallbackDefaults) {
        if (closed) {
            return false;
        }
        if (defaults(fallbackDefaults).asMap().containsKey(key)) {
            throw new MetricsValidationException("metadata key", "metadata key '" + key + "' is already a default dimension key; choose another key");
        }
        if (metrics.containsKey(key)) {
            throw new MetricsValidationException("metadata key", "metadata key '" + key + "' is already a metric name; choose another key");
        }
        if (dimensions.containsKey(key) || inDimensionSets(key)) {
            throw new MetricsValidationException("metadata key", "metadata key '" + key + "' is already a dimension key; choose another key");
        }
        long delta = EmfSizes.metadata(key, value) - (metadata.containsKey(key) ? EmfSizes.metadata(key, metadata.get(key)) : 0);
        requireRoom("metadata '" + key + "'", "metadata '" + key + "'", delta);
        metadata.put(key, value);
        metadataBytes += delta;
        return true;
    }

    /**
     * Every blob of an invocation repeats its metadata and dimensions, so they cannot be split across blobs:
     * refuses what would make them larger than {@link Validation#MAX_METADATA_AND_DIMENSION_BYTES}.
     */
    private void requireRoom(String item, String what, long delta) {
        long before = metadataBytes + dimensionBytes;
        if (delta > 0 && before + delta > Validation.MAX_METADATA_AND_DIMENSION_BYTES) {
            throw new MetricsValidationException(item, what + " would take " + delta + " bytes of JSON, and with the "
                    + before + " bytes of this invocation's other metadata and dimensions that exceeds the "
                    + Validation.MAX_METADATA_AND_DIMENSION_BYTES + " bytes allowed: an EMF blob is one CloudWatch Logs event of at most "
                    + Validation.MAX_BLOB_BYTES + " bytes and every blob repeats all metadata and dimensions, so they cannot be split;"
                    + " keep large values elsewhere (S3, a log line) and add a reference to them");
        }
    }

    synchronized boolean timestamp(long millis) {
        if (closed) {
            return false;
        }
        explicitTimestampMillis = millis;
        return true;
    }

    // ---- flushing ----

    /**
     * Takes what is to be written and clears metrics, dimensions and the timestamp; metadata stays.
     *
     * @param close     true for the invocation's final flush: later additions are refused
     * @param nowMillis now, the timestamp when none was set and nothing was added
     * @return the snapshot, or null when there is no metric
     */
    synchronized Snapshot drain(boolean close, long nowMillis) {
        if (close) {
            closed = true;
        }
        Snapshot s = null;
        if (!metrics.isEmpty()) {
            long ts = explicitTimestampMillis >= 0 ? explicitTimestampMillis : firstAddMillis >= 0 ? firstAddMillis : nowMillis;
            s = new Snapshot(List.copyOf(metrics.values()), new LinkedHashMap<>(dimensions), List.copyOf(dimensionSets),
                    new LinkedHashMap<>(metadata), ts);
            metrics = new LinkedHashMap<>();
        }
        dimensions.clear();
        dimensionSets.clear();
        dimensionBytes = 0;
        explicitTimestampMillis = -1;
        firstAddMillis = -1;
        if (close) {
            metadata.clear();
            metadataBytes = 0;
        }
        return s;
    }

    private DimensionSet defaults(DimensionSet fallback) {
        return config != null ? config.defaultDimensions() : fallback;
    }

    private boolean inDimensionSets(String key) {
        for (DimensionSet s : dimensionSets) {
            if (s.asMap().containsKey(key)) {
                return true;
            }
        }
        return false;
    }

    private void requireNotMetricOrMetadata(String key) {
        if (metrics.containsKey(key)) {
            throw new MetricsValidationException("dimension '" + key + "'", "dimension key '" + key
                    + "' is already a metric name; EMF keeps both as root members, so choose another key");
        }
        if (metadata.containsKey(key)) {
            throw new MetricsValidationException("dimension '" + key + "'", "dimension key '" + key
                    + "' is already a metadata key; EMF keeps both as root members, so choose another key");
        }
    }

    private static MetricsValidationException conflict(String key) {
        return new MetricsValidationException("dimension '" + key + "'", "dimension '" + key
                + "' already has another value in this invocation's dimension sets, and an EMF blob holds one value per key;"
                + " publish the other value with flushSingleMetric(..) or flush() first");
    }
}
