package io.lambdakit.secrets.internal;

import io.lambdakit.core.Lifecycle;
import io.lambdakit.core.internal.ClassPreloader;

import java.lang.ref.WeakReference;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Registers "drop every cached value after a SnapStart restore" for one cache, holding the cache
 * weakly: a facade that is no longer used can be collected, and its hook then unregisters itself.
 */
public final class RestoreHook {

    /** Lifecycles that already preload this module's classes: one preload per lifecycle, however many caches. */
    private static final Map<Lifecycle, ClassPreloader> PRELOADERS = Collections.synchronizedMap(new WeakHashMap<>());

    private RestoreHook() {
    }

    /**
     * Registers, once per lifecycle, the before-checkpoint preload of this module's class list
     * (the extension protocol, the cache, and the SDK classes, counted as missing when the
     * function does not ship the SDK).
     *
     * @param lifecycle the hook registry of the execution environment
     * @return the preloader registered with it
     */
    public static ClassPreloader preload(Lifecycle lifecycle) {
        return PRELOADERS.computeIfAbsent(lifecycle, l -> ClassPreloader.register(l, "secrets", RestoreHook.class));
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
