package io.lambdakit.idempotency.internal;

import io.lambdakit.idempotency.IdempotencyRecord;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded, thread-safe LRU cache of {@code COMPLETED} records in front of the store, per
 * execution environment. Expired records are dropped when read. One lock guards the map: entries
 * are few (hundreds) and the critical sections are a hash lookup, so contention stays negligible
 * even with Lambda Managed Instances' concurrent invocations.
 */
final class LocalRecordCache {

    private final int maxItems;
    private final LinkedHashMap<String, IdempotencyRecord> entries;

    /**
     * @param maxItems the most records kept; the least recently used one is evicted beyond it
     */
    public LocalRecordCache(int maxItems) {
        this.maxItems = maxItems;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, IdempotencyRecord> eldest) {
                return size() > LocalRecordCache.this.maxItems;
            }
        };
    }

    /**
     * @param key the idempotency key
     * @param now the current time
     * @return the cached completed record, or null when absent or expired (then it is dropped)
     */
    public IdempotencyRecord get(String key, Instant now) {
        synchronized (entries) {
            IdempotencyRecord r = entries.get(key);
            if (r != null && r.isExpired(now)) {
                entries.remove(key);
                return null;
            }
            return r;
        }
    }

    /**
     * @param record a record; only {@code COMPLETED} ones are kept
     */
    public void put(IdempotencyRecord record) {
        if (record.status() != IdempotencyRecord.Status.COMPLETED) {
            return;
        }
        synchronized (entries) {
            entries.put(record.key(), record);
        }
    }

    /**
     * @param key the idempotency key to forget
     */
    public void remove(String key) {
        synchronized (entries) {
            entries.remove(key);
        }
    }

    /** Forgets everything, e.g. after a SnapStart restore. */
    public void clear() {
        synchronized (entries) {
            entries.clear();
        }
    }

    /** @return the number of cached records */
    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }
}
