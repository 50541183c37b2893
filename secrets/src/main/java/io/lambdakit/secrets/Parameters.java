package io.lambdakit.secrets;

import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.secrets.internal.CacheEngine;
import io.lambdakit.secrets.internal.Handle;
import io.lambdakit.secrets.internal.RawKey;
import io.lambdakit.secrets.internal.SecretsConfig;
import io.lambdakit.secrets.internal.Sources;
import io.lambdakit.secrets.internal.ValueKey;
import io.lambdakit.secrets.spi.ParameterRequest;
import io.lambdakit.secrets.spi.ParameterSource;
import io.lambdakit.secrets.spi.PathRequest;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Cached SSM Parameter Store parameters. Build one at init and read from it on every invocation:
 *
 * <pre>{@code
 * private static final Parameters PARAMETERS = Parameters.create();
 *
 * String endpoint = PARAMETERS.get("/orders/endpoint");
 * String apiKey = PARAMETERS.query("/orders/api-key").withDecryption().get();     // SecureString
 * Map<String, String> flags = PARAMETERS.getByPath("/orders/flags");             // SDK provider
 * }</pre>
 *
 * Same providers, cache, transformations and failures as {@link Secrets}. The decryption flag is part
 * of the cache key: a value read decrypted is never served to a read without decryption, or the reverse.
 * Thread-safe.
 */
public final class Parameters {

    private static final String PATH_TRANSFORMATION = "path:text";

    private final CacheEngine engine;
    private final ParameterSource source;
    private final long maxAgeMillis;
    private final Duration maxAge;
    private final boolean decrypt;

    private Parameters(CacheEngine engine, ParameterSource source, Duration maxAge, boolean decrypt) {
        this.engine = engine;
        this.source = source;
        this.maxAge = maxAge;
        this.maxAgeMillis = maxAge.toMillis();
        this.decrypt = decrypt;
    }

    /**
     * @return a cache configured from the environment of {@link ExecutionEnvironment#current()}
     * @throws ConfigurationException when the environment's settings cannot work
     */
    public static Parameters create() {
        return builder().build();
    }

    /** @return a builder; anything not set comes from the environment, then from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param name the parameter's name or ARN
     * @return its value (decrypted when decryption is on by default)
     * @throws SecretsException when it cannot be read
     */
    public String get(String name) {
        return read(name, null, null, decrypt, maxAgeMillis, false, Transformations.TEXT);
    }

    /**
     * @param name the parameter's name or ARN
     * @param type the class its JSON value is bound to
     * @param <T>  the result type
     * @return the bound object, shared with other callers: treat it as read-only
     */
    public <T> T get(String name, Class<T> type) {
        return read(name, null, null, decrypt, maxAgeMillis, false, Transformation.json(type));
    }

    /**
     * @param name           the parameter's name or ARN
     * @param transformation what to turn the value into
     * @param <T>            the result type
     * @return the transformed value
     */
    public <T> T get(String name, Transformation<T> transformation) {
        return read(name, null, null, decrypt, maxAgeMillis, false, transformation);
    }

    /**
     * Reads every parameter under a path, recursively, with the default decryption. Needs the SDK
     * (the extension serves single parameters): the SDK provider, or the fallback to it.
     *
     * @param path the hierarchy, e.g. {@code /orders/flags}
     * @return values by name relative to the path, in the service's order; unmodifiable
     */
    public Map<String, String> getByPath(String path) {
        return pathQuery(path).get();
    }

    /**
     * @param name the parameter's name or ARN
     * @return a query for a version or label, decryption, another max age or a forced fetch
     */
    public Query query(String name) {
        return new Query(name);
    }

    /**
     * @param path the hierarchy
     * @return a query for recursion, decryption, another max age or a forced fetch
     */
    public PathQuery pathQuery(String path) {
        return new PathQuery(path);
    }

    /**
     * @param name the parameter's name or ARN
     * @return a handle on its value; create it once, call {@link CachedValue#get()} per invocation
     */
    public CachedValue<String> cached(String name) {
        return handle(name, null, null, decrypt, maxAgeMillis, Transformations.TEXT);
    }

    /**
     * @param name           the parameter's name or ARN
     * @param transformation what to turn the value into
     * @param <T>            the result type
     * @return a handle on the transformed value
     */
    public <T> CachedValue<T> cached(String name, Transformation<T> transformation) {
        return handle(name, null, null, decrypt, maxAgeMillis, transformation);
    }

    /**
     * Drops every cached version, flag and transformation of a parameter (or of a path read by {@link #getByPath}).
     *
     * @param nameOrPath the parameter's name, or a path
     */
    public void invalidate(String nameOrPath) {
        Objects.requireNonNull(nameOrPath, "nameOrPath");
        engine.invalidate(RawKey.Kind.PARAMETER, nameOrPath);
        engine.invalidate(RawKey.Kind.PATH, nameOrPath);
    }

    /** Drops every cached parameter (done automatically after a SnapStart restore). */
    public void invalidateAll() {
        engine.invalidateAll();
    }

    /** @return the default max age of reads */
    public Duration maxAge() {
        return maxAge;
    }

    /** @return where values come from */
    public String source() {
        return source.describe();
    }

    private static RawKey key(String name, Long version, String label, boolean withDecryption) {
        Objects.requireNonNull(name, "name");
        String selector = version != null ? "version:" + version : label != null ? "label:" + label : null;
        return new RawKey(RawKey.Kind.PARAMETER, name, selector, withDecryption);
    }

    private <T> T read(String name, Long version, String label, boolean withDecryption, long maxAgeMs, boolean force,
                       Transformation<T> transformation) {
        Objects.requireNonNull(transformation, "transformation");
        ValueKey key = new ValueKey(key(name, version, label, withDecryption), transformation.name());
        return Handle.result(engine.get(key, maxAgeMs, force,
                () -> source.fetch(new ParameterRequest(name, version, label, withDecryption)),
                raw -> Transformations.applySafely(transformation, name, (RawValue) raw)));
    }

    private <T> CachedValue<T> handle(String name, Long version, String label, boolean withDecryption, long maxAgeMs,
                                      Transformation<T> transformation) {
        Objects.requireNonNull(transformation, "transformation");
        ValueKey key = new ValueKey(key(name, version, label, withDecryption), transformation.name());
        ParameterRequest request = new ParameterRequest(name, version, label, withDecryption);
        return new Handle<>(engine, key, maxAgeMs, () -> source.fetch(request),
                raw -> Transformations.applySafely(transformation, name, (RawValue) raw));
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> readPath(String path, boolean recursive, boolean withDecryption, long maxAgeMs, boolean force) {
        Objects.requireNonNull(path, "path");
        ValueKey key = new ValueKey(new RawKey(RawKey.Kind.PATH, path, recursive ? "recursive" : null, withDecryption),
                PATH_TRANSFORMATION);
        return (Map<String, String>) engine.get(key, maxAgeMs, force,
                () -> source.fetchByPath(new PathRequest(path, recursive, withDecryption)),
                raw -> {
                    Map<String, String> out = new LinkedHashMap<>();
                    ((Map<String, RawValue>) raw).forEach((k, v) -> out.put(k, Transformations.requireText(path + "/" + k, "text", v)));
                    return Collections.unmodifiableMap(out);
                });
    }

    /** Names the source, never shows a value. */
    @Override
    public String toString() {
        return "Parameters[" + source.describe() + ", maxAge=" + maxAge + ", decrypt=" + decrypt + ", cached=" + engine.size() + "]";
    }

    /** One read with options. Single use, not thread-safe. */
    public final class Query {
        private final String name;
        private Long version;
        private String label;
        private boolean withDecryption = decrypt;
        private long maxAgeMs = maxAgeMillis;
        private boolean force;

        private Query(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /**
         * @param version the version number to read
         * @return this query
         */
        public Query version(long version) {
            if (version < 1) {
                throw new IllegalArgumentException("version was " + version + " but parameter versions start at 1");
            }
            this.version = version;
            this.label = null;
            return this;
        }

        /**
         * @param label the version label to read
         * @return this query
         */
        public Query label(String label) {
            this.label = Objects.requireNonNull(label, "label");
            this.version = null;
            return this;
        }

        /** @return this query, reading a SecureString decrypted (needs kms:Decrypt) */
        public Query withDecryption() {
            return withDecryption(true);
        }

        /**
         * @param withDecryption whether a SecureString is decrypted
         * @return this query
         */
        public Query withDecryption(boolean withDecryption) {
            this.withDecryption = withDecryption;
            return this;
        }

        /**
         * @param maxAge the oldest cached value this read accepts (zero: always fetch)
         * @return this query
         */
        public Query maxAge(Duration maxAge) {
            if (Objects.requireNonNull(maxAge, "maxAge").isNegative()) {
                throw new IllegalArgumentException("maxAge was " + maxAge + " but it must be zero or positive");
            }
            this.maxAgeMs = maxAge.toMillis();
            return this;
        }

        /** @return this query, fetching even when a cached value is young enough */
        public Query forceFetch() {
            this.force = true;
            return this;
        }

        /** @return the value */
        public String get() {
            return read(name, version, label, withDecryption, maxAgeMs, force, Transformations.TEXT);
        }

        /**
         * @param type the class the JSON value is bound to
         * @param <T>  the result type
         * @return the bound object
         */
        public <T> T get(Class<T> type) {
            return read(name, version, label, withDecryption, maxAgeMs, force, Transformation.json(type));
        }

        /**
         * @param transformation what to turn the value into
         * @param <T>            the result type
         * @return the transformed value
         */
        public <T> T get(Transformation<T> transformation) {
            return read(name, version, label, withDecryption, maxAgeMs, force, transformation);
        }

        /**
         * @param transformation what to turn the value into
         * @param <T>            the result type
         * @return a handle with this query's version, decryption and max age
         */
        public <T> CachedValue<T> cached(Transformation<T> transformation) {
            return handle(name, version, label, withDecryption, maxAgeMs, transformation);
        }
    }

    /** A read of every parameter under a path. Single use, not thread-safe. */
    public final class PathQuery {
        private final String path;
        private boolean recursive = true;
        private boolean withDecryption = decrypt;
        private long maxAgeMs = maxAgeMillis;
        private boolean force;

        private PathQuery(String path) {
            this.path = Objects.requireNonNull(path, "path");
        }

        /**
         * @param recursive whether parameters below sub-paths are included (default true)
         * @return this query
         */
        public PathQuery recursive(boolean recursive) {
            this.recursive = recursive;
            return this;
        }

        /** @return this query, decrypting SecureString parameters */
        public PathQuery withDecryption() {
            this.withDecryption = true;
            return this;
        }

        /**
         * @param maxAge the oldest cached result this read accepts
         * @return this query
         */
        public PathQuery maxAge(Duration maxAge) {
            if (Objects.requireNonNull(maxAge, "maxAge").isNegative()) {
                throw new IllegalArgumentException("maxAge was " + maxAge + " but it must be zero or positive");
            }
            this.maxAgeMs = maxAge.toMillis();
            return this;
        }

        /** @return this query, fetching even when a cached result is young enough */
        public PathQuery forceFetch() {
            this.force = true;
            return this;
        }

        /** @return the values by relative name, unmodifiable */
        public Map<String, String> get() {
            return readPath(path, recursive, withDecryption, maxAgeMs, force);
        }
    }

    /** Builds {@link Parameters}. Anything not set comes from the environment, then from the documented defaults. */
    public static final class Builder extends CacheBuilder<Builder> {
        private Boolean decrypt;
        private Object client;
        private ParameterSource source;

        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * @param decrypt decrypt SecureString parameters by default (default: {@code POWERTOOLS_PARAMETERS_SSM_DECRYPT}, else false)
         * @return this builder
         */
        public Builder decrypt(boolean decrypt) {
            this.decrypt = decrypt;
            return this;
        }

        /**
         * @param client the client for the SDK provider and the fallback (default: one on url-connection-client in AWS_REGION)
         * @return this builder
         */
        public Builder ssmClient(SsmClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * @param source a custom source; replaces provider selection
         * @return this builder
         */
        public Builder source(ParameterSource source) {
            this.source = Objects.requireNonNull(source, "source");
            return this;
        }

        /**
         * @return the cache, with its SnapStart after-restore hook registered
         * @throws ConfigurationException listing every problem when the configuration cannot work
         */
        public Parameters build() {
            ConfigurationException.Problems problems = ConfigurationException.problems("lambdakit-secrets");
            SecretsConfig config = config(decrypt, problems);
            ParameterSource src = source != null ? source : Sources.parameters(config, client, Sources.LAMBDA_EXTENSIONS_DIR, problems);
            problems.throwIfAny();
            return new Parameters(CacheEngine.create(config, "lambdakit-secrets: drop cached parameters"), src, config.maxAge(), config.decrypt());
        }
    }
}
