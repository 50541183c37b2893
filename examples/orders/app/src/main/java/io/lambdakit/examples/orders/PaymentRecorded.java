package io.lambdakit.examples.orders;

/**
 * The result of recording a payment, stored for replays of the same {@code paymentId}.
 *
 * @param orderId   the order, now {@code PAID}
 * @param paymentId the payment
 * @param paidAt    ISO-8601 instant the order was marked paid
 */
public record PaymentRecorded(String orderId, String paymentId, String paidAt) {
}
