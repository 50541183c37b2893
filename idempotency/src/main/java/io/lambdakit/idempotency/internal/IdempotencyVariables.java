package io.lambdakit.idempotency.internal;

/**
 * The environment variables lambdakit-idempotency reads; each constant is the variable's name.
 * Only {@link IdempotencyEngineConfig} reads them (docs/configuration.md lists them with their defaults).
 */
final class IdempotencyVariables {

    /**
     * {@code true} turns idempotency off on every path (plain API and annotation) and the DynamoDB
     * store builds no client; {@code true}/{@code false} in any case, default {@code false}.
     */
    static final String POWERTOOLS_IDEMPOTENCY_DISABLED = "POWERTOOLS_IDEMPOTENCY_DISABLED";

    /**
     * {@code false} skips the DynamoDB store's table check at init (one {@code DescribeTable} and one
     * {@code DescribeTimeToLive} on a background thread); {@code true}/{@code false} in any case, default {@code true}.
     */
    static final String LAMBDAKIT_IDEMPOTENCY_TABLE_CHECK = "LAMBDAKIT_IDEMPOTENCY_TABLE_CHECK";

    private IdempotencyVariables() {
    }
}
