package io.lambdakit.metrics.internal;

import io.lambdakit.core.spi.JsonWriter;
import io.lambdakit.metrics.DimensionSet;
import io.lambdakit.metrics.MetricResolution;
import io.lambdakit.metrics.MetricsException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Writes CloudWatch Embedded Metric Format, Powertools-compatible: {@code _aws} first, then dimension values,
 * metric values (a number, or an array when a blob carries several values of one metric), metadata, and the
 * {@code function_request_id}, {@code xray_trace_id} and {@code tenant_id} properties. The EMF limits are met
 * by splitting, never by dropping: at most 100 metrics per blob, 100 values per metric and 1 MiB (one CloudWatch
 * Logs event) per blob, further values and metrics going to further blobs; dimension sets of more than 30 keys
 * are split into several sets.
 */
final class EmfCodec {

    /** Receives each finished blob; the writer holds exactly one JSON object. */
    @FunctionalInterface
    public interface LineSink {
        /** @param blob the writer holding the blob */
        void line(JsonWriter blob);
    }

    private EmfCodec() {
    }

    /**
     * The dimension sets of a blob: the default dimensions (plus {@code tenantKey}) with the custom dimensions,
     * then the defaults with each additional set. Sets with the same keys are written once. A set of more than
     * 30 keys becomes several: each keeps the default keys and takes the next of the others.
     *
     * @param defaults  the default dimensions
     * @param custom    dimensions added to the invocation's set
     * @param extra     additional sets
     * @param tenantKey {@code tenant_id} when the tenant is a dimension of this blob, else null
     * @return the sets, each at most 30 keys
     */
    public static List<List<String>> dimensionSets(DimensionSet defaults, Map<String, String> custom, List<DimensionSet> extra, String tenantKey) {
        List<String> lead = new ArrayList<>(defaults.keys());
        if (tenantKey != null && !lead.contains(tenantKey)) {
            lead.add(tenantKey);
        }
        List<List<String>> out = new ArrayList<>(1 + extra.size());
        LinkedHashSet<String> primary = new LinkedHashSet<>(lead);
        primary.addAll(custom.keySet());
        addChunked(out, lead, primary);
        for (DimensionSet set : extra) {
            LinkedHashSet<String> keys = new LinkedHashSet<>(lead);
            keys.addAll(set.asMap().keySet());
            addChunked(out, lead, keys);
        }
        return out;
    }

    private static void addChunked(List<List<String>> out, List<String> lead, LinkedHashSet<String> keys) {
        int max = Validation.MAX_DIMENSIONS_PER_SET;
        if (keys.size() <= max) {
            addUnique(out, new ArrayList<>(keys));
            return;
        }
        List<String> all = new ArrayList<>(keys);
        if (lead.size() >= max) {
            for (int i = 0; i < all.size(); i += max) {
                addUnique(out, new ArrayList<>(all.subList(i, Math.min(all.size(), i + max))));
            }
            return;
        }
        List<String> rest = new ArrayList<>(all.size());
        for (String k : all) {
            if (!lead.contains(k)) {
                rest.add(k);
            }
        }
        int per = max - lead.size();
        for (int i = 0; i < rest.size(); i += per) {
            List<String> chunk = new ArrayList<>(lead);
            chunk.addAll(rest.subList(i, Math.min(rest.size(), i + per)));
            addUnique(out, chunk);
        }
    }

    private static void addUnique(List<List<String>> out, List<String> set) {
        HashSet<String> asSet = new HashSet<>(set);
        for (List<String> existing : out) {
            if (existing.size() == set.size() && asSet.containsAll(existing)) {
                return;
            }
        }
        out.add(set);
    }

    /**
     * Writes the batch as as many blobs as the limits require, each passed to {@code sink}: at most 100 metrics,
     * 100 values per metric and {@link Validation#MAX_BLOB_BYTES} bytes per blob. A blob over the byte limit is
     * written again with fewer metrics, then fewer values, found by bisection; the rest go to the next blobs.
     *
     * @param batch  what to write; must hold at least one value
     * @param writer a writer to reuse; reset before each blob
     * @param sink   receives each blob
     * @return the number of blobs written
     * @throws MetricsException when not even one value fits in a blob beside the batch's dimensions and
     *                          metadata (what the engine refuses at the call, so this does not happen)
     */
    public static int write(EmfBatch batch, JsonWriter writer, LineSink sink) {
        return write(batch, writer, sink, Validation.MAX_BLOB_BYTES);
    }

    static int write(EmfBatch batch, JsonWriter writer, LineSink sink, int maxBlobBytes) {
        List<MetricEntry> metrics = batch.metrics();
        int n = metrics.size();
        int[] offsets = new int[n];
        int[] selected = new int[Math.min(n, Validation.MAX_METRICS_PER_BLOB)];
        int blobs = 0;
        while (true) {
            int k = 0;
            for (int i = 0; i < n && k < selected.length; i++) {
                if (offsets[i] < metrics.get(i).count()) {
                    selected[k++] = i;
                }
            }
            if (k == 0) {
                return blobs;
            }
            int values = Validation.MAX_VALUES_PER_METRIC;
            writer.reset();
            writeBlob(batch, selected, k, offsets, values, writer);
            if (writer.size() > maxBlobBytes) {
                k = largestFitting(batch, selected, 1, k - 1, offsets, values, writer, maxBlobBytes, true);
                if (k == 0) {
                    k = 1;
                    values = largestFitting(batch, selected, 1, values - 1, offsets, 1, writer, maxBlobBytes, false);
                    if (values == 0) {
                        writer.reset();
                        writeBlob(batch, selected, 0, offsets, 1, writer);
                        throw new MetricsException("an EMF blob would be larger than " + maxBlobBytes + " bytes even with a single value ("
                                + writer.size() + " bytes of namespace, dimensions, metadata and properties alone); its metrics were not written");
                    }
                }
                writer.reset();
                writeBlob(batch, selected, k, offsets, values, writer);
            }
            sink.line(writer);
            blobs++;
            for (int j = 0; j < k; j++) {
                int i = selected[j];
                offsets[i] = Math.min(metrics.get(i).count(), offsets[i] + values);
            }
        }
    }

    /**
     * The largest count in {@code [lo, hi]} of metrics (when {@code byMetrics}) or of values per metric (of the
     * first selected metric alone) whose blob fits, or 0 when none does. The blob grows with both counts.
     */
    private static int largestFitting(EmfBatch batch, int[] selected, int lo, int hi, int[] offsets, int fixed,
                                      JsonWriter writer, int maxBlobBytes, boolean byMetrics) {
        int best = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            writer.reset();
            if (byMetrics) {
                writeBlob(batch, selected, mid, offsets, fixed, writer);
            } else {
                writeBlob(batch, selected, 1, offsets, mid, writer);
            }
            if (writer.size() <= maxBlobBytes) {
                best = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return best;
    }

    private static void writeBlob(EmfBatch b, int[] selected, int k, int[] offsets, int valuesPerMetric, JsonWriter w) {
        List<MetricEntry> metrics = b.metrics();
        w.beginObject();
        w.name("_aws").beginObject();
        w.name("Timestamp").value(b.timestampMillis());
        w.name("CloudWatchMetrics").beginArray().beginObject();
        w.name("Namespace").value(b.namespace());
        w.name("Dimensions").beginArray();
        for (List<String> set : b.dimensionSets()) {
            w.beginArray();
            for (int i = 0; i < set.size(); i++) {
                w.value(set.get(i));
            }
            w.endArray();
        }
        w.endArray();
        w.name("Metrics").beginArray();
        for (int j = 0; j < k; j++) {
            MetricEntry e = metrics.get(selected[j]);
            w.beginObject().name("Name").value(e.name()).name("Unit").value(e.unit().wireName());
            if (e.resolution() == MetricResolution.HIGH) {
                w.name("StorageResolution").value(MetricResolution.HIGH.seconds());
            }
            w.endObject();
        }
        w.endArray();
        w.endObject().endArray();
        w.endObject();

        for (Map.Entry<String, String> d : b.dimensionValues().entrySet()) {
            w.name(d.getKey()).value(d.getValue());
        }
        for (int j = 0; j < k; j++) {
            MetricEntry e = metrics.get(selected[j]);
            int from = offsets[selected[j]];
            int to = Math.min(e.count(), from + valuesPerMetric);
            w.name(e.name());
            if (to - from == 1) {
                w.value(e.value(from));
            } else {
                w.beginArray();
                for (int i = from; i < to; i++) {
                    w.value(e.value(i));
                }
                w.endArray();
            }
        }
        for (Map.Entry<String, Object> m : b.metadata().entrySet()) {
            w.name(m.getKey());
            writeMetadataValue(w, m.getValue());
        }
        if (b.requestId() != null) {
            w.name(Validation.REQUEST_ID_KEY).value(b.requestId());
        }
        if (b.traceId() != null) {
            w.name(Validation.TRACE_ID_KEY).value(b.traceId());
        }
        if (b.tenantId() != null) {
            w.name(Validation.TENANT_ID_KEY).value(b.tenantId());
        }
        w.endObject();
    }

    private static void writeMetadataValue(JsonWriter w, Object v) {
        if (v == null) {
            w.nullValue();
        } else if (v instanceof String s) {
            w.value(s);
        } else if (v instanceof Long l) {
            w.value(l.longValue());
        } else if (v instanceof Double d) {
            w.value(d.doubleValue());
        } else if (v instanceof Boolean bool) {
            w.value(bool.booleanValue());
        } else if (v instanceof MetricsBuffer.RawJson raw) {
            w.rawValue(raw.json());
        } else {
            w.value(v.toString());
        }
    }
}
