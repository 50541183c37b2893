package io.lambdakit.secrets.internal;

import io.lambdakit.secrets.CachedValue;

import java.util.Objects;

/**
 * A {@link CachedValue}: its key, loader and decoder are built once, so a cache hit costs one map
 * lookup and one clock read.
 *
 * @param <T> the result type
 */
public final class Handle<T> implements CachedValue<T> {

    private final CacheEngine engine;
    private final ValueKey key;
    private final long maxAgeMillis;
    private final CacheEngine.Loader loader;
    private final CacheEngine.Decoder decoder;

    /**
     * @param engine       the cache
     * @param key          the value's key
     * @param maxAgeMillis the max age of reads through this handle
     * @param loader       the fetch
     * @param decoder      the transformation
     */
    public Handle(CacheEngine engine, ValueKey key, long maxAgeMillis, CacheEngine.Loader loader, CacheEngine.Decoder decoder) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.key = Objects.requireNonNull(key, "key");
        this.maxAgeMillis = maxAgeMillis;
        this.loader = Objects.requireNonNull(loader, "loader");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
    }

    @Override
    public T get() {
        return Handle.<T>result(engine.get(key, maxAgeMillis, false, loader, decoder));
    }

    @Override
    public T refresh() {
        return Handle.<T>result(engine.get(key, maxAgeMillis, true, loader, decoder));
    }

    @Override
    public void invalidate() {
        engine.invalidate(key);
    }

    /**
     * The cached object, or a copy of it for arrays (callers must not be able to change what others read).
     *
     * @param value the cached object
     * @param <T>   the expected type
     * @return what to hand to the caller
     */
    @SuppressWarnings("unchecked")
    public static <T> T result(Object value) {
        if (value instanceof byte[] bytes) {
            return (T) bytes.clone();
        }
        return (T) value;
    }

    /** Names the value, never shows it. */
    @Override
    public String toString() {
        return "CachedValue[" + key + "]";
    }
}
