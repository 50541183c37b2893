package io.lambdakit.idempotency;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.Json;
import io.lambdakit.core.ThrowingSupplier;
import io.lambdakit.core.spi.ClassPreloader;
import io.lambdakit.idempotency.internal.IdempotencyEngine;
import io.lambdakit.idempotency.internal.KeyCodec;
import io.lambdakit.idempotency.internal.LocalRecordCache;
import io.lambdakit.idempotency.internal.ResponseCodec;
import io.lambdakit.idempotency.spi.IdempotencyStore;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a body at most once per idempotency key and replays its stored result for repeats: the
 * plain API, and (once {@link #register() registered}) what {@link Idempotent} methods use.
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

    /** {@code POWERTOOLS_IDEMPOTENCY_DISABLED}: {@code true} turns idempotency off on every path (for local runs). */
    public static final String POWERTOOLS_IDEMPOTENCY_DISABLED = "POWERTOOLS_IDEMPOTENCY_DISABLED";
    /** Default record lifetime: one hour, as Powertools. */
    public static final Duration DEFAULT_EXPIRATION = Duration.ofHours(1);
    /** Default local cache bound, as Powertools. */
    public static final int DEFAULT_LOCAL_CACHE_MAX_ITEMS = 256;

    private static final AtomicReference<Idempotency> REGISTERED = new AtomicReference<>();

    private final IdempotencyEngine engine;
    private final IdempotencyConfig config;
    private final KeyCodec keys;
    private ClassPreloader preloader;

    private Idempotency(IdempotencyEngine engine, IdempotencyConfig config, KeyCodec keys) {
        this.engine = engine;
        this.config = config;
        this.keys = keys;
    }

    /** @return the preloader of this module's class list, registered before the checkpoint (tests) */
    ClassPreloader preloader() {
        return preloader;
    }

    /**
     * Before a SnapStart checkpoint: runs the key codec (JMESPath, canonical JSON, hashing) and the
     * response codec over a synthetic payload, so the restored function's first request finds them
     * loaded and compiled. Touches neither the store nor the local cache.
     */
    private void warm() throws Exception {
        java.util.Map<String, Object> payload = new java.util.LinkedHashMap<>();
        payload.put("id", "lambdakit-priming");
        payload.put("amount", 12.5);
        payload.put("items", java.util.List.of(java.util.Map.of("sku", "a", "qty", 1)));
        payload.put("body", "{\"orderId\":\"o-1\"}");
        com.fasterxml.jackson.databind.JsonNode json = keys.toJson(payload);
        keys.keyHash(json);
        keys.validationHash(json);
        JavaType type = engine.responses().mapper().constructType(java.util.Map.class);
        engine.responses().deserialize(engine.responses().serialize(payload, type), type);
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the resolved configuration */
    public IdempotencyConfig config() {
        return config;
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
        Objects.requireNonNull(type, "type");
        return run(operation, payload, context, engine.responses().mapper().constructType(type), body);
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
        Objects.requireNonNull(type, "type");
        return run(operation, payload, context, engine.responses().mapper().getTypeFactory().constructType(type), body);
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
        Objects.requireNonNull(type, "type");
        return run(operation, payload, context, engine.responses().mapper().getTypeFactory().constructType(type), body);
    }

    /**
     * @param expression a JMESPath selecting the key data (Powertools functions included), or null for the whole payload
     * @return an instance sharing this one's store, cache and settings with another key expression
     * @throws ConfigurationException when the expression does not compile
     */
    public Idempotency withEventKeyJmesPath(String expression) {
        return derive(expression, keys.validationPath());
    }

    /**
     * @param expression a JMESPath selecting the data whose hash must match on repeats, or null for no validation
     * @return an instance sharing this one's store, cache and settings with another validation expression
     * @throws ConfigurationException when the expression does not compile
     */
    public Idempotency withPayloadValidationJmesPath(String expression) {
        return derive(keys.keyPath(), expression);
    }

    /**
     * Makes this instance the one {@link Idempotent} methods use. Call it once at init (handler
     * constructor or static initialiser).
     *
     * @return this instance
     */
    public Idempotency register() {
        REGISTERED.set(this);
        return this;
    }

    /** @return the instance {@link Idempotent} methods use, if one was registered */
    public static Optional<Idempotency> registered() {
        return Optional.ofNullable(REGISTERED.get());
    }

    /** Forgets the registered instance (for tests that register their own). */
    public static void clearRegistration() {
        REGISTERED.set(null);
    }

    /** Forgets every completed record cached in memory (the store is not touched). */
    public void clearLocalCache() {
        if (engine.cache() != null) {
            engine.cache().clear();
        }
    }

    private Idempotency derive(String keyPath, String validationPath) {
        String k = blankToNull(keyPath);
        String v = blankToNull(validationPath);
        if (Objects.equals(k, keys.keyPath()) && Objects.equals(v, keys.validationPath())) {
            return this;
        }
        ConfigurationException.Problems problems = ConfigurationException.problems(IdempotencyEngine.COMPONENT);
        checkExpression(problems, "eventKeyJmesPath", k);
        checkExpression(problems, "payloadValidationJmesPath", v);
        problems.throwIfAny();
        IdempotencyConfig c = new IdempotencyConfig(Optional.ofNullable(k), Optional.ofNullable(v),
                config.throwOnNoIdempotencyKey(), config.expiration(), config.useLocalCache(), config.localCacheMaxItems(),
                config.hashAlgorithm(), config.keyPrefix(), config.maxWaitForInProgress(), config.disabled());
        Idempotency derived = new Idempotency(engine, c, KeyCodec.create(k, v, keys.algorithm()));
        derived.preloader = preloader;
        return derived;
    }

    @SuppressWarnings("unchecked")
    private <T> T run(String operation, Object payload, Context context, JavaType type, ThrowingSupplier<T> body) {
        Objects.requireNonNull(body, "body");
        String name = checkOperation(operation);
        try {
            return (T) engine.execute(new IdempotencyEngine.OperationSpec(name, keys), payload, context, type, body);
        } catch (Throwable t) {
            throw Idempotency.<RuntimeException>sneaky(t);
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }

    static String checkOperation(String operation) {
        if (operation == null || operation.isBlank() || operation.indexOf('#') >= 0) {
            throw new IllegalArgumentException("operation was '" + operation + "' but it must be a non-blank name"
                    + " without '#' (it becomes part of the key <function>.<operation>#<hash>)");
        }
        return operation;
    }

    private static void checkExpression(ConfigurationException.Problems problems, String option, String expression) {
        if (expression != null) {
            String error = KeyCodec.checkExpression(expression);
            problems.require(error == null, option + " was '" + expression + "' but it must be a valid JMESPath"
                    + " expression (" + error + "); fix the expression");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
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
        private Boolean disabled;

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
        public Builder waitForInProgress(Duration maxWait) {
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
         * @param value true to turn idempotency off on every path; default: {@code POWERTOOLS_IDEMPOTENCY_DISABLED}, else false
         * @return this builder
         */
        public Builder disabled(boolean value) {
            this.disabled = value;
            return this;
        }

        /**
         * @return the instance
         * @throws ConfigurationException listing every problem
         */
        public Idempotency build() {
            ExecutionEnvironment ee = executionEnvironment != null ? executionEnvironment : ExecutionEnvironment.current();
            Environment env = ee.environment();
            ConfigurationException.Problems problems = ConfigurationException.problems(IdempotencyEngine.COMPONENT);
            boolean off = disabled != null ? disabled : IdempotencyEngine.disabledByEnvironment(env, problems);
            problems.require(store != null || off, "no store was given; call store(DynamoDbIdempotencyStore.builder()"
                    + ".tableName(..).build()), or InMemoryIdempotencyStore.create() in unit tests");
            problems.require(expiration != null && expiration.getSeconds() >= 1, "expiration was " + expiration
                    + " but it must be at least 1 second; call expiration(Duration.ofHours(1)) or similar");
            problems.require(localCacheMaxItems >= 1, "localCacheMaxItems was " + localCacheMaxItems
                    + " but it must be at least 1");
            problems.require(hashAlgorithm != null, "hashAlgorithm was null; pass HashAlgorithm.SHA_256 or MD5");
            String prefix = blankToNull(keyPrefix);
            problems.require(keyPrefix == null || (prefix != null && prefix.indexOf('#') < 0), "keyPrefix was '"
                    + keyPrefix + "' but it must be non-blank and must not contain '#' (the key separator)");
            problems.require(maxWaitForInProgress == null || (!maxWaitForInProgress.isNegative()
                    && !maxWaitForInProgress.isZero()), "waitForInProgress was " + maxWaitForInProgress
                    + " but it must be positive");
            String k = blankToNull(eventKeyJmesPath);
            String v = blankToNull(payloadValidationJmesPath);
            checkExpression(problems, "eventKeyJmesPath", k);
            checkExpression(problems, "payloadValidationJmesPath", v);
            problems.throwIfAny();

            LocalRecordCache cache = useLocalCache ? new LocalRecordCache(localCacheMaxItems) : null;
            if (cache != null) {
                ee.lifecycle().onAfterRestore("lambdakit-idempotency: clear the local record cache", cache, LocalRecordCache::clear);
            }
            IdempotencyEngine engine = new IdempotencyEngine(new IdempotencyEngine.Settings(store, ee,
                    env.functionName().orElse(null), prefix, expiration, throwOnNoIdempotencyKey, cache,
                    maxWaitForInProgress, responseHook, new ResponseCodec(objectMapper != null ? objectMapper : Json.mapper()),
                    off));
            ClassPreloader preloader = ClassPreloader.register(ee.lifecycle(), "idempotency", Idempotency.class);
            IdempotencyConfig config = new IdempotencyConfig(Optional.ofNullable(k), Optional.ofNullable(v),
                    throwOnNoIdempotencyKey, expiration, useLocalCache, localCacheMaxItems, hashAlgorithm,
                    Optional.ofNullable(prefix), Optional.ofNullable(maxWaitForInProgress), off);
            Idempotency idempotency = new Idempotency(engine, config, KeyCodec.create(k, v, hashAlgorithm));
            idempotency.preloader = preloader;
            ee.lifecycle().onBeforeCheckpoint("lambdakit-idempotency: warm the key and response codecs", idempotency, Idempotency::warm);
            return idempotency;
        }
    }
}
