package io.lambdakit.testing.idempotency;

import io.lambdakit.idempotency.IdempotencyRecord;
import io.lambdakit.idempotency.IdempotencyRecord.Status;
import io.lambdakit.idempotency.spi.ClaimResult;
import io.lambdakit.idempotency.spi.IdempotencyStore;
import io.lambdakit.idempotency.spi.WriteResult;
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
import static org.junit.jupiter.api.Assertions.assertThrows;
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
 *
 * <p>The fencing cases hold the store to the claim-token rules of {@link IdempotencyStore}: a
 * completion or deletion by a claim that was taken over (by a lambdakit claim with another token, or
 * by a writer that stores no token, as Powertools) changes nothing and reports the record that holds
 * the key; a live record comes back from a claim with its token, so a claimant recognises its own
 * claim after a lost response; and a retried completion of one's own claim is applied again.
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

    /** The claim token most tests use, shaped as the engine makes them. */
    protected static final String TOKEN = "8f14e45f-ceea-467f-a8f6-7e3c0b5d8a11:0123456789abcdef";

    private static IdempotencyRecord inProgress(String key) {
        return inProgress(key, TOKEN);
    }

    private static IdempotencyRecord inProgress(String key, String token) {
        return IdempotencyRecord.inProgress(key, NOW.plus(Duration.ofHours(1)), NOW.plusSeconds(30), "validation-hash")
                .withClaimToken(token);
    }

    private static IdempotencyRecord completed(String key, Instant expiration, String data) {
        return IdempotencyRecord.completed(key, expiration, data, "validation-hash").withClaimToken(TOKEN);
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
        IdempotencyRecord second = IdempotencyRecord.inProgress(first.key(), NOW.plus(Duration.ofHours(2)), NOW.plusSeconds(60), null)
                .withClaimToken("other-request:fedcba9876543210");

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
        IdempotencyRecord retake = IdempotencyRecord.inProgress(k, NOW.plusSeconds(4200), NOW.plusSeconds(630), null)
                .withClaimToken("retake");

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
        IdempotencyRecord retake = IdempotencyRecord.inProgress(k, NOW.plusSeconds(3700), NOW.plusSeconds(60), null)
                .withClaimToken("retake");

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
        IdempotencyRecord done = IdempotencyRecord.of(k, Status.COMPLETED, NOW.plusSeconds(3600), NOW.plusSeconds(30), "1", null, TOKEN);
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

        WriteResult deleted = store.delete(k, TOKEN);
        WriteResult absent = store.delete(key("never-written"), TOKEN);

        assertTrue(deleted.isApplied());
        assertTrue(absent.isApplied(), "deleting an absent key does nothing and is applied");
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
        store.delete(a + "b", TOKEN);
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
                data.toString(), "f".repeat(64), TOKEN);
        store.claim(inProgress(k), NOW);

        store.complete(record);

        IdempotencyRecord read = store.get(k).orElseThrow();
        assertEquals(record, read);
        assertEquals(NOW.plusSeconds(3600).getEpochSecond(), read.expiration().getEpochSecond());
    }

    // ---- fencing: completion and deletion are conditional on the claim token ----

    /** The record of a claim that took {@code k} over after {@link #inProgress(String)}'s deadline passed. */
    private IdempotencyRecord takeOver(String k, String token) {
        IdempotencyRecord takeover = IdempotencyRecord.inProgress(k, NOW.plusSeconds(3631), NOW.plusSeconds(61), "validation-hash")
                .withClaimToken(token);
        assertTrue(store.claim(takeover, NOW.plusSeconds(31)).isClaimed(), "an expired claim is taken over");
        return takeover;
    }

    @Test
    void claim_liveRecord_returnsItWithItsClaimToken() {
        IdempotencyRecord mine = inProgress(key("k"));
        store.claim(mine, NOW);

        ClaimResult retried = store.claim(mine, NOW.plusMillis(5));

        assertFalse(retried.isClaimed(), "a retried claim write finds the record its first attempt wrote");
        assertEquals(Optional.of(TOKEN), retried.existing().flatMap(IdempotencyRecord::claimToken),
                "the live record must come back with its claim token, so the claimant recognises its own claim");
        assertEquals(Optional.of(mine), store.get(mine.key()));
    }

    @Test
    void complete_afterTakeover_isFencedOut_andLeavesTheNewClaim() {
        String k = key("k");
        store.claim(inProgress(k), NOW);
        IdempotencyRecord takeover = takeOver(k, "taker:1111111111111111");

        WriteResult result = store.complete(completed(k, NOW.plusSeconds(3600), "\"stale\""));

        assertFalse(result.isApplied(), "a completion by a claim that was taken over must not be applied");
        assertEquals(Optional.of(takeover), result.current(), "the fenced-out write reports the record holding the key");
        assertEquals(Optional.of(takeover), store.get(k));
    }

    @Test
    void complete_afterTheNewOwnerCompleted_isFencedOut_andKeepsItsResult() {
        String k = key("k");
        store.claim(inProgress(k), NOW);
        takeOver(k, "taker:1111111111111111");
        IdempotencyRecord theirs = IdempotencyRecord.completed(k, NOW.plusSeconds(3640), "\"theirs\"", "validation-hash")
                .withClaimToken("taker:1111111111111111");
        assertTrue(store.complete(theirs).isApplied());

        WriteResult stale = store.complete(completed(k, NOW.plusSeconds(3650), "\"stale\""));

        assertFalse(stale.isApplied());
        assertEquals(Optional.of(theirs), store.get(k));
    }

    @Test
    void complete_retriedAfterItsFirstAttemptLanded_isAppliedAgain() {
        String k = key("k");
        store.claim(inProgress(k), NOW);
        IdempotencyRecord done = completed(k, NOW.plusSeconds(3600), "\"ok\"");
        assertTrue(store.complete(done).isApplied());

        WriteResult retried = store.complete(done);

        assertTrue(retried.isApplied(), "rewriting one's own COMPLETED record (a retried write) is applied");
        assertEquals(Optional.of(done), store.get(k));
    }

    @Test
    void complete_ofAClaimWhoseRecordIsGone_isFencedOut_andWritesNothing() {
        String k = key("k");
        store.claim(inProgress(k), NOW);
        assertTrue(store.delete(k, TOKEN).isApplied());

        WriteResult result = store.complete(completed(k, NOW.plusSeconds(3600), "\"late\""));

        assertFalse(result.isApplied(), "a completion must not recreate a record its claim no longer holds");
        assertEquals(Optional.empty(), result.current());
        assertEquals(Optional.empty(), store.get(k));
    }

    @Test
    void complete_overARecordWithoutAToken_isFencedOut() {
        String k = key("k");
        // As Powertools writes a claim it took over: no claim token.
        IdempotencyRecord powertools = IdempotencyRecord.inProgress(k, NOW.plusSeconds(3631), NOW.plusSeconds(61), null);
        store.claim(inProgress(k), NOW);
        assertTrue(store.claim(powertools, NOW.plusSeconds(31)).isClaimed());

        WriteResult result = store.complete(completed(k, NOW.plusSeconds(3600), "\"stale\""));

        assertFalse(result.isApplied(), "a claim another writer took over without a token is not ours either");
        assertEquals(Optional.of(powertools), store.get(k));
    }

    @Test
    void delete_afterTakeover_isFencedOut_andLeavesTheNewClaim() {
        String k = key("k");
        store.claim(inProgress(k), NOW);
        IdempotencyRecord takeover = takeOver(k, "taker:1111111111111111");

        WriteResult result = store.delete(k, TOKEN);

        assertFalse(result.isApplied(), "a deletion by a claim that was taken over must not be applied");
        assertEquals(Optional.of(takeover), result.current());
        assertEquals(Optional.of(takeover), store.get(k));
    }

    @Test
    void delete_ofAnotherClaimsCompletedRecord_isFencedOut() {
        String k = key("k");
        store.claim(inProgress(k), NOW);
        takeOver(k, "taker:1111111111111111");
        IdempotencyRecord theirs = IdempotencyRecord.completed(k, NOW.plusSeconds(3640), "\"theirs\"", "validation-hash")
                .withClaimToken("taker:1111111111111111");
        store.complete(theirs);

        WriteResult result = store.delete(k, TOKEN);

        assertFalse(result.isApplied());
        assertEquals(Optional.of(theirs), store.get(k));
    }

    @Test
    void completeAndDelete_withoutAToken_areRejected() {
        String k = key("k");
        store.claim(inProgress(k), NOW);
        IdempotencyRecord tokenless = IdempotencyRecord.completed(k, NOW.plusSeconds(3600), "1", null);

        assertThrows(IllegalArgumentException.class, () -> store.complete(tokenless));
        assertThrows(IllegalArgumentException.class, () -> store.delete(k, null));
        assertEquals(Optional.of(inProgress(k)), store.get(k), "a rejected completion or deletion writes nothing");
    }

    @Test
    void concurrentStaleAndLiveCompletions_onlyTheLiveClaimsResultIsStored() throws Exception {
        int keys = concurrentKeys();
        CyclicBarrier barrier = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < keys; i++) {
            String k = key("fence-" + i);
            names.add(k);
            store.claim(inProgress(k), NOW);
            takeOver(k, "taker-" + i);
        }
        try {
            Future<List<Boolean>> stale = pool.submit(() -> {
                List<Boolean> applied = new ArrayList<>();
                for (String k : names) {
                    barrier.await(30, TimeUnit.SECONDS);
                    applied.add(store.complete(completed(k, NOW.plusSeconds(3600), "\"stale\"")).isApplied());
                }
                return applied;
            });
            Future<List<Boolean>> live = pool.submit(() -> {
                List<Boolean> applied = new ArrayList<>();
                for (int i = 0; i < keys; i++) {
                    barrier.await(30, TimeUnit.SECONDS);
                    applied.add(store.complete(IdempotencyRecord.completed(names.get(i), NOW.plusSeconds(3640), "\"live\"",
                            "validation-hash").withClaimToken("taker-" + i)).isApplied());
                }
                return applied;
            });
            List<Boolean> staleApplied = stale.get(2, TimeUnit.MINUTES);
            List<Boolean> liveApplied = live.get(2, TimeUnit.MINUTES);
            for (int i = 0; i < keys; i++) {
                assertFalse(staleApplied.get(i), "the stale completion of " + names.get(i) + " must be fenced out");
                assertTrue(liveApplied.get(i), "the live completion of " + names.get(i) + " must be applied");
                assertEquals(Optional.of("\"live\""), store.get(names.get(i)).flatMap(IdempotencyRecord::responseData));
            }
        } finally {
            pool.shutdownNow();
        }
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
                                NOW.plusSeconds(30), "thread-" + thread).withClaimToken("token-" + thread);
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
