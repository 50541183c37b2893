/**
 * Implementation of lambdakit-idempotency, not API: the engine both front doors call, key
 * derivation and hashing, response serialisation, the local record cache, the DynamoDB item
 * mapping and the {@code @Idempotent} aspect. Types here may change in any release.
 */
package io.lambdakit.idempotency.internal;
