package io.lambdakit.idempotency;

import io.lambdakit.idempotency.spi.ClaimResult;
import io.lambdakit.idempotency.spi.IdempotencyStore;
import io.lambdakit.idempotency.spi.WriteResult;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An {@link IdempotencyStore} in a {@link ConcurrentHashMap}, for unit tests of idempotent
 * handlers (no DynamoDB needed) and for single-environment tools. It keeps records in this JVM
 * only, so it does not protect against duplicates delivered to different Lambda execution
 * environments: use {@link DynamoDbIdempotencyStore} in functions. Claims, and completions and
 * deletions fenced by the claim token, are atomic; it passes the store contract suite.
 */
public final class InMemoryIdempotencyStore implements IdempotencyStore {

    private final ConcurrentHashMap<String, IdempotencyRecord> records = new ConcurrentHashMap<>();

    private InMemoryIdempotencyStore() {
    }

    /** @return an empty store */
    public static InMemoryIdempotencyStore create() {
        return new InMemoryIdempotencyStore();
    }

    @Override
    public ClaimResult claim(IdempotencyRecord record, Instant now) {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(now, "now");
        IdempotencyRecord[] lostTo = new IdempotencyRecord[1];
        records.compute(record.key(), (k, old) -> {
            if (old == null || old.isReplaceableAt(now)) {
                return record;
            }
            lostTo[0] = old;
            return old;
        });
        return lostTo[0] == null ? ClaimResult.claimed() : ClaimResult.alreadyExists(lostTo[0]);
    }

    @Override
    public WriteResult complete(IdempotencyRecord record) {
        Objects.requireNonNull(record, "record");
        String token = IdempotencyRecord.requireClaimToken(record.claimToken().orElse(null), record.key());
        IdempotencyRecord[] fencedBy = new IdempotencyRecord[1];
        boolean[] fenced = new boolean[1];
        records.compute(record.key(), (k, old) -> {
            if (old != null && token.equals(old.claimToken().orElse(null))) {
                return record;
            }
            fenced[0] = true;
            fencedBy[0] = old;
            return old;
        });
        return fenced[0] ? WriteResult.fencedOut(fencedBy[0]) : WriteResult.applied();
    }

    @Override
    public WriteResult delete(String key, String claimToken) {
        Objects.requireNonNull(key, "key");
        String token = IdempotencyRecord.requireClaimToken(claimToken, key);
        IdempotencyRecord[] fencedBy = new IdempotencyRecord[1];
        records.computeIfPresent(key, (k, old) -> {
            if (token.equals(old.claimToken().orElse(null))) {
                return null;
            }
            fencedBy[0] = old;
            return old;
        });
        return fencedBy[0] != null ? WriteResult.fencedOut(fencedBy[0]) : WriteResult.applied();
    }

    @Override
    public Optional<IdempotencyRecord> get(String key) {
        return Optional.ofNullable(records.get(key));
    }

    /** @return a sorted snapshot of every stored record, by key (for assertions) */
    public SortedMap<String, IdempotencyRecord> records() {
        return new TreeMap<>(records);
    }

    /** Removes every record. */
    public void clear() {
        records.clear();
    }
}
