package io.lambdakit.core;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * The single {@code org.crac.Resource} lambdakit registers. It forwards CRaC's notifications to a
 * {@link Lifecycle}. On a JDK without CRaC the registration is accepted and never called; in
 * Lambda the runtime client's CRaC implementation (selected with {@code -Dorg.crac.Core.Compat})
 * calls it around the SnapStart snapshot.
 */
final class CracBridge implements Resource {

    private final Lifecycle lifecycle;

    private CracBridge(Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    /**
     * @param lifecycle the registry to forward to
     * @return the registered bridge; the caller must keep a strong reference to it
     */
    static CracBridge register(Lifecycle lifecycle) {
        CracBridge bridge = new CracBridge(lifecycle);
        Core.getGlobalContext().register(bridge);
        return bridge;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) throws Exception {
        lifecycle.beforeCheckpoint();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) throws Exception {
        lifecycle.afterRestore();
    }
}
