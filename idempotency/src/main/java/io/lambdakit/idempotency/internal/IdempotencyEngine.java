package io.lambdakit.idempotency.internal;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.InvocationContext;
import io.lambdakit.core.InvocationScope;
import io.lambdakit.core.Json;
import io.lambdakit.core.ThrowingSupplier;
import io.lambdakit.core.spi.ClassPreloader;
import io.lambdakit.idempotency.HashAlgorithm;
import io.lambdakit.idempotency.IdempotencyAlreadyInProgressException;
import io.lambdakit.idempotency.IdempotencyClaimLostException;
import io.lambdakit.idempotency.IdempotencyConfig;
import io.lambdakit.idempotency.IdempotencyException;
import io.lambdakit.idempotency.IdempotencyKeyException;
import io.lambdakit.idempotency.IdempotencyPersistenceException;
import io.lambdakit.idempotency.IdempotencyPersistenceException.Operation;
import io.lambdakit.idempotency.IdempotencyRecord;
import io.lambdakit.idempotency.IdempotencyResponseHook;
import io.lambdakit.idempotency.IdempotencyValidationException;
import io.lambdakit.idempotency.spi.ClaimResult;
import io.lambdakit.idempotency.spi.IdempotencyStore;
import io.lambdakit.idempotency.spi.WriteResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The behaviour of idempotency, shared by the plain API and the {@code @Idempotent} aspect.
 *
 * <p>Flow: derive the key (tenant-scoped when the invocation has a tenant id); on a local-cache
 * hit, validate and replay (no round trip); else claim the key with one conditional write that
 * returns the existing record when it loses. Claimed: run the body; on success store the
 * {@code COMPLETED} record with one write, on failure delete the record and rethrow the body's
 * exception unchanged. Lost to a {@code COMPLETED} record: validate and replay. Lost to a live
 * {@code INPROGRESS} record: throw {@link IdempotencyAlreadyInProgressException}, or in wait mode
 * poll until the duplicate finishes. Payload validation runs on every path.
 *
 * <p>Fencing: every claim carries a token of its own ({@code <request id>:<16 random hex digits>});
 * the completion and the deletion apply only while the stored record carries it. A write that was
 * fenced out (the claim's deadline passed and another invocation took the key over) is not
 * applied; it is logged once at WARN with the key and reported as
 * {@link IdempotencyClaimLostException} (thrown after a successful body, suppressed on the body's
 * exception after a failed one). A lost claim response is recognised by the token: when the claim
 * write's condition fails on a live {@code INPROGRESS} record carrying this claim's own token (the
 * client retried a write that had landed), the claim is ours and the body runs.
 */
public final class IdempotencyEngine {

    /** Component name in configuration errors. */
    public static final String COMPONENT = "lambdakit-idempotency";
    /** Function name in keys when neither the environment nor the context has one (as Powertools). */
    public static final String DEFAULT_FUNCTION_NAME = "testFunction";

    private static final int MAX_CLAIM_ATTEMPTS = 3;
    private static final long WAIT_MARGIN_MILLIS = 500;
    private static final long FIRST_BACKOFF_MILLIS = 20;
    private static final long MAX_BACKOFF_MILLIS = 1_000;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final Logger log = LoggerFactory.getLogger(IdempotencyEngine.class);
    private final IdempotencyStore store;
    private final ExecutionEnvironment executionEnvironment;
    private final Clock clock;
    private final String functionName;
    private final String keyPrefix;
    private final Duration expiration;
    private final boolean throwOnNoKey;
    private final LocalRecordCache cache;
    private final Duration maxWait;
    private final IdempotencyResponseHook responseHook;
    private final ResponseCodec responses;
    private final boolean enabled;
    private final ClassPreloader preloader;
    private final IdempotencyConfig config;
    private final KeyCodec keys;

    private IdempotencyEngine(IdempotencyStore store, ExecutionEnvironment executionEnvironment, IdempotencyConfig config,
                              LocalRecordCache cache, IdempotencyResponseHook responseHook, ResponseCodec responses,
                              ClassPreloader preloader) {
        this.store = store;
        this.executionEnvironment = executionEnvironment;
        this.clock = executionEnvironment.clock();
        this.functionName = executionEnvironment.environment().functionName().orElse(null);
        this.keyPrefix = config.keyPrefix().orElse(null);
        this.expiration = config.expiration();
        this.throwOnNoKey = config.throwOnNoIdempotencyKey();
        this.cache = cache;
        this.maxWait = config.maxWaitForInProgress().orElse(null);
        this.responseHook = responseHook;
        this.responses = responses;
        this.enabled = config.enabled();
        this.preloader = preloader;
        this.config = config;
        this.keys = KeyCodec.create(config.eventKeyJmesPath().orElse(null), config.payloadValidationJmesPath().orElse(null),
                config.hashAlgorithm());
    }

    /** A view of {@code base} (same store, cache, hook and settings) with other key expressions. */
    private IdempotencyEngine(IdempotencyEngine base, IdempotencyConfig config) {
        this.store = base.store;
        this.executionEnvironment = base.executionEnvironment;
        this.clock = base.clock;
        this.functionName = base.functionName;
        this.keyPrefix = base.keyPrefix;
        this.expiration = base.expiration;
        this.throwOnNoKey = base.throwOnNoKey;
        this.cache = base.cache;
        this.maxWait = base.maxWait;
        this.responseHook = base.responseHook;
        this.responses = base.responses;
        this.enabled = base.enabled;
        this.preloader = base.preloader;
        this.config = config;
        this.keys = KeyCodec.create(config.eventKeyJmesPath().orElse(null), config.payloadValidationJmesPath().orElse(null),
                config.hashAlgorithm());
    }

    /**
     * Resolves {@code Idempotency.Builder}'s options (then the environment, then the defaults) and
     * builds the engine: compiles the expressions, creates the local cache, registers the SnapStart
     * hooks (clear the cache after a restore, warm the codecs before a checkpoint) and the class preloader.
     *
     * @param ee                        environment, clock and lifecycle
     * @param store                     the store, or null (a problem unless disabled)
     * @param eventKeyJmesPath          the key expression, or null/blank for the whole payload
     * @param payloadValidationJmesPath the validation expression, or null/blank for none
     * @param throwOnNoIdempotencyKey   throw instead of warning when the key data is missing
     * @param expiration                record lifetime
     * @param useLocalCache             cache completed records in memory
     * @param localCacheMaxItems        the cache bound
     * @param hashAlgorithm             the key digest
     * @param keyPrefix                 replaces {@code <function>.<operation>}, or null
     * @param maxWaitForInProgress      wait-mode bound, or null for no wait mode
     * @param responseHook              adjusts replayed responses, or null
     * @param objectMapper              the result mapper, or null for lambdakit's
     * @param enabled                   the builder's switch, or null for the environment's
     * @return the engine
     * @throws ConfigurationException listing every problem
     */
    public static IdempotencyEngine create(ExecutionEnvironment ee, IdempotencyStore store, String eventKeyJmesPath,
                                           String payloadValidationJmesPath, boolean throwOnNoIdempotencyKey,
                                           Duration expiration, boolean useLocalCache, int localCacheMaxItems,
                                           HashAlgorithm hashAlgorithm, String keyPrefix, Duration maxWaitForInProgress,
                                           IdempotencyResponseHook responseHook, ObjectMapper objectMapper, Boolean enabled) {
        IdempotencyConfig config = IdempotencyEngineConfig.resolve(ee.environment(), store != null, eventKeyJmesPath,
                payloadValidationJmesPath, throwOnNoIdempotencyKey, expiration, useLocalCache, localCacheMaxItems,
                hashAlgorithm, keyPrefix, maxWaitForInProgress, enabled);
        LocalRecordCache cache = useLocalCache ? new LocalRecordCache(localCacheMaxItems) : null;
        if (cache != null) {
            ee.lifecycle().onAfterRestore("lambdakit-idempotency: clear the local record cache", cache, LocalRecordCache::clear);
        }
        ClassPreloader preloader = ClassPreloader.register(ee.lifecycle(), "idempotency", IdempotencyEngine.class);
        IdempotencyEngine engine = new IdempotencyEngine(store, ee, config, cache, responseHook,
                new ResponseCodec(objectMapper != null ? objectMapper : Json.mapper()), preloader);
        ee.lifecycle().onBeforeCheckpoint("lambdakit-idempotency: warm the key and response codecs", engine, IdempotencyEngine::warm);
        return engine;
    }

    /**
     * The reading of {@code POWERTOOLS_IDEMPOTENCY_DISABLED} the DynamoDB store shares with the
     * builder and the aspect.
     *
     * @param env      the environment snapshot
     * @param problems where an invalid value is reported
     * @return true when the environment turns idempotency off
     */
    public static boolean disabledByEnvironment(Environment env, ConfigurationException.Problems problems) {
        return !IdempotencyEngineConfig.enabled(env, problems);
    }

    /**
     * The reading of {@code LAMBDAKIT_IDEMPOTENCY_TABLE_CHECK} for the DynamoDB store's builder.
     *
     * @param env      the environment snapshot
     * @param problems where an invalid value is reported
     * @return true unless the environment turns the table check off
     */
    public static boolean tableCheckByEnvironment(Environment env, ConfigurationException.Problems problems) {
        return IdempotencyEngineConfig.tableCheck(env, problems);
    }

    /** @return how the environment turns idempotency off, for messages ({@code POWERTOOLS_IDEMPOTENCY_DISABLED=true}) */
    public static String disabledSetting() {
        return IdempotencyEngineConfig.disabledSetting();
    }

    /**
     * @param operation an operation name
     * @return what is wrong with it, or null when it can be part of a key
     */
    public static String operationProblem(String operation) {
        if (operation == null || operation.isBlank() || operation.indexOf('#') >= 0) {
            return "operation was '" + operation + "' but it must be a non-blank name without '#' (it becomes part of"
                    + " the key <function>.<operation>#<hash>)";
        }
        return null;
    }

    /**
     * @param eventKeyJmesPath          the key expression, or null/blank for the whole payload
     * @param payloadValidationJmesPath the validation expression, or null/blank for none
     * @return this engine when both are unchanged, else a view sharing its store, cache and settings
     * @throws ConfigurationException when an expression does not compile
     */
    public IdempotencyEngine withJmesPaths(String eventKeyJmesPath, String payloadValidationJmesPath) {
        IdempotencyConfig c = IdempotencyEngineConfig.withJmesPaths(config, eventKeyJmesPath, payloadValidationJmesPath);
        return c.equals(config) ? this : new IdempotencyEngine(this, c);
    }

    /** @return the resolved configuration */
    public IdempotencyConfig config() {
        return config;
    }

    /** @return the preloader of this module's class list, registered before the checkpoint */
    public ClassPreloader preloader() {
        return preloader;
    }

    /**
     * @param type a result type ({@link Class}, a generic {@link java.lang.reflect.Type} or a Jackson {@link TypeReference})
     * @return the type as the response mapper sees it
     */
    public JavaType type(java.lang.reflect.Type type) {
        Objects.requireNonNull(type, "type");
        return responses.mapper().getTypeFactory().constructType(type);
    }

    /**
     * @param type a generic result type
     * @return the type as the response mapper sees it
     */
    public JavaType type(TypeReference<?> type) {
        Objects.requireNonNull(type, "type");
        return responses.mapper().getTypeFactory().constructType(type);
    }

    /** Forgets every completed record cached in memory (the store is not touched). */
    public void clearLocalCache() {
        if (cache != null) {
            cache.clear();
        }
    }

    /**
     * Before a SnapStart checkpoint: runs the key codec (JMESPath, canonical JSON, hashing) and the
     * response codec over a synthetic payload, so the restored function's first request finds them
     * loaded and compiled. Touches neither the store nor the local cache.
     */
    private void warm() throws Exception {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("id", "lambdakit-priming");
        payload.put("amount", 12.5);
        payload.put("items", List.of(Map.of("sku", "a", "qty", 1)));
        payload.put("body", "{\"orderId\":\"o-1\"}");
        JsonNode json = keys.toJson(payload);
        keys.keyHash(json);
        keys.validationHash(json);
        JavaType type = responses.mapper().constructType(Map.class);
        responses.deserialize(responses.serialize(payload, type), type);
    }

    /**
     * Runs {@code body} at most once per key and returns its result or the stored one.
     *
     * @param operation     the operation name ({@code <function>.<operation>#<hash>})
     * @param payload       the payload the key is derived from
     * @param lambdaContext the invocation's Context, or null to use the current invocation's
     * @param type          the declared result type
     * @param body          the body
     * @return the result, or the replayed stored result
     * @throws Throwable the body's exception, unchanged, or an {@link IdempotencyException}
     */
    public Object execute(String operation, Object payload, Context lambdaContext, JavaType type,
                          ThrowingSupplier<?> body) throws Throwable {
        if (!enabled) {
            return body.get();
        }
        if (lambdaContext == null) {
            Context current = InvocationContext.current().map(InvocationContext::lambdaContext).orElse(null);
            if (current == null) {
                throw noContext(operation);
            }
            return run(operation, payload, current, type, body);
        }
        InvocationScope scope = executionEnvironment.enter(lambdaContext);
        try {
            return run(operation, payload, lambdaContext, type, body);
        } finally {
            scope.close();
        }
    }

    private Object run(String operation, Object payload, Context context, JavaType type,
                       ThrowingSupplier<?> body) throws Throwable {
        JsonNode json = keys.toJson(payload);
        String hash = keys.keyHash(json);
        if (hash == null) {
            String what = (keys.keyPath() == null ? "the payload" : "eventKeyJmesPath '" + keys.keyPath() + "'")
                    + " of operation '" + operation + "'";
            if (throwOnNoKey) {
                throw new IdempotencyKeyException("No idempotency key: " + what + " selected no data (null, an empty container, or"
                        + " only nulls); send events that carry the key, or fix the expression");
            }
            log.warn("No idempotency key: {} selected no data; running without idempotency (set"
                    + " throwOnNoIdempotencyKey to fail instead)", what);
            return body.get();
        }
        String key = key(operation, context, hash);
        String validation = keys.validationHash(json);
        if (InvocationContext.isPrimingNow()) {
            return primed(type, body);
        }

        if (cache != null) {
            IdempotencyRecord cached = cache.get(key, clock.instant());
            if (cached != null) {
                validate(cached, validation);
                return replay(cached, type);
            }
        }

        String token = claimToken(context);
        long waitDeadlineNanos = 0;
        boolean waitStarted = false;
        int attempts = 0;
        while (true) {
            attempts++;
            Instant now = clock.instant();
            Instant inProgressExpiry = now.plusMillis(Math.max(0, context.getRemainingTimeInMillis()));
            IdempotencyRecord claim = IdempotencyRecord.inProgress(key, now.plus(expiration), inProgressExpiry, validation)
                    .withClaimToken(token);
            ClaimResult result = claim(claim, now);
            if (result.isClaimed()) {
                return runClaimed(claim, token, type, body);
            }
            IdempotencyRecord existing = result.existing().orElseThrow();
            if (existing.status() == IdempotencyRecord.Status.INPROGRESS && token.equals(existing.claimToken().orElse(null))) {
                // Our own claim: the write landed, its response was lost, and the client's retry failed the condition.
                return runClaimed(existing, token, type, body);
            }
            validate(existing, validation);
            if (existing.isReplaceableAt(now)) {
                // A store that honours the contract never returns a replaceable record; tolerate a
                // racing expiry a bounded number of times rather than loop forever.
                if (attempts < MAX_CLAIM_ATTEMPTS) {
                    continue;
                }
                throw new IdempotencyPersistenceException(key, Operation.CLAIM, "The store kept returning an expired"
                        + " record for idempotency key " + key + " instead of replacing it (" + store.getClass().getName()
                        + " breaks the IdempotencyStore contract); the body did not run", null);
            }
            if (existing.status() == IdempotencyRecord.Status.COMPLETED) {
                if (cache != null) {
                    cache.put(existing);
                }
                return replay(existing, type);
            }
            if (maxWait == null) {
                throw inProgress(existing, "Retry later: Lambda retries asynchronous and queue events");
            }
            if (!waitStarted) {
                waitStarted = true;
                long bound = Math.min(maxWait.toMillis(), context.getRemainingTimeInMillis() - WAIT_MARGIN_MILLIS);
                if (bound <= 0) {
                    throw inProgress(existing, "Not waiting for it: the invocation has less than "
                            + WAIT_MARGIN_MILLIS + " ms left");
                }
                waitDeadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(bound);
            }
            IdempotencyRecord completed = awaitCompletion(existing, validation, waitDeadlineNanos);
            if (completed != null) {
                if (cache != null) {
                    cache.put(completed);
                }
                return replay(completed, type);
            }
            attempts = 0; // the duplicate failed or timed out: claim again
        }
    }

    private ClaimResult claim(IdempotencyRecord record, Instant now) {
        try {
            return store.claim(record, now);
        } catch (IdempotencyException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IdempotencyPersistenceException(record.key(), Operation.CLAIM, "Could not claim idempotency key "
                    + record.key() + ": " + describe(e) + ". The body did not run; retrying is safe", e);
        }
    }

    /**
     * A priming call before a SnapStart checkpoint: the key was derived and hashed above; the body
     * runs and its result goes through the response codec both ways, but nothing is claimed,
     * stored or cached, so no record of a synthetic event reaches the user's table.
     */
    private Object primed(JavaType type, ThrowingSupplier<?> body) throws Throwable {
        Object result = body.get();
        try {
            String data = responses.serialize(result, type);
            responses.deserialize(data, type);
        } catch (JsonProcessingException | RuntimeException e) {
            // the real invocation reports an unserialisable result with its key; priming only warms the path
        }
        return result;
    }

    private Object runClaimed(IdempotencyRecord claim, String token, JavaType type, ThrowingSupplier<?> body) throws Throwable {
        String key = claim.key();
        Object result;
        try {
            result = body.get();
        } catch (Throwable t) {
            try {
                WriteResult deleted = store.delete(key, token);
                if (!deleted.isApplied()) {
                    t.addSuppressed(claimLost(claim, token, deleted, false));
                }
            } catch (IdempotencyException e) {
                t.addSuppressed(e);
            } catch (RuntimeException e) {
                t.addSuppressed(new IdempotencyPersistenceException(key, Operation.DELETE, "The body failed and its"
                        + " INPROGRESS record for idempotency key " + key + " could not be deleted: " + describe(e)
                        + ". Retries get IdempotencyAlreadyInProgressException until " + inProgressUntil(claim), e));
            }
            throw t;
        }
        String data;
        try {
            data = responses.serialize(result, type);
        } catch (JsonProcessingException | RuntimeException e) {
            String why = e instanceof JsonProcessingException j ? ResponseCodec.describe(j) : describe(e);
            throw new IdempotencyPersistenceException(key, Operation.SERIALIZE_RESPONSE, "The result of type "
                    + result.getClass().getName() + " for idempotency key " + key + " cannot be serialised to JSON ("
                    + why + "); return a Jackson-serialisable type. " + ranButNotStored(claim), e);
        }
        // Keeps the claim's in_progress_expiration, as Powertools' completion (an UpdateItem) does.
        IdempotencyRecord completed = IdempotencyRecord.of(key, IdempotencyRecord.Status.COMPLETED,
                clock.instant().plus(expiration), claim.inProgressExpiration().orElse(null), data,
                claim.validationHash().orElse(null)).withClaimToken(token);
        WriteResult written;
        try {
            written = store.complete(completed);
        } catch (IdempotencyException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IdempotencyPersistenceException(key, Operation.COMPLETE, "Could not store the result for"
                    + " idempotency key " + key + ": " + describe(e) + ". " + ranButNotStored(claim), e);
        }
        if (!written.isApplied()) {
            throw claimLost(claim, token, written, true);
        }
        if (cache != null) {
            cache.put(completed);
        }
        return result;
    }

    /**
     * A completion or deletion the store fenced out: logged once here, at WARN, with the key (never
     * the payload or the result), and returned as the typed report.
     */
    private IdempotencyClaimLostException claimLost(IdempotencyRecord claim, String token, WriteResult write,
                                                    boolean bodySucceeded) {
        String key = claim.key();
        IdempotencyRecord current = write.current().orElse(null);
        String heldBy = current == null ? null : current.claimToken().orElse(null);
        StringBuilder m = new StringBuilder(400);
        m.append(bodySucceeded ? "The body ran, but its result for idempotency key " : "The body failed, and its record for"
                + " idempotency key ").append(key).append(bodySucceeded ? " was not stored" : " was not deleted")
                .append(": this invocation's claim (token ").append(token).append(", in_progress_expiration ")
                .append(claim.inProgressExpiration().map(Instant::toString).orElse("(none)"))
                .append(") no longer holds the key. ");
        if (current == null) {
            m.append("No record holds it now (it expired or was deleted)");
        } else {
            m.append("A ").append(current.status()).append(" record ")
                    .append(heldBy == null ? "without a claim token (written by Powertools or another writer)"
                            : "of claim " + heldBy)
                    .append(" holds it now, and was left as it is");
        }
        if (!bodySucceeded) {
            m.append(". A retry runs or replays as that record allows");
        } else if (current == null) {
            m.append(". A retry runs the body again");
        } else {
            m.append(". The invocation holding the key runs (or ran) the body too; a retry replays its result once it completes");
        }
        String message = m.toString();
        log.warn("{}", message);
        return new IdempotencyClaimLostException(key, token, heldBy, message);
    }

    /**
     * @return this claim's token: the request id, so the record names the invocation that wrote it,
     *         and 64 random bits, so it is unique even when request ids are not (two deliveries of one
     *         asynchronous event, a fixed id in tests, a nested call of the same key)
     */
    private static String claimToken(Context context) {
        String requestId = context.getAwsRequestId();
        StringBuilder sb = new StringBuilder(56);
        sb.append(requestId == null || requestId.isBlank() ? "no-request-id" : requestId).append(':');
        long bits = TokenRandom.RANDOM.nextLong();
        for (int shift = 60; shift >= 0; shift -= 4) {
            sb.append(HEX[(int) (bits >>> shift) & 0xf]);
        }
        return sb.toString();
    }

    /**
     * The token's random source, created on the first claim. SecureRandom's default on Linux mixes
     * fresh {@code /dev/urandom} bytes into its output, so environments restored from one SnapStart
     * snapshot do not draw the same tokens.
     */
    private static final class TokenRandom {
        static final SecureRandom RANDOM = new SecureRandom();
    }

    /**
     * Polls until the duplicate completes; returns null when its record disappeared or became
     * replaceable (it failed or timed out), so the caller claims again.
     */
    private IdempotencyRecord awaitCompletion(IdempotencyRecord inProgress, String validation, long deadlineNanos) {
        String key = inProgress.key();
        long backoff = FIRST_BACKOFF_MILLIS;
        IdempotencyRecord last = inProgress;
        while (true) {
            long leftMillis = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
            if (leftMillis <= 0) {
                throw inProgress(last, "It was still in progress when the wait ended (bounded by maxWait and the"
                        + " invocation's remaining time)");
            }
            try {
                Thread.sleep(Math.min(backoff, leftMillis));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw inProgress(last, "Interrupted while waiting for it");
            }
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
            Optional<IdempotencyRecord> read;
            try {
                read = store.get(key);
            } catch (RuntimeException e) {
                throw new IdempotencyPersistenceException(key, Operation.READ, "Could not read idempotency key " + key
                        + " while waiting for an in-flight duplicate: " + describe(e) + ". The body did not run", e);
            }
            if (read.isEmpty() || read.get().isReplaceableAt(clock.instant())) {
                return null;
            }
            last = read.get();
            validate(last, validation);
            if (last.status() == IdempotencyRecord.Status.COMPLETED) {
                return last;
            }
        }
    }

    private Object replay(IdempotencyRecord record, JavaType type) {
        Object response;
        try {
            response = responses.deserialize(record.responseData().orElse(null), type);
        } catch (JsonProcessingException e) {
            throw new IdempotencyPersistenceException(record.key(), Operation.DESERIALIZE_RESPONSE, "The stored response"
                    + " for idempotency key " + record.key() + " cannot be read as " + type.toCanonical() + " ("
                    + ResponseCodec.describe(e) + "). Was the return type changed? The record expires at "
                    + record.expiration() + "; delete it, or rename the operation so new keys are used", e);
        }
        io.lambdakit.core.spi.Replay.markCurrent(); // the invocation was answered from the store: metrics does not call it empty
        // the one line a replayed invocation writes (its body, which logs, did not run): without it a retried request
        // leaves nothing in the function's log to say what answered it
        log.info("Idempotency key {} was already processed: returned its stored result, the body did not run", record.key());
        return responseHook == null ? response : responseHook.apply(response, record);
    }

    private static void validate(IdempotencyRecord record, String validation) {
        if (validation == null) {
            return;
        }
        if (!validation.equals(record.validationHash().orElse(null))) {
            throw new IdempotencyValidationException(record.key(), "Payload does not match the stored record for"
                    + " idempotency key " + record.key() + ": the same key was sent with a different payload"
                    + " (payloadValidationJmesPath hash differs" + (record.validationHash().isEmpty()
                    ? ", the stored record has no validation hash" : "") + "). The body did not run");
        }
    }

    private String key(String operation, Context context, String hash) {
        StringBuilder sb = new StringBuilder(96);
        if (keyPrefix != null) {
            sb.append(keyPrefix);
        } else {
            String fn = functionName;
            if (fn == null) {
                fn = context.getFunctionName();
            }
            sb.append(fn == null || fn.isBlank() ? DEFAULT_FUNCTION_NAME : fn).append('.').append(operation);
        }
        sb.append('#');
        String tenant = context.getTenantId();
        if (tenant != null && !tenant.isBlank()) {
            sb.append("tenant:");
            appendEncoded(sb, tenant);
            sb.append('#');
        }
        return sb.append(hash).toString();
    }

    /** Percent-encodes '%' and '#' so that a tenant id can never forge another key's segments. */
    private static void appendEncoded(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                sb.append("%25");
            } else if (c == '#') {
                sb.append("%23");
            } else {
                sb.append(c);
            }
        }
    }

    private static IdempotencyAlreadyInProgressException inProgress(IdempotencyRecord record, String advice) {
        return new IdempotencyAlreadyInProgressException(record.key(), "Execution already in progress with idempotency"
                + " key " + record.key() + " (" + inProgressUntil(record) + "). " + advice);
    }

    private static String inProgressUntil(IdempotencyRecord record) {
        return record.inProgressExpiration()
                .map(t -> "the invocation holding it has until " + t)
                .orElse("its record has no in_progress_expiration and blocks until it expires at " + record.expiration());
    }

    private static String ranButNotStored(IdempotencyRecord claim) {
        return "The body ran; its record stays INPROGRESS until its in_progress_expiration "
                + claim.inProgressExpiration().map(Instant::toString).orElse("(none)")
                + " (the invocation's deadline), then a retry runs the body again";
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " (" + m + ")");
    }

    private static ConfigurationException noContext(String operation) {
        ConfigurationException.Problems problems = ConfigurationException.problems(COMPONENT).add("operation '"
                + operation + "' ran outside a Lambda invocation, so its INPROGRESS record cannot get the"
                + " invocation's deadline (in_progress_expiration) and would block retries after a timeout; give the"
                + " @Idempotent method a Context parameter, pass the Context to Idempotency.execute(..), or run it"
                + " inside ExecutionEnvironment.current().enter(context)");
        try {
            problems.throwIfAny();
        } catch (ConfigurationException e) {
            return e;
        }
        throw new IllegalStateException("unreachable");
    }
}
