package io.lambdakit.core;

/**
 * The handle {@code install(..)} returns when it makes an instance the process-wide one (the
 * {@code current()} of {@code LogOutput}, {@code Tracer}, {@code Metrics}, {@code Idempotency}).
 * Closing it puts back the instance that was current before, unless another one was installed
 * since (then the later installation stays; closing is idempotent). Use it in tests with
 * try-with-resources:
 * {@code try (Installation i = Metrics.install(metrics)) { ... }}.
 */
@FunctionalInterface
public interface Installation extends AutoCloseable {

    /** Puts the previous instance back, unless another one was installed since; a second call does nothing. */
    @Override
    void close();
}
