package io.lambdakit.secrets.internal;

import io.lambdakit.core.spi.Diagnostics;
import io.lambdakit.secrets.RawValue;
import io.lambdakit.secrets.SecretNotFoundException;
import io.lambdakit.secrets.SecretTransformationException;
import io.lambdakit.secrets.SecretUnavailableException;
import io.lambdakit.secrets.SecretsException;
import io.lambdakit.secrets.Transformation;
import io.lambdakit.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CacheEngineTest {

    private static final long MAX_AGE = 5_000;
    private static final RawKey DB = new RawKey(RawKey.Kind.SECRET, "db", null, false);
    private static final ValueKey DB_TEXT = new ValueKey(DB, "text");

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final AtomicInteger fetches = new AtomicInteger();
    private final AtomicReference<String> stored = new AtomicReference<>("v1");

    private final CacheEngine.Loader loader = () -> {
        fetches.incrementAndGet();
        return RawValue.ofText(stored.get(), null);
    };

    private final List<String> diagnostics = new CopyOnWriteArrayList<>();

    private CacheEngine engine(long maxStalenessMillis) {
        return new CacheEngine(clock, maxStalenessMillis, Diagnostics.create("io.lambdakit.secrets", "test", clock, diagnostics::add));
    }

    private static Object text(Object raw) {
        return ((RawValue) raw).text().orElseThrow();
    }

    private Object get(CacheEngine engine) {
        return engine.get(DB_TEXT, MAX_AGE, false, loader, CacheEngineTest::text);
    }

    @Test
    void secondRead_withinMaxAge_isServedFromCache() {
        CacheEngine engine = engine(0);
        get(engine);
        clock.advance(Duration.ofMillis(MAX_AGE - 1));

        Object value = get(engine);

        assertThat(value).isEqualTo("v1");
        assertThat(fetches).hasValue(1);
    }

    @Test
    void read_atMaxAge_fetchesAgainAndSeesTheNewValue() {
        CacheEngine engine = engine(0);
        get(engine);
        stored.set("v2");
        clock.advance(Duration.ofMillis(MAX_AGE));

        Object value = get(engine);

        assertThat(value).isEqualTo("v2");
        assertThat(fetches).hasValue(2);
    }

    @Test
    void forcedRead_withinMaxAge_fetchesAndCachesTheNewValue() {
        CacheEngine engine = engine(0);
        get(engine);
        stored.set("v2");

        Object forced = engine.get(DB_TEXT, MAX_AGE, true, loader, CacheEngineTest::text);
        Object next = get(engine);

        assertThat(forced).isEqualTo("v2");
        assertThat(next).isEqualTo("v2");
        assertThat(fetches).hasValue(2);
    }

    @Test
    void maxAgeZero_fetchesOnEveryRead() {
        CacheEngine engine = engine(0);

        engine.get(DB_TEXT, 0, false, loader, CacheEngineTest::text);
        engine.get(DB_TEXT, 0, false, loader, CacheEngineTest::text);

        assertThat(fetches).hasValue(2);
    }

    @Test
    void twoTransformationsOfOneValue_shareOneFetch_andEachGetsItsOwnType() {
        CacheEngine engine = engine(0);
        stored.set("{\"port\":5432}");
        Transformation<Map<String, Object>> json = Transformation.jsonMap();

        Object asText = get(engine);
        Object asMap = engine.get(new ValueKey(DB, json.name()), MAX_AGE, false, loader,
                raw -> applied(json, raw));
        Object asTextAgain = get(engine);

        assertThat(asText).isEqualTo("{\"port\":5432}");
        assertThat(asMap).isEqualTo(Map.of("port", 5432));
        assertThat(asTextAgain).isInstanceOf(String.class);
        assertThat(fetches).hasValue(1);
    }

    @Test
    void decryptionFlag_isPartOfTheKey() {
        CacheEngine engine = engine(0);
        RawKey plain = new RawKey(RawKey.Kind.PARAMETER, "/p", null, false);
        RawKey decrypted = new RawKey(RawKey.Kind.PARAMETER, "/p", null, true);

        engine.get(new ValueKey(plain, "text"), MAX_AGE, false, () -> RawValue.ofText("ciphertext", null), CacheEngineTest::text);
        Object value = engine.get(new ValueKey(decrypted, "text"), MAX_AGE, false, () -> RawValue.ofText("plain", null),
                CacheEngineTest::text);

        assertThat(value).isEqualTo("plain");
    }

    @Test
    void failedTransformation_isNotCached_butTheFetchIs() {
        CacheEngine engine = engine(0);
        stored.set("not json");
        Transformation<Map<String, Object>> json = Transformation.jsonMap();
        ValueKey key = new ValueKey(DB, json.name());
        CacheEngine.Decoder decoder = raw -> applied(json, raw);

        assertThatThrownBy(() -> engine.get(key, MAX_AGE, false, loader, decoder)).isInstanceOf(SecretsException.class);
        assertThatThrownBy(() -> engine.get(key, MAX_AGE, false, loader, decoder)).isInstanceOf(SecretsException.class);

        assertThat(fetches).hasValue(1);
    }

    @Test
    void concurrentReadsOfOneExpiredKey_makeExactlyOneFetch_overManyRounds() throws Exception {
        CacheEngine engine = engine(0);
        int threads = 32;
        int rounds = 200;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 1; round <= rounds; round++) {
                stored.set("v" + round);
                clock.advance(Duration.ofMillis(MAX_AGE));
                CyclicBarrier start = new CyclicBarrier(threads);
                CountDownLatch allEntered = new CountDownLatch(threads);
                // the fetch lasts until every reader has entered get(..), so they all overlap with it
                CacheEngine.Loader slow = () -> {
                    try {
                        allEntered.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return loader.load();
                };
                List<Future<Object>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    results.add(pool.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        allEntered.countDown();
                        return engine.get(DB_TEXT, MAX_AGE, false, slow, CacheEngineTest::text);
                    }));
                }
                for (Future<Object> f : results) {
                    assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("v" + round);
                }
                assertThat(fetches).as("fetches after round %d", round).hasValue(round);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void readersWaitingOnAFailingFetch_allGetItsException_andOnlyOneFetchIsMade() throws Exception {
        CacheEngine engine = engine(0);
        CountDownLatch leaderInside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CacheEngine.Loader slowFailure = () -> {
            fetches.incrementAndGet();
            leaderInside.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new SecretNotFoundException("db", 400, "not found", null);
        };
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Thread> waiters = new java.util.concurrent.CopyOnWriteArrayList<>();
        try {
            List<Future<Object>> results = new ArrayList<>();
            results.add(pool.submit(() -> engine.get(DB_TEXT, MAX_AGE, false, slowFailure, CacheEngineTest::text)));
            assertThat(leaderInside.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 7; i++) {
                results.add(pool.submit(() -> {
                    waiters.add(Thread.currentThread());
                    return engine.get(DB_TEXT, MAX_AGE, false, slowFailure, CacheEngineTest::text);
                }));
            }
            awaitParked(waiters, 7);
            release.countDown();

            for (Future<Object> f : results) {
                assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(SecretNotFoundException.class);
            }
            assertThat(fetches).hasValue(1);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Waits (for a condition, not for time) until the threads are parked waiting for the in-flight fetch. */
    private static void awaitParked(List<Thread> threads, int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (threads.size() == count && threads.stream().allMatch(t -> t.getState() == Thread.State.WAITING)) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("waiters did not park: " + threads.stream().map(Thread::getState).toList());
    }

    private CacheEngine.Loader failing(SecretsException e) {
        return () -> {
            fetches.incrementAndGet();
            throw e;
        };
    }

    private static SecretUnavailableException unavailable() {
        return new SecretUnavailableException("db", SecretsException.Reason.CONNECTION_REFUSED, -1, "refused", null);
    }

    @Test
    void staleOnError_transientFailureWithinTheWindow_servesThePreviousValue() {
        CacheEngine engine = engine(60_000);
        get(engine);
        clock.advance(Duration.ofMillis(MAX_AGE + 30_000));

        Object value = engine.get(DB_TEXT, MAX_AGE, false, failing(unavailable()), CacheEngineTest::text);

        assertThat(value).isEqualTo("v1");
    }

    @Test
    void staleOnError_twoStaleReads_reportOneWarningThroughTheModulesDiagnostics() {
        CacheEngine engine = engine(60_000);
        get(engine);
        clock.advance(Duration.ofMillis(MAX_AGE + 1_000));
        engine.get(DB_TEXT, MAX_AGE, false, failing(unavailable()), CacheEngineTest::text);
        clock.advance(Duration.ofMillis(MAX_AGE));

        engine.get(DB_TEXT, MAX_AGE, false, failing(unavailable()), CacheEngineTest::text);

        assertThat(diagnostics).hasSize(1);
        assertThat(diagnostics.get(0)).contains("\"level\":\"WARN\"", "\"logger\":\"io.lambdakit.secrets\"", "stale-on-error")
                .doesNotContain("v1");
    }

    @Test
    void staleOnError_afterServingStale_waitsAnotherMaxAgeBeforeTryingAgain() {
        CacheEngine engine = engine(60_000);
        get(engine);
        clock.advance(Duration.ofMillis(MAX_AGE + 1_000));
        CacheEngine.Loader down = failing(unavailable());
        engine.get(DB_TEXT, MAX_AGE, false, down, CacheEngineTest::text);
        int afterFirstFailure = fetches.get();

        clock.advance(Duration.ofMillis(MAX_AGE - 1));
        engine.get(DB_TEXT, MAX_AGE, false, down, CacheEngineTest::text);
        int withinHold = fetches.get();
        clock.advance(Duration.ofMillis(1));
        engine.get(DB_TEXT, MAX_AGE, false, down, CacheEngineTest::text);

        assertThat(withinHold).isEqualTo(afterFirstFailure);
        assertThat(fetches.get()).isEqualTo(afterFirstFailure + 1);
    }

    @Test
    void staleOnError_pastMaxStaleness_throws() {
        CacheEngine engine = engine(60_000);
        get(engine);
        clock.advance(Duration.ofMillis(MAX_AGE + 60_001));

        assertThatThrownBy(() -> engine.get(DB_TEXT, MAX_AGE, false, failing(unavailable()), CacheEngineTest::text))
                .isInstanceOf(SecretUnavailableException.class);
    }

    @Test
    void staleOnError_definiteFailure_isNotHidden() {
        CacheEngine engine = engine(60_000);
        get(engine);
        clock.advance(Duration.ofMillis(MAX_AGE + 1));

        assertThatThrownBy(() -> engine.get(DB_TEXT, MAX_AGE, false,
                failing(new SecretNotFoundException("db", 400, "deleted", null)), CacheEngineTest::text))
                .isInstanceOf(SecretNotFoundException.class);
    }

    @Test
    void staleOnErrorDisabled_transientFailure_throws() {
        CacheEngine engine = engine(0);
        get(engine);
        clock.advance(Duration.ofMillis(MAX_AGE + 1));

        assertThatThrownBy(() -> engine.get(DB_TEXT, MAX_AGE, false, failing(unavailable()), CacheEngineTest::text))
                .isInstanceOf(SecretUnavailableException.class);
    }

    @Test
    void invalidateAll_dropsEveryValue() {
        CacheEngine engine = engine(0);
        get(engine);

        engine.invalidateAll();
        get(engine);

        assertThat(fetches).hasValue(2);
        assertThat(engine.size()).isEqualTo(1);
    }

    @Test
    void invalidateById_dropsEveryVersionAndTransformation_ofThatIdOnly() {
        CacheEngine engine = engine(0);
        RawKey previous = new RawKey(RawKey.Kind.SECRET, "db", "stage:AWSPREVIOUS", false);
        RawKey other = new RawKey(RawKey.Kind.SECRET, "api", null, false);
        get(engine);
        engine.get(new ValueKey(previous, "text"), MAX_AGE, false, loader, CacheEngineTest::text);
        engine.get(new ValueKey(other, "text"), MAX_AGE, false, loader, CacheEngineTest::text);

        engine.invalidate(RawKey.Kind.SECRET, "db");

        assertThat(engine.size()).isEqualTo(1);
        engine.get(new ValueKey(other, "text"), MAX_AGE, false, loader, CacheEngineTest::text);
        assertThat(fetches).hasValue(3);
    }

    /** What the facades do with a transformation: any failure becomes a SecretTransformationException. */
    private static Object applied(Transformation<?> transformation, Object raw) {
        try {
            return transformation.apply("db", (RawValue) raw);
        } catch (Exception e) {
            throw new SecretTransformationException("db", transformation.name(), "failed: " + e.getClass().getName());
        }
    }
}
