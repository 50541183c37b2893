package io.lambdakit.idempotency.spi;

import io.lambdakit.idempotency.IdempotencyRecord;

import java.util.Optional;

/**
 * What a fenced write ({@link IdempotencyStore#complete} or {@link IdempotencyStore#delete}) did:
 * either it was applied, or the stored record no longer carried the caller's claim token (another
 * invocation took the key over after the caller's claim expired, or the record is gone) and nothing
 * was written; the record found instead, if any, is returned so the engine can report who holds
 * the key.
 */
public final class WriteResult {

    private static final WriteResult APPLIED = new WriteResult(false, null);
    private static final WriteResult FENCED_OUT_NO_RECORD = new WriteResult(true, null);

    private final boolean fencedOut;
    private final IdempotencyRecord current;

    private WriteResult(boolean fencedOut, IdempotencyRecord current) {
        this.fencedOut = fencedOut;
        this.current = current;
    }

    /** @return the result of a write that was applied (for a delete: also when there was nothing to delete) */
    public static WriteResult applied() {
        return APPLIED;
    }

    /**
     * @param current the record that holds the key instead of the caller's, or null when none is stored
     * @return the result of a write that was refused because the caller no longer holds the key
     */
    public static WriteResult fencedOut(IdempotencyRecord current) {
        return current == null ? FENCED_OUT_NO_RECORD : new WriteResult(true, current);
    }

    /** @return true when the write was applied */
    public boolean isApplied() {
        return !fencedOut;
    }

    /** @return the record that holds the key instead, when the write was fenced out and one is stored */
    public Optional<IdempotencyRecord> current() {
        return Optional.ofNullable(current);
    }

    @Override
    public String toString() {
        return !fencedOut ? "WriteResult[applied]" : "WriteResult[fencedOut, current=" + current + "]";
    }
}
