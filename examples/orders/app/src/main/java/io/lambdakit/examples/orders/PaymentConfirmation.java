package io.lambdakit.examples.orders;

/**
 * A message on the payments queue: the payment provider confirms that an order was paid
 * ({@code {"orderId":"..","paymentId":"pay-1","amountCents":2500}}).
 *
 * @param orderId     the order
 * @param paymentId   the provider's payment id: the idempotency key, since providers redeliver
 * @param amountCents what was paid, which must equal the order's total
 */
public record PaymentConfirmation(String orderId, String paymentId, long amountCents) {

    /**
     * @throws InvalidPaymentException when a field is missing or out of range
     */
    public void validate() {
        if (orderId == null || orderId.isBlank() || paymentId == null || paymentId.isBlank() || amountCents <= 0) {
            throw new InvalidPaymentException("a payment confirmation needs orderId, paymentId and a positive amountCents;"
                    + " got orderId=" + orderId + ", paymentId=" + paymentId + ", amountCents=" + amountCents);
        }
    }
}
