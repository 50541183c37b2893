package io.lambdakit.testing.internal.crac;

/** A resource notified around a checkpoint, mirrored by {@code org.crac.Resource}. */
public interface Resource {

    /**
     * @param context the context notifying it
     * @throws Exception to fail the checkpoint
     */
    void beforeCheckpoint(Context<? extends Resource> context) throws Exception;

    /**
     * @param context the context notifying it
     * @throws Exception to fail the restore
     */
    void afterRestore(Context<? extends Resource> context) throws Exception;
}
