package io.lambdakit.idempotency;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.Installation;
import io.lambdakit.core.ThrowingSupplier;
import io.lambdakit.core.spi.ClassPreloader;
import io.lambdakit.core.spi.ProcessWide;
import io.lambdakit.core.spi.Throwables;
import io.lambdakit.idempotency.internal.IdempotencyEngine;
import io.lambdakit.idempotency.spi.IdempotencyStore;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Objects;

/**
 * Runs a body at most once per idempotency key and replays its stored result for repeats: the
 * plain API, and (once {@link #install(Idempotency) installed}) what {@link Idempotent} methods use.
 *
 * <pre>{@code
 * private static final Idempotency IDEMPOTENCY = Idempotency.builder()
 *         .store(DynamoDbIdempotencyStore.builder().tableName("idempotency").build())
 *         .eventKeyJmesPath("powertools_json(body).orderId")
 *         .build();
 *
 * public Receipt handleRequest(APIGatewayProxyRequestEvent event, Context context) {
 *     return IDEMPOTENCY.execute("charge", event, context, Receipt.class, () -> charge(event));
 * }
 * }</pre>
 *
 * <p>Keys are {@code <AWS_LAMBDA_FUNCTION_NAME>.<operation>#<hash>} (or {@code <keyPrefix>#<hash>}),
 * with {@code tenant:<tenant id>#} before the hash when the invocation has a tenant id, so one
 * tenant can never be served another tenant's response. Build instances at init (constructor or
 * static field): building compiles expressions, creates the store's client and registers the
 * SnapStart hook that clears the local cache. Instances are immutable and thread-safe.
 */
public final class Idempotency {

    /** Default record lifetime: one hour, as Powertools. */
    public static final Duration DEFAULT_EXPIRATION = Duration.ofHours(1);
    /** Default local cache bound, as Powertools. */
    public static final int DEFAULT_LOCAL_CACHE_MAX_ITEMS = 256;

    private static final ProcessWide<Idempotency> CURRENT = ProcessWide.withoutDefault(IdempotencyEngine.COMPONENT,
            "no Idempotency is installed; build one at init (it needs a store) and install it, e.g."
                    + " Idempotency.install(Idempotency.builder().store(DynamoDbIdempotencyStore.builder()"
                    + ".tableName(\"idempotency\").build()).build())");

    private final IdempotencyEngine engine;

    private Idempotency(IdempotencyEngine engine) {
        this.engine = engine;
    }

    /** @return the preloader of this module's class list, registered before the checkpoint (tests) */
    ClassPreloader preloader() {
        return engine.preloader();
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the resolved configuration */
    public IdempotencyConfig config() {
        return engine.config();
    }

    /**
     * Runs {@code body} once per key derived from {@code payload}, in the current invocation (see
     * {@link ExecutionEnvironment#enter(Context)}).
     *
     * @param operation the operation name in the key ({@code <function>.<operation>#<hash>})
     * @param payload   the event or value the key is derived from
     * @param type      the result type
     * @param body      the work; its exceptions (checked ones included) propagate unchanged
     * @param <T>       the result type
     * @return the body's result, or the stored result of an earlier run
     * @throws IdempotencyAlreadyInProgressException when a duplicate is still running
     * @throws IdempotencyValidationException        when the key was stored for a different payload
     * @throws IdempotencyPersistenceException       when the store fails
     * @throws IdempotencyClaimLostException          when the body ran but its claim had been taken over meanwhile
     *                                                (its deadline passed), so its result was not stored
     * @throws IdempotencyKeyException               when no key can be derived and that is configured to fail
     * @throws ConfigurationException                when there is no current invocation
     */
    public <T> T execute(String operation, Object payload, Class<T> type, ThrowingSupplier<T> body) {
        return execute(operation, payload, null, type, body);
    }

    /**
     * Runs {@code body} once per key derived from {@code payload}.
     *
     * @param operation the operation name in the key
     * @param payload   the event or value the key is derived from
     * @param context   the invocation's Lambda context (its deadline and tenant id are used)
     * @param type      the result type
     * @param body      the work; its exceptions (checked ones included) propagate unchanged
     * @param <T>       the result type
     * @return the body's result, or the stored result of an earlier run
     */
    public <T> T execute(String operation, Object payload, Context context, Class<T> type, ThrowingSupplier<T> body) {
        return run(operation, payload, context, engine.type(type), body);
    }

    /**
     * Like {@link #execute(String, Object, Class, ThrowingSupplier)} for generic result types,
     * e.g. {@code new TypeReference<List<Receipt>>() {}}.
     *
     * @param operation the operation name in the key
     * @param payload   the event or value the key is derived from
     * @param type      the result type
     * @param body      the work
     * @param <T>       the result type
     * @return the body's result, or the stored result of an earlier run
     */
    public <T> T execute(String operation, Object payload, TypeReference<T> type, ThrowingSupplier<T> body) {
        return execute(operation, payload, null, type, body);
    }

    /**
     * Like {@link #execute(String, Object, Context, Class, ThrowingSupplier)} for generic result types.
     *
     * @param operation the operation name in the key
     * @param payload   the event or value the key is derived from
     * @param context   the invocation's Lambda context
     * @param type      the result type
     * @param body      the work
     * @param <T>       the result type
     * @return the body's result, or the stored result of an earlier run
     */
    public <T> T execute(String operation, Object payload, Context context, TypeReference<T> type, ThrowingSupplier<T> body) {
        return run(operation, payload, context, engine.type(type), body);
    }

    /**
     * Like {@link #execute(String, Object, Context, Class, ThrowingSupplier)} for a reflected type,
     * e.g. a method's {@link java.lang.reflect.Method#getGenericReturnType() generic return type};
     * this is what {@link Idempotent} methods go through.
     *
     * @param operation the operation name in the key
     * @param payload   the event or value the key is derived from
     * @param context   the invocation's Lambda context, or null for the current invocation's
     * @param type      the result type
     * @param body      the work
     * @param <T>       the result type
     * @return the body's result, or the stored result of an earlier run
     */
    public <T> T execute(String operation, Object payload, Context context, Type type, ThrowingSupplier<T> body) {
        return run(operation, payload, context, engine.type(type), body);
    }

    /**
     * @param expression a JMESPath selecting the key data (Powertools functions included), or null for the whole payload
     * @return an instance sharing this one's store, cache and settings with another key expression
     * @throws ConfigurationException when the expression does not compile
     */
    public Idempotency withEventKeyJmesPath(String expression) {
        return derive(engine.withJmesPaths(expression, config().payloadValidationJmesPath().orElse(null)));
    }

    /**
     * @param expression a JMESPath selecting the data whose hash must match on repeats, or null for no validation
     * @return an instance sharing this one's store, cache and settings with another validation expression
     * @throws ConfigurationException when the expression does not compile
     */
    public Idempotency withPayloadValidationJmesPath(String expression) {
        return derive(engine.withJmesPaths(config().eventKeyJmesPath().orElse(null), expression));
    }

    private Idempotency derive(IdempotencyEngine derived) {
        return derived == engine ? this : new Idempotency(derived);
    }

    /**
     * @return the process-wide instance {@link Idempotent} methods use
     * @throws ConfigurationException when none is installed (there is no default: idempotency needs a store)
     */
    public static Idempotency current() {
        return CURRENT.current();
    }

    /**
     * Makes {@code idempotency} the instance {@link Idempotent} methods use. Call it once at init
     * (handler constructor or static initialiser); in tests, close the returned handle
     * ({@code try (Installation i = Idempotency.install(idempotency)) { ... }}).
     *
     * @param idempotency the instance
     * @return a handle whose {@code close()} puts back the instance that was current before
     */
    public static Installation install(Idempotency idempotency) {
        return CURRENT.install(idempotency);
    }

    /** Forgets every completed record cached in memory (the store is not touched). */
    public void clearLocalCache() {
        engine.clearLocalCache();
    }

    @SuppressWarnings("unchecked")
    private <T> T run(String operation, Object payload, Context context, JavaType type, ThrowingSupplier<T> body) {
        Objects.requireNonNull(body, "body");
        String problem = IdempotencyEngine.operationProblem(operation);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        try {
            return (T) engine.execute(operation, payload, context, type, body);
        } catch (Throwable t) {
            throw Throwables.sneakyThrow(t);
        }
    }

    /**
     * Builds an {@link Idempotency}. Settings come from the builder, then the environment, then
     * the documented defaults; {@link #build()} reports every problem in one
     * {@link ConfigurationException}.
     */
    public static final class Builder {
        private IdempotencyStore store;
        private String eventKeyJmesPath;
        private String payloadValidationJmesPath;
        private boolean throwOnNoIdempotencyKey;
        private Duration expiration = DEFAULT_EXPIRATION;
        private boolean useLocalCache;
        private int localCacheMaxItems = DEFAULT_LOCAL_CACHE_MAX_ITEMS;
        private HashAlgorithm hashAlgorithm = HashAlgorithm.SHA_256;
        private String keyPrefix;
        private Duration maxWaitForInProgress;
        private IdempotencyResponseHook responseHook;
        private ObjectMapper objectMapper;
        private ExecutionEnvironment executionEnvironment;
        private Boolean enabled;

        private Builder() {
        }

        /**
         * @param store where records live, e.g. {@link DynamoDbIdempotencyStore} (required unless disabled)
         * @return this builder
         */
        public Builder store(IdempotencyStore store) {
            this.store = store;
            return this;
        }

        /**
         * @param expression JMESPath selecting the key data, e.g. {@code "powertools_json(body).orderId"}
         *                   or {@code "[customerId, orderId]"}; default: the whole payload
         * @return this builder
         */
        public Builder eventKeyJmesPath(String expression) {
            this.eventKeyJmesPath = expression;
            return this;
        }

        /**
         * @param expression JMESPath selecting data whose hash is stored and must match on repeats; default: off
         * @return this builder
         */
        public Builder payloadValidationJmesPath(String expression) {
            this.payloadValidationJmesPath = expression;
            return this;
        }

        /**
         * @param value true to throw {@link IdempotencyKeyException} when the key data is missing;
         *              default false: warn and run the body without idempotency
         * @return this builder
         */
        public Builder throwOnNoIdempotencyKey(boolean value) {
            this.throwOnNoIdempotencyKey = value;
            return this;
        }

        /**
         * @param expiration how long a completed record is replayed (default 1 hour; at least 1 second)
         * @return this builder
         */
        public Builder expiration(Duration expiration) {
            this.expiration = expiration;
            return this;
        }

        /**
         * @param value true to cache completed records in memory (default false)
         * @return this builder
         */
        public Builder useLocalCache(boolean value) {
            this.useLocalCache = value;
            return this;
        }

        /**
         * @param maxItems the local cache bound (default 256)
         * @return this builder
         */
        public Builder localCacheMaxItems(int maxItems) {
            this.localCacheMaxItems = maxItems;
            return this;
        }

        /**
         * @param algorithm the key digest (default SHA-256; MD5 to share a table with Powertools)
         * @return this builder
         */
        public Builder hashAlgorithm(HashAlgorithm algorithm) {
            this.hashAlgorithm = algorithm;
            return this;
        }

        /**
         * @param prefix replaces {@code <function>.<operation>} in keys, e.g. to keep keys stable across a
         *               function rename; must not contain '#'. Operations sharing a prefix share keys.
         * @return this builder
         */
        public Builder keyPrefix(String prefix) {
            this.keyPrefix = prefix;
            return this;
        }

        /**
         * Turns on wait mode: a duplicate that finds the key in progress polls (with backoff from
         * 20 ms to 1 s) until the running invocation completes, then returns its result, instead of
         * throwing {@link IdempotencyAlreadyInProgressException} at once. The wait is bounded by
         * {@code maxWait} and by the invocation's remaining time less 500 ms.
         *
         * @param maxWait the longest wait
         * @return this builder
         */
        public Builder maxWaitForInProgress(Duration maxWait) {
            this.maxWaitForInProgress = maxWait;
            return this;
        }

        /**
         * @param hook adjusts responses replayed from stored records
         * @return this builder
         */
        public Builder responseHook(IdempotencyResponseHook hook) {
            this.responseHook = hook;
            return this;
        }

        /**
         * @param mapper serialises results and reads them back (default: lambdakit's shared mapper)
         * @return this builder
         */
        public Builder objectMapper(ObjectMapper mapper) {
            this.objectMapper = mapper;
            return this;
        }

        /**
         * @param executionEnvironment environment, clock and lifecycle (default: {@link ExecutionEnvironment#current()})
         * @return this builder
         */
        public Builder executionEnvironment(ExecutionEnvironment executionEnvironment) {
            this.executionEnvironment = executionEnvironment;
            return this;
        }

        /**
         * @param value false to turn idempotency off on every path (the body just runs); default: false when
         *              {@code POWERTOOLS_IDEMPOTENCY_DISABLED=true}, else true
         * @return this builder
         */
        public Builder enabled(boolean value) {
            this.enabled = value;
            return this;
        }

        /**
         * @return the instance
         * @throws ConfigurationException listing every problem
         */
        public Idempotency build() {
            ExecutionEnvironment ee = executionEnvironment != null ? executionEnvironment : ExecutionEnvironment.current();
            return new Idempotency(IdempotencyEngine.create(ee, store, eventKeyJmesPath, payloadValidationJmesPath,
                    throwOnNoIdempotencyKey, expiration, useLocalCache, localCacheMaxItems, hashAlgorithm, keyPrefix,
                    maxWaitForInProgress, responseHook, objectMapper, enabled));
        }
    }
}
