package io.lambdakit.metrics;

import io.lambdakit.metrics.internal.Validation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable, ordered set of dimensions (key and value), validated when it is created: keys are 1 to 250
 * printable ASCII characters not starting with {@code :}, values 1 to 1024 printable ASCII characters. A key
 * given twice keeps its first position and its last value.
 *
 * <p>{@link Metrics#addDimensionSet(DimensionSet)} publishes the invocation's metrics under one more
 * combination of dimensions; {@link Metrics#flushSingleMetric(String, double, MetricUnit, DimensionSet)}
 * publishes one metric with its own dimensions. A set of more than 30 keys, which CloudWatch cannot store as
 * one metric identity, is split into several sets when the blob is written (see the module documentation).
 */
public final class DimensionSet {

    private static final DimensionSet EMPTY = new DimensionSet(new LinkedHashMap<>());

    private final Map<String, String> dimensions;

    private DimensionSet(LinkedHashMap<String, String> dimensions) {
        this.dimensions = Collections.unmodifiableMap(dimensions);
    }

    /** @return a set without dimensions */
    public static DimensionSet empty() {
        return EMPTY;
    }

    /**
     * @param key   a dimension key
     * @param value its value
     * @return a set with one dimension
     * @throws MetricsValidationException when the key or value is invalid
     */
    public static DimensionSet of(String key, String value) {
        return builder().add(key, value).build();
    }

    /**
     * @param key1   first key
     * @param value1 first value
     * @param key2   second key
     * @param value2 second value
     * @return a set with two dimensions
     * @throws MetricsValidationException when a key or value is invalid
     */
    public static DimensionSet of(String key1, String value1, String key2, String value2) {
        return builder().add(key1, value1).add(key2, value2).build();
    }

    /**
     * @param key1   first key
     * @param value1 first value
     * @param key2   second key
     * @param value2 second value
     * @param key3   third key
     * @param value3 third value
     * @return a set with three dimensions
     * @throws MetricsValidationException when a key or value is invalid
     */
    public static DimensionSet of(String key1, String value1, String key2, String value2, String key3, String value3) {
        return builder().add(key1, value1).add(key2, value2).add(key3, value3).build();
    }

    /**
     * @param dimensions keys and values, in the map's iteration order
     * @return a set with those dimensions
     * @throws MetricsValidationException when a key or value is invalid
     */
    public static DimensionSet of(Map<String, String> dimensions) {
        Objects.requireNonNull(dimensions, "dimensions");
        Builder b = builder();
        dimensions.forEach(b::add);
        return b.build();
    }

    /** @return a builder for a set of any size */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param key   a dimension key
     * @param value its value
     * @return a new set with this dimension added, or its value replaced when the key is present
     * @throws MetricsValidationException when the key or value is invalid
     */
    public DimensionSet with(String key, String value) {
        return builder().addAll(this).add(key, value).build();
    }

    /**
     * @param other another set
     * @return a new set with the dimensions of both; {@code other}'s values win for shared keys
     */
    public DimensionSet with(DimensionSet other) {
        return builder().addAll(this).addAll(other).build();
    }

    /** @return the keys in order */
    public List<String> keys() {
        return List.copyOf(dimensions.keySet());
    }

    /**
     * @param key a dimension key
     * @return its value, if the set has it
     */
    public Optional<String> get(String key) {
        return Optional.ofNullable(dimensions.get(key));
    }

    /** @return the dimensions as an unmodifiable map in order */
    public Map<String, String> asMap() {
        return dimensions;
    }

    /** @return the number of dimensions */
    public int size() {
        return dimensions.size();
    }

    /** @return true when the set has no dimension */
    public boolean isEmpty() {
        return dimensions.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DimensionSet other && dimensions.equals(other.dimensions);
    }

    @Override
    public int hashCode() {
        return dimensions.hashCode();
    }

    @Override
    public String toString() {
        return "DimensionSet" + dimensions;
    }

    /** Builds a {@link DimensionSet}, validating each dimension as it is added. Not thread-safe. */
    public static final class Builder {
        private final LinkedHashMap<String, String> dimensions = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * @param key   a dimension key
         * @param value its value
         * @return this builder
         * @throws MetricsValidationException when the key or value is invalid
         */
        public Builder add(String key, String value) {
            Validation.requireDimension(key, value);
            dimensions.put(key, value);
            return this;
        }

        /**
         * @param set dimensions to add; its values win for keys already present
         * @return this builder
         */
        public Builder addAll(DimensionSet set) {
            Objects.requireNonNull(set, "set");
            dimensions.putAll(set.dimensions);
            return this;
        }

        /** @return the set */
        public DimensionSet build() {
            return dimensions.isEmpty() ? EMPTY : new DimensionSet(new LinkedHashMap<>(dimensions));
        }
    }
}
