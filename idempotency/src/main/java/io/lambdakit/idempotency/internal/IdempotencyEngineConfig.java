package io.lambdakit.idempotency.internal;

import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.Environment;
import io.lambdakit.idempotency.HashAlgorithm;
import io.lambdakit.idempotency.IdempotencyConfig;

import java.time.Duration;
import java.util.Optional;

/**
 * Resolves an {@link IdempotencyConfig} from the builder's options, then the environment
 * ({@link IdempotencyVariables}, the only place that reads them), then the defaults, and validates
 * it: every problem goes into one {@link ConfigurationException}. The annotation's attributes go
 * through the same checks, so both doors fail with the same message.
 */
final class IdempotencyEngineConfig {

    private IdempotencyEngineConfig() {
    }

    /**
     * Reads {@code POWERTOOLS_IDEMPOTENCY_DISABLED}: {@code true} or {@code false} in any case (core's
     * {@link Environment#getBoolean(String, boolean)}), absent means false, anything else is a
     * problem added to {@code problems}.
     */
    static boolean enabled(Environment env, ConfigurationException.Problems problems) {
        try {
            return !env.getBoolean(IdempotencyVariables.POWERTOOLS_IDEMPOTENCY_DISABLED, false);
        } catch (ConfigurationException e) {
            for (String problem : e.problems()) {
                problems.add(problem);
            }
            return true;
        }
    }

    /**
     * Reads {@code LAMBDAKIT_IDEMPOTENCY_TABLE_CHECK}: {@code true} or {@code false} in any case, absent
     * means true, anything else is a problem added to {@code problems}.
     */
    static boolean tableCheck(Environment env, ConfigurationException.Problems problems) {
        try {
            return env.getBoolean(IdempotencyVariables.LAMBDAKIT_IDEMPOTENCY_TABLE_CHECK, true);
        } catch (ConfigurationException e) {
            for (String problem : e.problems()) {
                problems.add(problem + " (or call DynamoDbIdempotencyStore.builder().tableCheck(..))");
            }
            return false;
        }
    }

    /** @return the setting that turns the table check off, for messages */
    static String tableCheckOffSetting() {
        return IdempotencyVariables.LAMBDAKIT_IDEMPOTENCY_TABLE_CHECK + "=false";
    }

    /** @return the setting that turns idempotency off, for messages */
    static String disabledSetting() {
        return IdempotencyVariables.POWERTOOLS_IDEMPOTENCY_DISABLED + "=true";
    }

    static IdempotencyConfig resolve(Environment env, boolean hasStore, String eventKeyJmesPath,
                                     String payloadValidationJmesPath, boolean throwOnNoIdempotencyKey,
                                     Duration expiration, boolean useLocalCache, int localCacheMaxItems,
                                     HashAlgorithm hashAlgorithm, String keyPrefix, Duration maxWaitForInProgress,
                                     Boolean enabled) {
        ConfigurationException.Problems problems = ConfigurationException.problems(IdempotencyEngine.COMPONENT);
        boolean on = enabled != null ? enabled : enabled(env, problems);
        problems.require(hasStore || !on, "no store was given; call store(DynamoDbIdempotencyStore.builder()"
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
                && !maxWaitForInProgress.isZero()), "maxWaitForInProgress was " + maxWaitForInProgress
                + " but it must be positive");
        String k = blankToNull(eventKeyJmesPath);
        String v = blankToNull(payloadValidationJmesPath);
        checkExpressions(problems, k, v);
        problems.throwIfAny();
        return new IdempotencyConfig(Optional.ofNullable(k), Optional.ofNullable(v), throwOnNoIdempotencyKey,
                expiration, useLocalCache, localCacheMaxItems, hashAlgorithm, Optional.ofNullable(prefix),
                Optional.ofNullable(maxWaitForInProgress), on);
    }

    /** @return {@code config} with other expressions, validated as the builder validates them */
    static IdempotencyConfig withJmesPaths(IdempotencyConfig config, String eventKeyJmesPath, String payloadValidationJmesPath) {
        String k = blankToNull(eventKeyJmesPath);
        String v = blankToNull(payloadValidationJmesPath);
        ConfigurationException.Problems problems = ConfigurationException.problems(IdempotencyEngine.COMPONENT);
        checkExpressions(problems, k, v);
        problems.throwIfAny();
        return new IdempotencyConfig(Optional.ofNullable(k), Optional.ofNullable(v), config.throwOnNoIdempotencyKey(),
                config.expiration(), config.useLocalCache(), config.localCacheMaxItems(), config.hashAlgorithm(),
                config.keyPrefix(), config.maxWaitForInProgress(), config.enabled());
    }

    /** Adds a problem for each expression (null: none) that does not compile, in the builder's words. */
    static void checkExpressions(ConfigurationException.Problems problems, String eventKeyJmesPath,
                                 String payloadValidationJmesPath) {
        checkExpression(problems, "eventKeyJmesPath", eventKeyJmesPath);
        checkExpression(problems, "payloadValidationJmesPath", payloadValidationJmesPath);
    }

    private static void checkExpression(ConfigurationException.Problems problems, String option, String expression) {
        if (expression != null) {
            String error = KeyCodec.checkExpression(expression);
            problems.require(error == null, option + " was '" + expression + "' but it must be a valid JMESPath"
                    + " expression (" + error + "); fix the expression");
        }
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
