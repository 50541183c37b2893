package io.lambdakit.secrets.internal;

import io.lambdakit.core.Lifecycle;
import io.lambdakit.core.spi.ClassPreloader;

/**
 * Registers "drop every cached value after a SnapStart restore" for one cache, owned by the cache
 * (held weakly by the lifecycle): a facade that is no longer used can be collected, and its hook goes with it.
 */
final class RestoreHook {

    /** The {@code logger} key of the module's diagnostics. */
    static final String LOGGER = "io.lambdakit.secrets";

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
    static ClassPreloader preload(Lifecycle lifecycle) {
        return ClassPreloader.register(lifecycle, "secrets", RestoreHook.class); // one per lifecycle: the lifecycle de-duplicates it
    }

    /**
     * @param lifecycle the hook registry of the execution environment
     * @param name      the hook's name in reports
     * @param engine    the cache to clear
     */
    static void register(Lifecycle lifecycle, String name, CacheEngine engine) {
        lifecycle.onAfterRestore(name, engine, CacheEngine::invalidateAll);
    }
}
