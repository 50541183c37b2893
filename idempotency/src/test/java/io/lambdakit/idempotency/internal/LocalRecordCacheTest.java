package io.lambdakit.idempotency.internal;

import io.lambdakit.idempotency.IdempotencyRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class LocalRecordCacheTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    private static IdempotencyRecord completed(String key) {
        return IdempotencyRecord.completed(key, NOW.plusSeconds(60), "\"" + key + "\"", null);
    }

    @Test
    void beyondMaxItems_evictsLeastRecentlyUsed() {
        LocalRecordCache cache = new LocalRecordCache(2);
        cache.put(completed("a"));
        cache.put(completed("b"));
        cache.get("a", NOW);

        cache.put(completed("c"));

        assertThat(cache.get("a", NOW)).isNotNull();
        assertThat(cache.get("b", NOW)).isNull();
        assertThat(cache.get("c", NOW)).isNotNull();
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void expiredRecord_isDroppedOnRead() {
        LocalRecordCache cache = new LocalRecordCache(10);
        cache.put(completed("a"));

        assertThat(cache.get("a", NOW.plusSeconds(60))).isNotNull();
        assertThat(cache.get("a", NOW.plusSeconds(61))).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void inProgressRecords_areNeverCached() {
        LocalRecordCache cache = new LocalRecordCache(10);

        cache.put(IdempotencyRecord.inProgress("a", NOW.plusSeconds(60), NOW.plusSeconds(5), null));

        assertThat(cache.get("a", NOW)).isNull();
    }

    @Test
    void concurrentPutsAndGets_stayBoundedAndConsistent() throws Exception {
        LocalRecordCache cache = new LocalRecordCache(64);
        int threads = 8;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                futures.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    int wrong = 0;
                    for (int i = 0; i < 5_000; i++) {
                        String key = "k" + ((i * 31 + id) % 200);
                        cache.put(completed(key));
                        IdempotencyRecord r = cache.get(key, NOW);
                        if (r != null && !r.key().equals(key)) {
                            wrong++;
                        }
                        if (i % 97 == 0) {
                            cache.remove(key);
                        }
                    }
                    return wrong;
                }));
            }
            for (Future<Integer> f : futures) {
                assertThat(f.get(30, TimeUnit.SECONDS)).isZero();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(cache.size()).isBetween(1, 64);
    }
}
