package io.lambdakit.tracing;

import io.lambdakit.core.ConfigurationException;
import io.lambdakit.tracing.internal.Names;

import java.util.Objects;
import java.util.Optional;

/**
 * How one traced call is recorded: the subsegment's name, the metadata namespace and what is
 * captured. Immutable; build it once (at init, or once per annotated method) and reuse it.
 *
 * <p>{@code TraceOptions.of("charge")} names the subsegment {@code "## charge"}, as {@code @Tracing}
 * does for a method {@code charge}, and records metadata under the keys {@code "charge response"} and
 * {@code "charge error"}. X-Ray allows letters, digits, whitespace and {@code _.:/%&#=+\-@} in names,
 * up to 200 characters: other characters are replaced by {@code _} and longer names are cut.
 */
public final class TraceOptions {

    /** The longest subsegment name X-Ray accepts. */
    public static final int MAX_NAME_LENGTH = Names.MAX_NAME_LENGTH;

    private static final String COMPONENT = "lambdakit-tracing";

    private final String name;
    private final String segmentName;
    private final String namespace;
    private final CaptureMode captureMode;

    private TraceOptions(Builder b) {
        this.name = b.name;
        this.segmentName = Names.sanitize(b.segmentName != null ? b.segmentName : "## " + b.name);
        this.namespace = b.namespace;
        this.captureMode = b.captureMode;
    }

    /**
     * @param name what is traced, e.g. a method name; the subsegment is named {@code "## " + name}
     * @return options with the tracer's defaults for everything else
     * @throws ConfigurationException when {@code name} is null or blank
     */
    public static TraceOptions of(String name) {
        return builder(name).build();
    }

    /**
     * @param name what is traced, e.g. a method name
     * @return a builder
     * @throws ConfigurationException when {@code name} is null or blank
     */
    public static Builder builder(String name) {
        if (name == null || name.isBlank()) {
            ConfigurationException.problems(COMPONENT).add("a traced call needs a name, e.g. TraceOptions.of(\"chargeCard\"); got "
                    + (name == null ? "null" : "a blank string")).throwIfAny();
        }
        return new Builder(name.strip());
    }

    /** @return what is traced, used in the metadata keys {@code "<name> response"} and {@code "<name> error"} */
    public String name() {
        return name;
    }

    /** @return the subsegment's name, {@code "## <name>"} unless set explicitly */
    public String segmentName() {
        return segmentName;
    }

    /** @return the metadata namespace; empty means the tracer's service name */
    public Optional<String> namespace() {
        return Optional.ofNullable(namespace);
    }

    /** @return what is captured as metadata */
    public CaptureMode captureMode() {
        return captureMode;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TraceOptions t && name.equals(t.name) && segmentName.equals(t.segmentName)
                && Objects.equals(namespace, t.namespace) && captureMode == t.captureMode;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, segmentName, namespace, captureMode);
    }

    @Override
    public String toString() {
        return "TraceOptions[segmentName=" + segmentName + ", namespace=" + namespace + ", captureMode=" + captureMode + "]";
    }

    /** Builds {@link TraceOptions}. */
    public static final class Builder {
        private final String name;
        private String segmentName;
        private String namespace;
        private CaptureMode captureMode = CaptureMode.ENVIRONMENT_VAR;

        private Builder(String name) {
            this.name = name;
        }

        /**
         * @param segmentName the subsegment's name as it appears in X-Ray (default {@code "## " + name}); blank means the default
         * @return this builder
         */
        public Builder segmentName(String segmentName) {
            this.segmentName = segmentName == null || segmentName.isBlank() ? null : segmentName;
            return this;
        }

        /**
         * @param namespace the metadata namespace (default: the tracer's service name); blank means the default
         * @return this builder
         * @throws ConfigurationException when the namespace starts with {@code AWS.}, which X-Ray reserves
         */
        public Builder namespace(String namespace) {
            if (namespace != null && namespace.startsWith("AWS.")) {
                ConfigurationException.problems(COMPONENT).add("metadata namespace '" + namespace
                        + "' starts with 'AWS.', which X-Ray reserves for AWS; choose another namespace").throwIfAny();
            }
            this.namespace = namespace == null || namespace.isBlank() ? null : namespace.strip();
            return this;
        }

        /**
         * @param captureMode what to record as metadata (default {@link CaptureMode#ENVIRONMENT_VAR})
         * @return this builder
         */
        public Builder captureMode(CaptureMode captureMode) {
            this.captureMode = Objects.requireNonNull(captureMode, "captureMode");
            return this;
        }

        /** @return the options */
        public TraceOptions build() {
            return new TraceOptions(this);
        }
    }
}
