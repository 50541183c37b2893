package io.lambdakit.idempotency.spi;

import io.lambdakit.idempotency.IdempotencyRecord;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link IdempotencyStore#claim} did: either it wrote the caller's {@code INPROGRESS} record
 * (the caller now owns the key and runs the body), or a live record already held the key and was
 * left unchanged; that record is returned so the engine needs no extra read.
 */
public final class ClaimResult {

    private static final ClaimResult CLAIMED = new ClaimResult(null);

    private final IdempotencyRecord existing;

    private ClaimResult(IdempotencyRecord existing) {
        this.existing = existing;
    }

    /** @return the result of a successful claim */
    public static ClaimResult claimed() {
        return CLAIMED;
    }

    /**
     * @param existing the live record that holds the key
     * @return the result of a claim that lost to {@code existing}
     */
    public static ClaimResult alreadyExists(IdempotencyRecord existing) {
        return new ClaimResult(Objects.requireNonNull(existing, "existing"));
    }

    /** @return true when the caller's record was written */
    public boolean isClaimed() {
        return existing == null;
    }

    /** @return the record that holds the key, when the claim lost */
    public Optional<IdempotencyRecord> existing() {
        return Optional.ofNullable(existing);
    }

    @Override
    public String toString() {
        return existing == null ? "ClaimResult[claimed]" : "ClaimResult[alreadyExists=" + existing + "]";
    }
}
