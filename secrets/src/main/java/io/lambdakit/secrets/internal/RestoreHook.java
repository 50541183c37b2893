package io.lambdakit.secrets.internal;

import io.lambdakit.core.Lifecycle;

import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Registers "drop every cached value after a SnapStart restore" for one cache, holding the cache
 * weakly: a facade that is no longer used can be collected, and its hook then unregisters itself.
 */
public final class RestoreHook {

    private RestoreHook() {
    }

    /**
     * @param lifecycle the hook registry of the execution environment
     * @param name      the hook's name in reports
     * @param engine    the cache to clear
     */
    public static void register(Lifecycle lifecycle, String name, CacheEngine engine) {
        WeakReference<CacheEngine> ref = new WeakReference<>(engine);
        AtomicReference<Lifecycle.Registration> registration = new AtomicReference<>();
        registration.set(lifecycle.onAfterRestore(name, () -> {
            CacheEngine e = ref.get();
            if (e != null) {
                e.invalidateAll();
            } else {
                Lifecycle.Registration r = registration.get();
                if (r != null) {
                    r.close();
                }
            }
        }));
    }
}
