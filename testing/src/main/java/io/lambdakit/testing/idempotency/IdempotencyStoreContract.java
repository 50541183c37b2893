package io.lambdakit.testing.idempotency;

import io.lambdakit.idempotency.IdempotencyRecord;
import io.lambdakit.idempotency.IdempotencyRecord.Status;
import io.lambdakit.idempotency.spi.ClaimResult;
import io.lambdakit.idempotency.spi.IdempotencyStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract test suite for {@link IdempotencyStore} implementations. Extend it and return a new,
 * empty store (or one whose keys no other test uses) from {@link #createStore()}:
 *
 * <pre>{@code
 * class RedisIdempotencyStoreContractTest extends IdempotencyStoreContract {
 *     @Override
 *     protected IdempotencyStore createStore() {
 *         return new RedisIdempotencyStore(redis.client());
 *     }
 * }
 * }</pre>
 *
 * <p>Time is passed to the store explicitly ({@code now}), as the engine does, so no test waits.
 * Keys are random per test, so a shared table or server works too.
 */
public abstract class IdempotencyStoreContract {

    /** A fixed "now" with a sub-second part, to catch precision mistakes. */
    protected static final Instant NOW = Instant.parse("2026-11-22T10:00:00.250Z");

    private IdempotencyStore store;
    private String prefix;

    /** @return the store under test; called before every test */
    protected abstract IdempotencyStore createStore();

    /** @return how many threads race for one key in {@link #concurrentClaims_exactlyOneWinsEachKey()} (default 16) */
    protected int concurrentClaimants() {
        return 16;
    }

    /** @return how many keys the threads race for (default 25) */
    protected int concurrentKeys() {
        return 25;
    }

    /** @return the largest response the store must keep byte-exact (default 100,000 characters) */
    protected int largeResponseChars() {
        return 100_000;
    }

    @BeforeEach
    void createStoreUnderTest() {
        store = createStore();
        prefix = "contract." + UUID.randomUUID() + "#";
    }

    /** @return the store under test */
    protected final IdempotencyStore store() {
        return store;
    }

    /**
     * @param name a name unique within the test
     * @return a key no other test uses
     */
    protected final String key(String name) {
        return prefix + name;
    }

    private IdempotencyRecord inProgress(String key) {
        return IdempotencyRecord.inProgress(key, NOW.plus(Duration.ofHours(1)), NOW.plusSeconds(30), "validation-hash");
    }

    private static IdempotencyRecord completed(String key, Instant expiration, String data) {
        return IdempotencyRecord.completed(key, expiration, data, "validation-hash");
    }

    @Test
    void get_absentKey_isEmpty() {
        assertEquals(Optional.empty(), store.get(key("absent")));
    }

    @Test
    void claim_absentKey_claimsAndStoresTheRecordExactly() {
        IdempotencyRecord record = inProgress(key("k"));

        ClaimResult result = store.claim(record, NOW);

        assertTrue(result.isClaimed(), "a claim of an absent key must succeed");
        assertEquals(Optional.of(record), store.get(record.key()));
    }

    @Test
    void claim_liveInProgressRecord_returnsItUnchanged() {
        IdempotencyRecord first = inProgress(key("k"));
        store.claim(first, NOW);
        IdempotencyRecord second = IdempotencyRecord.inProgress(first.key(), NOW.plus(Duration.ofHours(2)), NOW.plusSeconds(60), null);

        ClaimResult result = store.claim(second, NOW.plusSeconds(29));

        assertFalse(result.isClaimed(), "a live INPROGRESS record must not be replaced");
        assertEquals(Optional.of(first), result.existing());
        assertEquals(Optional.of(first), store.get(first.key()));
    }

    @Test
    void claim_liveCompletedRecord_returnsItWithItsResponse() {
        String k = key("k");
        store.claim(inProgress(k), NOW);
        IdempotencyRecord done = completed(k, NOW.plusSeconds(600), "{\"ok\":true}");
        store.complete(done);

        ClaimResult result = store.claim(inProgress(k), NOW.plusSeconds(599));

        assertFalse(result.isClaimed());
        assertEquals(Optional.of(done), result.existing());
    }

    @Test
    void claim_recordAtItsExpirySecond_isNotReplaced_oneSecondLaterItIs() {
        String k = key("k");
        store.claim(inProgress(k), NOW);
        store.complete(completed(k, NOW.plusSeconds(600), "1"));
        IdempotencyRecord retake = IdempotencyRecord.inProgress(k, NOW.plusSeconds(4200), NOW.plusSeconds(630), null);

        ClaimResult atExpiry = store.claim(retake, NOW.plusSeconds(600));
        ClaimResult afterExpiry = store.claim(retake, NOW.plusSeconds(601));

        assertFalse(atExpiry.isClaimed(), "expiry is exclusive: expiration < now (in seconds) replaces");
        assertTrue(afterExpiry.isClaimed(), "an expired record must be replaced");
        assertEquals(Optional.of(retake), store.get(k));
    }

    @Test
    void claim_inProgressRecordPastItsDeadline_isReplaced() {
        String k = key("k");
        store.claim(inProgress(k), NOW);
        IdempotencyRecord retake = IdempotencyRecord.inProgress(k, NOW.plusSeconds(3700), NOW.plusSeconds(60), null);

        ClaimResult atDeadline = store.claim(retake, NOW.plusSeconds(30));
        ClaimResult pastDeadline = store.claim(retake, NOW.plusSeconds(30).plusMillis(1));

        assertFalse(atDeadline.isClaimed(), "the in-progress deadline is exclusive, to the millisecond");
        assertTrue(pastDeadline.isClaimed(), "an INPROGRESS record whose invocation timed out must be replaced");
        assertEquals(Optional.of(retake), store.get(k));
    }

    @Test
    void claim_completedRecordPastAnInProgressDeadline_isNotReplaced() {
        String k = key("k");
        // As Powertools' update leaves it: COMPLETED, with the old in_progress_expiration still set.
        IdempotencyRecord done = IdempotencyRecord.of(k, Status.COMPLETED, NOW.plusSeconds(3600), NOW.plusSeconds(30), "1", null);
        store.claim(inProgress(k), NOW);
        store.complete(done);

        ClaimResult result = store.claim(inProgress(k), NOW.plusSeconds(31));

        assertFalse(result.isClaimed(), "only INPROGRESS records are retaken at their in-progress deadline");
        assertEquals(Optional.of(done), result.existing());
    }

    @Test
    void claim_inProgressRecordWithoutDeadline_blocksUntilItExpires() {
        String k = key("k");
        IdempotencyRecord legacy = IdempotencyRecord.of(k, Status.INPROGRESS, NOW.plusSeconds(60), null, null, null);
        store.claim(legacy, NOW);

        assertFalse(store.claim(inProgress(k), NOW.plusSeconds(60)).isClaimed());
        assertTrue(store.claim(inProgress(k), NOW.plusSeconds(61)).isClaimed());
    }

    @Test
    void complete_replacesTheInProgressRecord() {
        String k = key("k");
        store.claim(inProgress(k), NOW);
        IdempotencyRecord done = completed(k, NOW.plusSeconds(3600), "\"result\"");

        store.complete(done);

        assertEquals(Optional.of(done), store.get(k));
        assertEquals(Optional.empty(), store.get(k).orElseThrow().inProgressExpiration());
    }

    @Test
    void delete_removesTheRecord_andAbsentKeysAreIgnored() {
        String k = key("k");
        store.claim(inProgress(k), NOW);

        store.delete(k);
        store.delete(key("never-written"));

        assertEquals(Optional.empty(), store.get(k));
        assertTrue(store.claim(inProgress(k), NOW).isClaimed(), "a deleted key can be claimed again");
    }

    @Test
    void keys_areIndependent_evenWhenTheyShareAPrefix() {
        String a = key("a");
        store.claim(inProgress(a), NOW);

        assertTrue(store.claim(inProgress(a + "b"), NOW).isClaimed());
        assertTrue(store.claim(inProgress(key("A")), NOW).isClaimed(), "keys are case-sensitive");
        assertTrue(store.claim(inProgress(key("tenant:x#a")), NOW).isClaimed());
        store.delete(a + "b");
        assertTrue(store.get(a).isPresent());
    }

    @Test
    void records_roundTripEveryFieldExactly() {
        String k = key("tenant:t%23 1#0123456789abcdef");
        StringBuilder data = new StringBuilder("{\"text\":\"");
        while (data.length() < largeResponseChars()) {
            data.append("Zoë 😀 \\\" \\u0000 \u2028 ");
        }
        data.append("\"}");
        IdempotencyRecord record = IdempotencyRecord.of(k, Status.COMPLETED, NOW.plusSeconds(3600), NOW.plusMillis(12_345),
                data.toString(), "f".repeat(64));
        store.claim(inProgress(k), NOW);

        store.complete(record);

        IdempotencyRecord read = store.get(k).orElseThrow();
        assertEquals(record, read);
        assertEquals(NOW.plusSeconds(3600).getEpochSecond(), read.expiration().getEpochSecond());
    }

    @Test
    void concurrentClaims_exactlyOneWinsEachKey() throws Exception {
        int threads = concurrentClaimants();
        int keys = concurrentKeys();
        CyclicBarrier barrier = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < keys; i++) {
            names.add(key("race-" + i));
        }
        try {
            List<Future<List<String>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    List<String> outcomes = new ArrayList<>();
                    for (String name : names) {
                        barrier.await(30, TimeUnit.SECONDS);
                        IdempotencyRecord mine = IdempotencyRecord.inProgress(name, NOW.plusSeconds(3600),
                                NOW.plusSeconds(30), "thread-" + thread);
                        ClaimResult result = store.claim(mine, NOW);
                        outcomes.add(result.isClaimed() ? "won"
                                : result.existing().flatMap(IdempotencyRecord::validationHash).orElse("lost without the record"));
                    }
                    return outcomes;
                }));
            }
            List<List<String>> all = new ArrayList<>();
            for (Future<List<String>> f : futures) {
                all.add(f.get(2, TimeUnit.MINUTES));
            }
            for (int i = 0; i < keys; i++) {
                String winner = store.get(names.get(i)).orElseThrow().validationHash().orElseThrow();
                int wins = 0;
                for (int t = 0; t < threads; t++) {
                    String outcome = all.get(t).get(i);
                    if (outcome.equals("won")) {
                        wins++;
                        assertEquals("thread-" + t, winner, "the stored record must be the winner's");
                    } else {
                        assertEquals(winner, outcome, "a lost claim must return the winner's record");
                    }
                }
                assertEquals(1, wins, "exactly one of " + threads + " concurrent claims of " + names.get(i) + " must win");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
