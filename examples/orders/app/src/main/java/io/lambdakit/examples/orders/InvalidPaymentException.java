package io.lambdakit.examples.orders;

/** A payment confirmation that can never be applied: wrong fields, unknown order, wrong amount, already paid. */
public final class InvalidPaymentException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong
     */
    public InvalidPaymentException(String message) {
        super(message);
    }
}
