package io.lambdakit.examples.orders;

/**
 * What CreateOrder answers with 201, and what the idempotency table stores for the replays.
 *
 * @param orderId    the new order's id
 * @param status     {@code CREATED}
 * @param customerId the customer
 * @param currency   ISO 4217 code
 * @param totalCents the order's total
 * @param createdAt  ISO-8601 instant
 * @param paymentUrl where the customer pays: the provider's checkout page with a signed query
 */
public record OrderCreated(String orderId, String status, String customerId, String currency, long totalCents,
                           String createdAt, String paymentUrl) {
}
