package io.lambdakit.idempotency;

import java.util.Optional;

/**
 * The body ran, but its invocation no longer held the idempotency key when it came to store the
 * result: the claim's deadline ({@code in_progress_expiration}) had passed and another invocation
 * took the key over (or the record was removed). The result was therefore <em>not</em> stored:
 * writing it would have overwritten the record of the invocation that now holds the key. The body's
 * side effects did happen, and may happen once more in the invocation that took over; a retry
 * replays that invocation's result once it completes.
 *
 * <p>Thrown by {@link Idempotency#execute} (and {@link Idempotent} methods) instead of returning the
 * result. When the body failed instead, the body's exception propagates unchanged and this
 * exception is added to it as suppressed (its fenced-out deletion left the other invocation's
 * record in place). Either way the engine logs it once, at WARN, with the key.
 */
public final class IdempotencyClaimLostException extends IdempotencyException {

    private static final long serialVersionUID = 1L;

    private final String key;
    private final String claimToken;
    private final String heldBy;

    /**
     * @param key        the idempotency key
     * @param claimToken the token of the claim this invocation lost
     * @param heldBy     the claim token of the record that holds the key now, or null when none does (or it has none)
     * @param message    what happened and what it means for retries
     */
    public IdempotencyClaimLostException(String key, String claimToken, String heldBy, String message) {
        super(message);
        this.key = key;
        this.claimToken = claimToken;
        this.heldBy = heldBy;
    }

    /** @return the idempotency key */
    public String key() {
        return key;
    }

    /** @return the token of the claim this invocation lost ({@code <request id>:<suffix>}) */
    public String claimToken() {
        return claimToken;
    }

    /** @return the claim token of the record that holds the key now; empty when no record does, or it has no token */
    public Optional<String> heldBy() {
        return Optional.ofNullable(heldBy);
    }

    /** @return always true: the body ran in this invocation */
    public boolean bodyExecuted() {
        return true;
    }
}
