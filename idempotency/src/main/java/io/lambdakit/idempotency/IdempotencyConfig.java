package io.lambdakit.idempotency;

import java.time.Duration;
import java.util.Optional;

/**
 * The resolved configuration of an {@link Idempotency} instance (builder, then environment, then
 * defaults), for inspection and diagnostics.
 *
 * @param eventKeyJmesPath          JMESPath selecting the key data; empty: the whole payload
 * @param payloadValidationJmesPath JMESPath selecting the validated data; empty: no validation
 * @param throwOnNoIdempotencyKey   throw {@link IdempotencyKeyException} instead of warning when the key data is missing
 * @param expiration                how long a completed record is replayed
 * @param useLocalCache             whether completed records are cached in memory
 * @param localCacheMaxItems        the cache bound
 * @param hashAlgorithm             the key digest
 * @param keyPrefix                 a prefix replacing {@code <function>.<operation>}; empty: the default
 * @param maxWaitForInProgress      wait-mode bound; empty: wait mode is off
 * @param enabled                   false when {@code POWERTOOLS_IDEMPOTENCY_DISABLED=true} (or the builder's
 *                                  {@code enabled(false)}) turned idempotency off
 */
public record IdempotencyConfig(Optional<String> eventKeyJmesPath, Optional<String> payloadValidationJmesPath,
                                boolean throwOnNoIdempotencyKey, Duration expiration, boolean useLocalCache,
                                int localCacheMaxItems, HashAlgorithm hashAlgorithm, Optional<String> keyPrefix,
                                Optional<Duration> maxWaitForInProgress, boolean enabled) {
}
