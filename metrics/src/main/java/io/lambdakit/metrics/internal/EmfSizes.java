package io.lambdakit.metrics.internal;

import io.lambdakit.metrics.DimensionSet;

import java.util.List;
import java.util.Map;

/**
 * How many bytes of JSON what an invocation records adds to each of its EMF blobs, so that what cannot be split
 * across blobs (metadata and dimensions, which every blob repeats) is refused at the call instead of making a
 * blob larger than a CloudWatch Logs event. Dimension keys and values are printable ASCII (validated before),
 * so their lengths are their sizes; the sizes of dimension sets are upper bounds (a set written twice is
 * counted twice).
 */
final class EmfSizes {

    /** {@code "tenant_id",} in a dimension set and the set's brackets and comma. */
    private static final int SET_OVERHEAD = 16;

    private EmfSizes() {
    }

    /**
     * @param key   a dimension key added to the invocation's own set
     * @param value its value
     * @return its reference in the set ({@code "key",}) plus its root member ({@code "key":"value",})
     */
    static long dimension(String key, String value) {
        return 2L * key.length() + value.length() + 9;
    }

    /**
     * @param set        a dimension set to add
     * @param defaults   the default dimensions, repeated in every set
     * @param dimensions the invocation's own dimensions (their values are written already)
     * @param sets       the sets added before (their values are written already)
     * @return the references of the set (with the defaults, repeated for each part when the set is split at 30
     *         keys) plus the root members of the keys that have no value in the blob yet
     */
    static long dimensionSet(DimensionSet set, DimensionSet defaults, Map<String, String> dimensions, List<DimensionSet> sets) {
        long refs = 0;
        int own = 0;
        for (Map.Entry<String, String> d : set.asMap().entrySet()) {
            String k = d.getKey();
            if (defaults.asMap().containsKey(k)) {
                continue;
            }
            own++;
            refs += k.length() + 3;
            if (!dimensions.containsKey(k) && !inSets(k, sets)) {
                refs += k.length() + d.getValue().length() + 6;
            }
        }
        return refs + leadRefs(defaults, own);
    }

    /**
     * @param dimensions the dimensions of a single metric
     * @param defaults   the default dimensions
     * @return the references and root members those dimensions add to the single metric's blob
     */
    static long singleMetricDimensions(DimensionSet dimensions, DimensionSet defaults) {
        long bytes = 0;
        int own = 0;
        for (Map.Entry<String, String> d : dimensions.asMap().entrySet()) {
            if (!defaults.asMap().containsKey(d.getKey())) {
                own++;
                bytes += dimension(d.getKey(), d.getValue());
            }
        }
        return bytes + leadRefs(defaults, own);
    }

    /** The default keys (and tenant) repeated in each part of a set of {@code own} further keys, split at 30. */
    private static long leadRefs(DimensionSet defaults, int own) {
        long lead = SET_OVERHEAD;
        for (String k : defaults.keys()) {
            lead += k.length() + 3;
        }
        int perPart = Math.max(1, Validation.MAX_DIMENSIONS_PER_SET - defaults.keys().size() - 1);
        int parts = Math.max(1, (own + perPart - 1) / perPart);
        return lead * parts;
    }

    private static boolean inSets(String key, List<DimensionSet> sets) {
        for (DimensionSet s : sets) {
            if (s.asMap().containsKey(key)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param key   a metadata key
     * @param value its stored value: String, Boolean, Long, Double, null or {@code MetricsBuffer.RawJson}
     * @return the bytes of its root member, {@code "key":value,}
     */
    static long metadata(String key, Object value) {
        long v;
        if (value == null) {
            v = 4;
        } else if (value instanceof String s) {
            v = Validation.jsonStringBytes(s);
        } else if (value instanceof Boolean) {
            v = 5;
        } else if (value instanceof Long || value instanceof Double) {
            v = 25;
        } else if (value instanceof MetricsBuffer.RawJson raw) {
            v = Validation.utf8Bytes(raw.json());
        } else {
            v = Validation.jsonStringBytes(value.toString());
        }
        return Validation.jsonStringBytes(key) + 2 + v;
    }
}
