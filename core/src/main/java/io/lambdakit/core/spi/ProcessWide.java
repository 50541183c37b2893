package io.lambdakit.core.spi;

import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.Installation;
import io.lambdakit.core.ProcessScope;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The slot behind a feature's {@code current()} and {@code install(..)}: the one process-wide
 * instance, built from the environment on first use when the feature has a default, replaced by
 * {@link #install(Object)} and put back by closing the returned {@link Installation}. It is the only
 * mutable static state a module keeps, and tests reset it by closing what they installed.
 *
 * <p>On a thread inside a {@link ProcessScope} (lambdakit-testing's in-process functions) the slot
 * is the scope's own: the default is built from the scope's environment and {@link #install(Object)}
 * replaces the instance of that scope only. A scope's instances go when the scope is no longer used.
 *
 * @param <T> the instance type
 */
public final class ProcessWide<T> {

    private final AtomicReference<T> slot = new AtomicReference<>();
    /** The slots of the process scopes that used this one; weak, so a finished scope's instances can go. */
    private final Map<ProcessScope, AtomicReference<T>> scoped = new WeakHashMap<>();
    private final Supplier<? extends T> defaults;
    private final String component;
    private final String missing;

    private ProcessWide(Supplier<? extends T> defaults, String component, String missing) {
        this.defaults = defaults;
        this.component = component;
        this.missing = missing;
    }

    /**
     * @param defaults builds the default instance from the environment on the first {@link #current()}
     *                 with nothing installed
     * @param <T>      the instance type
     * @return an empty slot with a default
     */
    public static <T> ProcessWide<T> withDefault(Supplier<? extends T> defaults) {
        return new ProcessWide<>(Objects.requireNonNull(defaults, "defaults"), null, null);
    }

    /**
     * @param component the component named by the {@link ConfigurationException} that {@link #current()}
     *                  throws while nothing is installed, e.g. {@code lambdakit-idempotency}
     * @param missing   its problem: say what to install and how
     * @param <T>       the instance type
     * @return an empty slot without a default
     */
    public static <T> ProcessWide<T> withoutDefault(String component, String missing) {
        return new ProcessWide<>(null, Objects.requireNonNull(component, "component"), Objects.requireNonNull(missing, "missing"));
    }

    /**
     * @return the installed instance, else the default (built once; a concurrent first call builds
     *         at most one that wins)
     * @throws ConfigurationException when nothing is installed and there is no default
     */
    public T current() {
        AtomicReference<T> target = slot();
        T t = target.get();
        if (t != null) {
            return t;
        }
        if (defaults == null) {
            ConfigurationException.problems(component).add(missing).throwIfAny();
        }
        T created = Objects.requireNonNull(defaults.get(), "default instance");
        return target.compareAndSet(null, created) ? created : target.get();
    }

    /** @return the installed (or already built default) instance, or null: never builds one */
    public T peek() {
        return slot().get();
    }

    /**
     * @param instance the new process-wide instance
     * @return a handle whose {@code close()} puts the previous one back, unless another was installed since
     */
    public Installation install(T instance) {
        Objects.requireNonNull(instance, "instance");
        AtomicReference<T> target = slot();
        T previous = target.getAndSet(instance);
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) { // a second close must not undo a later installation's restore
                target.compareAndSet(instance, previous);
            }
        };
    }

    /** The process's slot, or the calling thread's process scope's. */
    private AtomicReference<T> slot() {
        Optional<ProcessScope> scope = ProcessScope.current();
        if (scope.isEmpty()) {
            return slot;
        }
        synchronized (scoped) {
            AtomicReference<T> own = scoped.get(scope.get());
            if (own == null) {
                own = new AtomicReference<>();
                scoped.put(scope.get(), own);
            }
            return own;
        }
    }
}
