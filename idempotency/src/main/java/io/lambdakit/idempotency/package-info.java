/**
 * Exactly-once results for Lambda handlers and methods: {@link io.lambdakit.idempotency.Idempotency}
 * (the plain API) and {@link io.lambdakit.idempotency.Idempotent} (the annotation, woven by AspectJ)
 * run a body at most once per idempotency key and replay its stored result for repeated events,
 * using a store such as {@link io.lambdakit.idempotency.DynamoDbIdempotencyStore} (schema compatible
 * with Powertools for AWS Lambda) or {@link io.lambdakit.idempotency.InMemoryIdempotencyStore} for
 * unit tests. Failures of idempotency itself are semantics and surface as subclasses of
 * {@link io.lambdakit.idempotency.IdempotencyException}; the body's own exceptions propagate unchanged.
 */
package io.lambdakit.idempotency;
