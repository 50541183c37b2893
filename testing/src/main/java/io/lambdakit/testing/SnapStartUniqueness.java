package io.lambdakit.testing;

import io.lambdakit.core.Lifecycle;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The SnapStart uniqueness guard: fails when a value produced before the checkpoint is produced
 * again after the restore. Every environment Lambda restores from one snapshot starts from the
 * same memory, so anything random, unique or time-derived that was computed before the snapshot
 * (a cached UUID, an instance id, a trace id, a PRNG's seed) and is not refreshed by an
 * after-restore hook is shared by all of them.
 *
 * <p>Register each source as a sampler that returns one value per call. For an id stream, sample
 * ids; for a pseudo-random generator, sample the seed it currently derives from (an unreseeded
 * generator keeps its seed across the restore, and its next values are then the same in every
 * restored environment). {@link #run(Lifecycle)} samples every source before and after the
 * checkpoint hooks, drives the restore, samples again and compares:
 *
 * <pre>{@code
 * SnapStartUniqueness.builder()
 *         .source("order id prefix", handler::idPrefix)
 *         .source("sampling seed", sampler::seed)
 *         .build()
 *         .run(executionEnvironment.lifecycle())
 *         .assertUnique();
 * }</pre>
 *
 * <p>For a function running under the real runtime client ({@link LocalFunction#snapStart()}),
 * collect the values in the function (e.g. print the ones taken before the checkpoint, return
 * the ones taken after the restore) and compare them with {@link #compare(Map, Map)}.
 */
public final class SnapStartUniqueness {

    private final Map<String, Supplier<?>> sources;
    private final int samples;

    private SnapStartUniqueness(Builder b) {
        this.sources = new LinkedHashMap<>(b.sources);
        this.samples = b.samples;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Samples every source (at init, then after the before-checkpoint hooks), drives
     * {@link Lifecycle#beforeCheckpoint()} and {@link Lifecycle#afterRestore()}, samples again and
     * compares.
     *
     * @param lifecycle the registry the sources' owners registered their hooks with
     * @return what was reused, if anything
     */
    public Report run(Lifecycle lifecycle) {
        Objects.requireNonNull(lifecycle, "lifecycle");
        Map<String, List<Object>> before = new LinkedHashMap<>();
        sample(before);
        lifecycle.beforeCheckpoint();
        sample(before);
        lifecycle.afterRestore();
        Map<String, List<Object>> after = new LinkedHashMap<>();
        sample(after);
        return compare(before, after);
    }

    private void sample(Map<String, List<Object>> into) {
        for (Map.Entry<String, Supplier<?>> e : sources.entrySet()) {
            List<Object> values = into.computeIfAbsent(e.getKey(), k -> new ArrayList<>());
            for (int i = 0; i < samples; i++) {
                values.add(e.getValue().get());
            }
        }
    }

    /**
     * Compares values collected before the checkpoint with values collected after the restore,
     * source by source (values compare by {@code String.valueOf}).
     *
     * @param beforeCheckpoint values per source produced before the checkpoint
     * @param afterRestore     values per source produced after the restore
     * @return what was reused, if anything
     */
    public static Report compare(Map<String, ? extends Collection<?>> beforeCheckpoint, Map<String, ? extends Collection<?>> afterRestore) {
        Map<String, Set<String>> reused = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Map.Entry<String, ? extends Collection<?>> e : afterRestore.entrySet()) {
            Set<String> seen = new LinkedHashSet<>();
            Collection<?> earlier = beforeCheckpoint.get(e.getKey());
            if (earlier != null) {
                for (Object v : earlier) {
                    seen.add(String.valueOf(v));
                }
            }
            Set<String> again = new LinkedHashSet<>();
            for (Object v : e.getValue()) {
                if (seen.contains(String.valueOf(v))) {
                    again.add(String.valueOf(v));
                }
            }
            counts.put(e.getKey(), e.getValue().size());
            if (!again.isEmpty()) {
                reused.put(e.getKey(), again);
            }
        }
        return new Report(reused, counts);
    }

    /** What a uniqueness check found. */
    public static final class Report {
        private final Map<String, Set<String>> reused;
        private final Map<String, Integer> sampledAfterRestore;

        private Report(Map<String, Set<String>> reused, Map<String, Integer> sampledAfterRestore) {
            this.reused = Map.copyOf(reused);
            this.sampledAfterRestore = Map.copyOf(sampledAfterRestore);
        }

        /** @return per source, the values produced both before the checkpoint and after the restore */
        public Map<String, Set<String>> reused() {
            return reused;
        }

        /** @return the sources that were compared and how many values each produced after the restore */
        public Map<String, Integer> sampledAfterRestore() {
            return sampledAfterRestore;
        }

        /** @return true when no value was reused */
        public boolean isUnique() {
            return reused.isEmpty();
        }

        /**
         * @throws AssertionError naming each source that reused a value from before the
         *                        checkpoint, and how to fix it
         */
        public void assertUnique() {
            if (sampledAfterRestore.isEmpty()) {
                throw new AssertionError("no values were sampled after the restore; register at least one source");
            }
            if (!reused.isEmpty()) {
                StringBuilder sb = new StringBuilder("values produced before the SnapStart checkpoint were produced again after the restore,"
                        + " so every environment restored from the snapshot shares them:");
                reused.forEach((source, values) -> sb.append("\n - ").append(source).append(": ").append(values.size())
                        .append(" value(s) reused, e.g. ").append(values.iterator().next()));
                sb.append("\nreseed or regenerate them in an after-restore hook (Lifecycle.onAfterRestore)");
                throw new AssertionError(sb.toString());
            }
        }

        @Override
        public String toString() {
            return isUnique() ? "SnapStartUniqueness.Report[unique " + sampledAfterRestore.keySet() + "]"
                    : "SnapStartUniqueness.Report[reused " + reused.keySet() + "]";
        }
    }

    /** Builds a {@link SnapStartUniqueness} check. */
    public static final class Builder {
        private final Map<String, Supplier<?>> sources = new LinkedHashMap<>();
        private int samples = 3;

        private Builder() {
        }

        /**
         * @param name    the source's name in reports
         * @param sampler returns one value per call: an id, a token, or the seed a generator derives from
         * @return this builder
         */
        public Builder source(String name, Supplier<?> sampler) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(sampler, "sampler");
            if (sources.putIfAbsent(name, sampler) != null) {
                throw new IllegalArgumentException("source '" + name + "' is registered twice; give each source its own name");
            }
            return this;
        }

        /**
         * @param perPhase how many values to take from each source at each sampling point (default 3)
         * @return this builder
         */
        public Builder samples(int perPhase) {
            if (perPhase < 1) {
                throw new IllegalArgumentException("samples was " + perPhase + " but it must be at least 1");
            }
            this.samples = perPhase;
            return this;
        }

        /** @return the check */
        public SnapStartUniqueness build() {
            if (sources.isEmpty()) {
                throw new IllegalStateException("no sources; add at least one with source(name, sampler)");
            }
            return new SnapStartUniqueness(this);
        }
    }
}
