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
 *
 * <p><b>Fencing.</b> Every claim carries a token unique to it ({@link IdempotencyRecord#claimToken()}),
 * which the store keeps with the record. {@link #complete} and {@link #delete} are conditional on it,
 * atomically: they apply only while the stored record carries the caller's token, and otherwise
 * change nothing and return {@link WriteResult#fencedOut(IdempotencyRecord)}. That is what stops a
 * body that outlived its claim (its deadline passed and another invocation took the key over) from
 * deleting or overwriting the new claim's record. {@link #claim} returns a live record as stored,
 * token included, so that a claimant whose write landed but whose response was lost (the client
 * retried, and the retry's condition failed on the claimant's own record) recognises its own claim.
 *
 * <p>Migrating a store written against an earlier snapshot: {@code complete(IdempotencyRecord)} and
 * {@code delete(String)} were unconditional and returned nothing; keep the record's claim token,
 * make both conditional on it and return a {@link WriteResult}, and run the contract suite, which
 * holds every store to the fencing rules.
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
     *         live record, unchanged and with its claim token (when that is the caller's own token, the
     *         caller's earlier attempt of this very claim landed, and the engine proceeds as claimed)
     */
    ClaimResult claim(IdempotencyRecord record, Instant now);

    /**
     * Stores the {@code COMPLETED} record of a claim this caller won, replacing its {@code INPROGRESS}
     * record in one atomic write, if and only if the stored record carries {@code record}'s claim
     * token. Rewriting a {@code COMPLETED} record that carries the same token is applied too (a
     * retried write whose first attempt landed).
     *
     * @param record the completed record, carrying the claim's token
     * @return {@link WriteResult#applied()}, or {@link WriteResult#fencedOut(IdempotencyRecord)} with the
     *         record stored instead (null when none is), unchanged
     * @throws IllegalArgumentException when {@code record} has no claim token
     */
    WriteResult complete(IdempotencyRecord record);

    /**
     * Deletes the record for {@code key} after the body failed, so that a retry can run, if and only
     * if the stored record carries {@code claimToken}, in one atomic operation. Deleting an absent key
     * does nothing and is applied.
     *
     * @param key        the full idempotency key
     * @param claimToken the token of the caller's claim
     * @return {@link WriteResult#applied()}, or {@link WriteResult#fencedOut(IdempotencyRecord)} with the
     *         record that holds the key instead, unchanged
     */
    WriteResult delete(String key, String claimToken);

    /**
     * Reads the record for {@code key} with strong consistency (used while waiting for an in-flight
     * duplicate). Expired records are returned as stored; the caller decides.
     *
     * @param key the full idempotency key
     * @return the record, if one is stored
     */
    Optional<IdempotencyRecord> get(String key);
}
