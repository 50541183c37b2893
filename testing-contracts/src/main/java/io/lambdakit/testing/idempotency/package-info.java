/**
 * The contract every {@link io.lambdakit.idempotency.spi.IdempotencyStore} must honour, as an
 * abstract JUnit 5 test class: extend {@link io.lambdakit.testing.idempotency.IdempotencyStoreContract},
 * return a fresh store, and the suite proves atomic claims, the replaceability rules of the
 * Powertools schema, completion, deletion, fencing by the claim token (a completion or deletion by a
 * claim that was taken over changes nothing), exact round trips and concurrent claims. Needs
 * lambdakit-idempotency on the test classpath (this module declares it optional).
 */
package io.lambdakit.testing.idempotency;
