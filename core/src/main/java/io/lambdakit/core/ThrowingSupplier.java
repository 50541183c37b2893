package io.lambdakit.core;

/**
 * The body of an invocation or of a decorated method: the user's code, run by a lambdakit engine.
 * It may throw anything; engines propagate user exceptions unchanged.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface ThrowingSupplier<T> {
    /**
     * @return the result
     * @throws Throwable whatever the user's code throws
     */
    T get() throws Throwable;
}
