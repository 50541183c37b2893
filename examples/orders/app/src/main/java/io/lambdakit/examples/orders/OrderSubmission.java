package io.lambdakit.examples.orders;

/**
 * The payload of CreateOrder's idempotent step: the client's {@code Idempotency-Key} header (null
 * when it sent none) and the validated order. The key is the header when present, else the order
 * itself; a key reused with another order is rejected.
 *
 * @param idempotencyKey the header's value, or null
 * @param order          the order
 */
public record OrderSubmission(String idempotencyKey, OrderRequest order) {
}
