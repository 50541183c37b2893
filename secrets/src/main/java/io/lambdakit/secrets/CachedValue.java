package io.lambdakit.secrets;

import java.util.function.Supplier;

/**
 * A handle on one cached value (a secret or parameter, its version selector, decryption flag and
 * transformation), created once (e.g. in a field) and read on every invocation. Its cache key is
 * computed when the handle is created, so a read that hits the cache allocates nothing.
 *
 * @param <T> the type the value is transformed to
 */
public interface CachedValue<T> extends Supplier<T> {

    /**
     * @return the value: from the cache while younger than the max age, else fetched (once, however
     *         many threads ask at the same time)
     * @throws SecretsException when it cannot be fetched or transformed
     */
    @Override
    T get();

    /**
     * @return the value fetched now, bypassing the cache (a fetch already in flight for it is joined)
     * @throws SecretsException when it cannot be fetched or transformed
     */
    T refresh();

    /** Drops the cached value so the next {@link #get()} fetches it. */
    void invalidate();
}
