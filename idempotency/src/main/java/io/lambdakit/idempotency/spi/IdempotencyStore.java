package io.lambdakit.idempotency.spi;

import io.lambdakit.idempotency.IdempotencyRecord;

import java.time.Instant;
import java.util.Optional;

/**
 * Where idempotency records live. Implementations must be thread-safe; {@link #claim} must be
 * atomic (a conditional write, a compare-and-set), because it is what guarantees that concurrent
 * duplicates run a body once. Any failure is reported by throwing; the engine turns it into an
 * {@code IdempotencyPersistenceException} that names the operation and the key. Run the contract
 * suite {@code io.lambdakit.testing.idempotency.IdempotencyStoreContract} against every implementation.
 */
public interface IdempotencyStore {

    /**
     * Atomically writes {@code record} (an {@code INPROGRESS} record) unless a record for its key
     * exists that is not {@linkplain IdempotencyRecord#isReplaceableAt(Instant) replaceable at}
     * {@code now}. Exactly one of many concurrent claims of an absent key succeeds.
     *
     * @param record the {@code INPROGRESS} record to write
     * @param now    the current time, by the engine's clock; the replaceability test uses it, not the store's clock
     * @return {@link ClaimResult#claimed()}, or {@link ClaimResult#alreadyExists(IdempotencyRecord)} with the
     *         live record, unchanged
     */
    ClaimResult claim(IdempotencyRecord record, Instant now);

    /**
     * Stores the {@code COMPLETED} record of a claim this caller won, replacing its {@code INPROGRESS}
     * record, in one write.
     *
     * @param record the completed record
     */
    void complete(IdempotencyRecord record);

    /**
     * Deletes the record for {@code key} after the body failed, so that a retry can run. Deleting an
     * absent key does nothing.
     *
     * @param key the full idempotency key
     */
    void delete(String key);

    /**
     * Reads the record for {@code key} with strong consistency (used while waiting for an in-flight
     * duplicate). Expired records are returned as stored; the caller decides.
     *
     * @param key the full idempotency key
     * @return the record, if one is stored
     */
    Optional<IdempotencyRecord> get(String key);
}
