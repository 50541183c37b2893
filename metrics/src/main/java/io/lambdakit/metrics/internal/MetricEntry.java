package io.lambdakit.metrics.internal;

import io.lambdakit.metrics.MetricResolution;
import io.lambdakit.metrics.MetricUnit;

import java.util.Arrays;

/** One metric name of a buffer: its unit, resolution and values in the order they were added. Guarded by the buffer. */
final class MetricEntry {

    private final String name;
    private final MetricUnit unit;
    private final MetricResolution resolution;
    private double[] values;
    private int count;

    /**
     * @param name       the metric name
     * @param unit       its unit
     * @param resolution its resolution
     */
    public MetricEntry(String name, MetricUnit unit, MetricResolution resolution) {
        this.name = name;
        this.unit = unit;
        this.resolution = resolution;
        this.values = new double[4];
    }

    /**
     * @param name       the metric name
     * @param unit       its unit
     * @param resolution its resolution
     * @param values     its values
     * @return an entry holding a copy of {@code values}
     */
    public static MetricEntry of(String name, MetricUnit unit, MetricResolution resolution, double... values) {
        MetricEntry e = new MetricEntry(name, unit, resolution);
        for (double v : values) {
            e.append(v);
        }
        return e;
    }

    void append(double value) {
        if (count == values.length) {
            values = Arrays.copyOf(values, count * 2);
        }
        values[count++] = value;
    }

    /** @return the name */
    public String name() {
        return name;
    }

    /** @return the unit */
    public MetricUnit unit() {
        return unit;
    }

    /** @return the resolution */
    public MetricResolution resolution() {
        return resolution;
    }

    /** @return the number of values */
    public int count() {
        return count;
    }

    /**
     * @param i index below {@link #count()}
     * @return the value
     */
    public double value(int i) {
        return values[i];
    }
}
