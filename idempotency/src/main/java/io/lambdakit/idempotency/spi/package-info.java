/**
 * The extension point for persistence: implement {@link io.lambdakit.idempotency.spi.IdempotencyStore}
 * to keep idempotency records somewhere other than DynamoDB, and prove it with the contract suite
 * {@code io.lambdakit.testing.idempotency.IdempotencyStoreContract} shipped in lambdakit-testing.
 */
package io.lambdakit.idempotency.spi;
