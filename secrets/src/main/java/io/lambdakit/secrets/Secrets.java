package io.lambdakit.secrets;

import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.secrets.internal.CacheEngine;
import io.lambdakit.secrets.internal.Handle;
import io.lambdakit.secrets.internal.RawKey;
import io.lambdakit.secrets.internal.SecretsConfig;
import io.lambdakit.secrets.internal.Sources;
import io.lambdakit.secrets.internal.ValueKey;
import io.lambdakit.secrets.spi.SecretRequest;
import io.lambdakit.secrets.spi.SecretSource;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.time.Duration;
import java.util.Objects;

/**
 * Cached AWS Secrets Manager secrets. Build one at init (a static or instance field of the handler)
 * and read from it on every invocation:
 *
 * <pre>{@code
 * private static final Secrets SECRETS = Secrets.create();          // provider, max age, ... from the environment
 * private static final CachedValue<DbConfig> DB = SECRETS.cached("prod/db", DbConfig.class);
 *
 * public String handleRequest(Map<String, Object> event, Context context) {
 *     DbConfig db = DB.get();                                         // fetched at most once per max age
 *     String apiKey = SECRETS.get("prod/api-key");
 *     ...
 * }
 * }</pre>
 *
 * Values come from the AWS Parameters and Secrets Lambda Extension on localhost (no SDK needed) or from
 * the SDK's {@code GetSecretValue} ({@link ProviderKind}). Each value is cached for the max age (5 s by
 * default, {@code POWERTOOLS_PARAMETERS_MAX_AGE}); concurrent misses make one fetch; the cache is emptied
 * after a SnapStart restore. Failures are {@link SecretsException}s naming the secret, never its value.
 * Thread-safe.
 */
public final class Secrets {

    private final CacheEngine engine;
    private final SecretSource source;
    private final long maxAgeMillis;
    private final Duration maxAge;

    private Secrets(CacheEngine engine, SecretSource source, Duration maxAge) {
        this.engine = engine;
        this.source = source;
        this.maxAge = maxAge;
        this.maxAgeMillis = maxAge.toMillis();
    }

    /**
     * @return a cache configured from the environment of {@link ExecutionEnvironment#current()}
     * @throws ConfigurationException when the environment's settings cannot work
     */
    public static Secrets create() {
        return builder().build();
    }

    /** @return a builder; anything not set comes from the environment, then from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param secretId the secret's name or ARN
     * @return its SecretString
     * @throws SecretsException when it cannot be read (a binary secret: {@link SecretTransformationException})
     */
    public String get(String secretId) {
        return read(secretId, null, null, maxAgeMillis, false, Transformations.TEXT);
    }

    /**
     * @param secretId the secret's name or ARN
     * @param type     the class its JSON is bound to
     * @param <T>      the result type
     * @return the bound object, shared with other callers: treat it as read-only
     * @throws SecretsException when it cannot be read or bound
     */
    public <T> T get(String secretId, Class<T> type) {
        return read(secretId, null, null, maxAgeMillis, false, Transformation.json(type));
    }

    /**
     * @param secretId       the secret's name or ARN
     * @param transformation what to turn the value into
     * @param <T>            the result type
     * @return the transformed value
     * @throws SecretsException when it cannot be read or transformed
     */
    public <T> T get(String secretId, Transformation<T> transformation) {
        return read(secretId, null, null, maxAgeMillis, false, transformation);
    }

    /**
     * @param secretId the secret's name or ARN
     * @return the bytes of a binary secret (or the UTF-8 bytes of a text one); a fresh copy
     * @throws SecretsException when it cannot be read
     */
    public byte[] getBinary(String secretId) {
        return read(secretId, null, null, maxAgeMillis, false, Transformations.BINARY);
    }

    /**
     * @param secretId the secret's name or ARN
     * @return a query for a version, another max age or a forced fetch
     */
    public Query query(String secretId) {
        return new Query(secretId);
    }

    /**
     * @param secretId the secret's name or ARN
     * @return a handle on its text; create it once, call {@link CachedValue#get()} per invocation
     */
    public CachedValue<String> cached(String secretId) {
        return handle(secretId, null, null, maxAgeMillis, Transformations.TEXT);
    }

    /**
     * @param secretId the secret's name or ARN
     * @param type     the class its JSON is bound to
     * @param <T>      the result type
     * @return a handle on the bound object
     */
    public <T> CachedValue<T> cached(String secretId, Class<T> type) {
        return handle(secretId, null, null, maxAgeMillis, Transformation.json(type));
    }

    /**
     * @param secretId       the secret's name or ARN
     * @param transformation what to turn the value into
     * @param <T>            the result type
     * @return a handle on the transformed value
     */
    public <T> CachedValue<T> cached(String secretId, Transformation<T> transformation) {
        return handle(secretId, null, null, maxAgeMillis, transformation);
    }

    /**
     * Drops every cached version and transformation of a secret; the next read fetches it.
     *
     * @param secretId the secret's name or ARN, as used to read it
     */
    public void invalidate(String secretId) {
        engine.invalidate(RawKey.Kind.SECRET, Objects.requireNonNull(secretId, "secretId"));
    }

    /** Drops every cached secret (done automatically after a SnapStart restore). */
    public void invalidateAll() {
        engine.invalidateAll();
    }

    /** @return the default max age of reads */
    public Duration maxAge() {
        return maxAge;
    }

    /** @return where values come from, e.g. {@code the Parameters and Secrets extension on localhost:2773} */
    public String source() {
        return source.describe();
    }

    private static RawKey key(String secretId, String versionId, String versionStage) {
        Objects.requireNonNull(secretId, "secretId");
        String selector = versionId == null && versionStage == null ? null
                : (versionId == null ? "" : "id:" + versionId) + (versionStage == null ? "" : " stage:" + versionStage);
        return new RawKey(RawKey.Kind.SECRET, secretId, selector, false);
    }

    private <T> T read(String secretId, String versionId, String versionStage, long maxAgeMs, boolean force,
                       Transformation<T> transformation) {
        Objects.requireNonNull(transformation, "transformation");
        ValueKey key = new ValueKey(key(secretId, versionId, versionStage), transformation.name());
        return Handle.result(engine.get(key, maxAgeMs, force,
                () -> source.fetch(new SecretRequest(secretId, versionId, versionStage)),
                raw -> Transformations.applySafely(transformation, secretId, (RawValue) raw)));
    }

    private <T> CachedValue<T> handle(String secretId, String versionId, String versionStage, long maxAgeMs,
                                      Transformation<T> transformation) {
        Objects.requireNonNull(transformation, "transformation");
        ValueKey key = new ValueKey(key(secretId, versionId, versionStage), transformation.name());
        SecretRequest request = new SecretRequest(secretId, versionId, versionStage);
        return new Handle<>(engine, key, maxAgeMs, () -> source.fetch(request),
                raw -> Transformations.applySafely(transformation, secretId, (RawValue) raw));
    }

    /** Names the source, never shows a value. */
    @Override
    public String toString() {
        return "Secrets[" + source.describe() + ", maxAge=" + maxAge + ", cached=" + engine.size() + "]";
    }

    /** One read with options: a version, another max age, a forced fetch. Single use, not thread-safe. */
    public final class Query {
        private final String secretId;
        private String versionId;
        private String versionStage;
        private long maxAgeMs = maxAgeMillis;
        private boolean force;

        private Query(String secretId) {
            this.secretId = Objects.requireNonNull(secretId, "secretId");
        }

        /**
         * @param versionId the version to read
         * @return this query
         */
        public Query versionId(String versionId) {
            this.versionId = Objects.requireNonNull(versionId, "versionId");
            return this;
        }

        /**
         * @param versionStage the staging label to read, e.g. {@code AWSPREVIOUS} during a rotation
         * @return this query
         */
        public Query versionStage(String versionStage) {
            this.versionStage = Objects.requireNonNull(versionStage, "versionStage");
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

        /** @return this query, fetching even when a cached value is young enough (the result is cached) */
        public Query forceFetch() {
            this.force = true;
            return this;
        }

        /** @return the SecretString */
        public String get() {
            return read(secretId, versionId, versionStage, maxAgeMs, force, Transformations.TEXT);
        }

        /**
         * @param type the class the JSON is bound to
         * @param <T>  the result type
         * @return the bound object
         */
        public <T> T get(Class<T> type) {
            return read(secretId, versionId, versionStage, maxAgeMs, force, Transformation.json(type));
        }

        /**
         * @param transformation what to turn the value into
         * @param <T>            the result type
         * @return the transformed value
         */
        public <T> T get(Transformation<T> transformation) {
            return read(secretId, versionId, versionStage, maxAgeMs, force, transformation);
        }

        /** @return the bytes of the secret */
        public byte[] getBinary() {
            return read(secretId, versionId, versionStage, maxAgeMs, force, Transformations.BINARY);
        }

        /**
         * @param transformation what to turn the value into
         * @param <T>            the result type
         * @return a handle with this query's version and max age (forceFetch does not carry over; use {@link CachedValue#refresh()})
         */
        public <T> CachedValue<T> cached(Transformation<T> transformation) {
            return handle(secretId, versionId, versionStage, maxAgeMs, transformation);
        }
    }

    /** Builds {@link Secrets}. Anything not set comes from the environment, then from the documented defaults. */
    public static final class Builder extends CacheBuilder<Builder> {
        private Object client;
        private SecretSource source;

        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * @param client the client for the SDK provider and the fallback (default: one on url-connection-client in AWS_REGION)
         * @return this builder
         */
        public Builder secretsManagerClient(SecretsManagerClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * @param source a custom source (another store, a test double); replaces provider selection
         * @return this builder
         */
        public Builder source(SecretSource source) {
            this.source = Objects.requireNonNull(source, "source");
            return this;
        }

        /**
         * Builds the cache and its source (an SDK client is created now, at init) and registers the
         * SnapStart after-restore hook that empties the cache.
         *
         * @return the cache
         * @throws ConfigurationException listing every problem when the configuration cannot work
         */
        public Secrets build() {
            ConfigurationException.Problems problems = ConfigurationException.problems("lambdakit-secrets");
            SecretsConfig config = config(null, problems);
            SecretSource src = source != null ? source : Sources.secrets(config, client, Sources.LAMBDA_EXTENSIONS_DIR, problems);
            problems.throwIfAny();
            return new Secrets(CacheEngine.create(config, "lambdakit-secrets: drop cached secrets"), src, config.maxAge());
        }
    }
}
