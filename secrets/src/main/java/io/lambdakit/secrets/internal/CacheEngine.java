package io.lambdakit.secrets.internal;

import io.lambdakit.core.spi.Diagnostics;
import io.lambdakit.secrets.SecretsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The cache behind {@code Secrets} and {@code Parameters}. Two levels: raw values by fetch
 * ({@link RawKey}: id, version selector, decryption) and transformed values by fetch + transformation
 * ({@link ValueKey}), so one fetch serves every transformation of a value and a transformation never
 * sees another's result.
 *
 * <ul>
 * <li><b>Max age</b> is a property of each read: a cached value is returned while
 *     {@code now - fetchedAt < maxAge}.</li>
 * <li><b>Single-flight</b>: concurrent misses for one raw key make one fetch; the others wait for it and
 *     share its result or its exception.</li>
 * <li><b>Stale-on-error</b> (when {@code maxStaleness > 0}): when a refresh fails transiently, the previous
 *     value is served while it is at most {@code maxStaleness} past its max age, and the next attempt
 *     waits another max age.</li>
 * <li>{@link #invalidateAll()} is registered as a SnapStart after-restore hook by the facades.</li>
 * </ul>
 * The hit path is one map lookup and one clock read; it allocates nothing when the caller reuses its key.
 */
public final class CacheEngine {

    private static final Logger LOG = LoggerFactory.getLogger(CacheEngine.class);

    /** Fetches a raw value (RawValue, or a map of them for paths). */
    @FunctionalInterface
    public interface Loader {
        /**
         * @return the raw value, never null
         * @throws SecretsException when it cannot be fetched
         */
        Object load();
    }

    /** Transforms a raw value. */
    @FunctionalInterface
    public interface Decoder {
        /**
         * @param raw the raw value
         * @return the result, never null
         * @throws SecretsException when it cannot be transformed
         */
        Object decode(Object raw);
    }

    private static final class RawEntry {
        final Object raw;
        final long fetchedAt;
        /** After a failed refresh served this entry stale: usable until then regardless of max age. */
        volatile long holdUntil = Long.MIN_VALUE;

        RawEntry(Object raw, long fetchedAt) {
            this.raw = raw;
            this.fetchedAt = fetchedAt;
        }

        boolean usable(long now, long maxAgeMillis) {
            return now - fetchedAt < maxAgeMillis || now < holdUntil;
        }
    }

    private record ValueEntry(RawEntry source, Object value) { }

    private final Clock clock;
    private final long maxStalenessMillis;
    private final ConcurrentHashMap<RawKey, RawEntry> raws = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ValueKey, ValueEntry> values = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<RawKey, CompletableFuture<RawEntry>> inFlight = new ConcurrentHashMap<>();
    private final LongAdder fetches = new LongAdder();
    private final Diagnostics diagnostics;

    /**
     * @param clock              the clock ages are measured with
     * @param maxStalenessMillis how long past its max age a value may be served when refreshing fails; 0 disables
     * @param diagnostics        where the first stale read is reported
     */
    CacheEngine(Clock clock, long maxStalenessMillis, Diagnostics diagnostics) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.diagnostics = Objects.requireNonNull(diagnostics, "diagnostics");
        if (maxStalenessMillis < 0) {
            throw new IllegalArgumentException("maxStalenessMillis < 0");
        }
        this.maxStalenessMillis = maxStalenessMillis;
    }

    /**
     * Creates the cache of a facade, with its SnapStart after-restore hook (which empties it) and
     * the module's before-checkpoint class preloading registered with the environment's lifecycle.
     *
     * @param config   the resolved settings
     * @param hookName the after-restore hook's name in reports
     * @return the cache
     */
    public static CacheEngine create(SecretsConfig config, String hookName) {
        CacheEngine engine = new CacheEngine(config.environment().clock(), config.maxStaleness().toMillis(),
                Diagnostics.standardError(RestoreHook.LOGGER, config.environment()));
        RestoreHook.register(config.environment().lifecycle(), hookName, engine);
        RestoreHook.preload(config.environment().lifecycle());
        return engine;
    }

    /**
     * @param key          the value's key
     * @param maxAgeMillis the oldest cached value this read accepts; 0 means always fetch
     * @param force        fetch even when a cached value is young enough
     * @param loader       fetches the raw value on a miss
     * @param decoder      transforms the raw value
     * @return the (shared) transformed value
     */
    public Object get(ValueKey key, long maxAgeMillis, boolean force, Loader loader, Decoder decoder) {
        if (!force) {
            ValueEntry hit = values.get(key);
            if (hit != null && hit.source.usable(clock.millis(), maxAgeMillis)) {
                return hit.value;
            }
        }
        RawEntry raw = raw(key.raw(), maxAgeMillis, force, loader);
        ValueEntry current = values.get(key);
        if (current != null && current.source == raw) {
            return current.value;
        }
        Object value = decoder.decode(raw.raw);
        values.put(key, new ValueEntry(raw, value));
        return value;
    }

    private RawEntry raw(RawKey key, long maxAgeMillis, boolean force, Loader loader) {
        if (!force) {
            RawEntry cached = raws.get(key);
            if (cached != null && cached.usable(clock.millis(), maxAgeMillis)) {
                return cached;
            }
        }
        CompletableFuture<RawEntry> mine = new CompletableFuture<>();
        CompletableFuture<RawEntry> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return await(running);
        }
        try {
            RawEntry previous = raws.get(key);
            // Another thread may have finished a fetch between our miss and our claim: it stores before it releases.
            if (!force && previous != null && previous.usable(clock.millis(), maxAgeMillis)) {
                mine.complete(previous);
                return previous;
            }
            RawEntry result = fetch(key, previous, maxAgeMillis, loader);
            mine.complete(result);
            return result;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    private RawEntry fetch(RawKey key, RawEntry previous, long maxAgeMillis, Loader loader) {
        Object raw;
        fetches.increment();
        try {
            raw = Objects.requireNonNull(loader.load(), "loader returned null");
        } catch (SecretsException e) {
            RawEntry stale = staleFallback(key, previous, maxAgeMillis, e);
            if (stale != null) {
                return stale;
            }
            throw e;
        }
        RawEntry fresh = new RawEntry(raw, clock.millis());
        raws.put(key, fresh);
        return fresh;
    }

    private RawEntry staleFallback(RawKey key, RawEntry previous, long maxAgeMillis, SecretsException failure) {
        if (previous == null || maxStalenessMillis == 0 || !failure.reason().isTransient()) {
            return null;
        }
        long now = clock.millis();
        long limit = previous.fetchedAt + maxAgeMillis + maxStalenessMillis;
        if (now > limit) {
            return null;
        }
        previous.holdUntil = Math.min(now + Math.max(maxAgeMillis, 1), limit);
        if (!diagnostics.warnOnce("stale-on-error", "lambdakit-secrets: refreshing " + key + " failed (" + failure.reason()
                + "); serving the value fetched " + (now - previous.fetchedAt) + " ms ago (stale-on-error). "
                + "Further stale reads are logged at DEBUG.")) {
            LOG.debug("lambdakit-secrets: refreshing {} failed ({}); serving the previous value", key, failure.reason());
        }
        return previous;
    }

    private static RawEntry await(CompletableFuture<RawEntry> running) {
        try {
            return running.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /**
     * Drops every cached value of one secret, parameter or path (all versions, flags and transformations).
     *
     * @param kind what it is
     * @param id   its id
     */
    public void invalidate(RawKey.Kind kind, String id) {
        raws.keySet().removeIf(k -> k.kind() == kind && k.id().equals(id));
        values.keySet().removeIf(k -> k.raw().kind() == kind && k.raw().id().equals(id));
    }

    /**
     * Drops one transformed value and its raw fetch.
     *
     * @param key the value's key
     */
    public void invalidate(ValueKey key) {
        raws.remove(key.raw());
        values.remove(key);
    }

    /** Drops everything, e.g. after a SnapStart restore (a secret cached in a snapshot may have been rotated since). */
    public void invalidateAll() {
        raws.clear();
        values.clear();
    }

    /** @return how many fetches were started (including failed ones); for tests and diagnostics */
    public long fetchCount() {
        return fetches.sum();
    }

    /** @return how many raw values are cached */
    public int size() {
        return raws.size();
    }
}
