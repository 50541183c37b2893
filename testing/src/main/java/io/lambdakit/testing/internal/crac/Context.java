package io.lambdakit.testing.internal.crac;

/**
 * A group of resources, itself a resource.
 *
 * @param <R> the resource type
 */
public abstract class Context<R extends Resource> implements Resource {

    /** For subclasses. */
    protected Context() {
    }

    @Override
    public abstract void beforeCheckpoint(Context<? extends Resource> context) throws CheckpointException;

    @Override
    public abstract void afterRestore(Context<? extends Resource> context) throws RestoreException;

    /**
     * @param resource the resource to notify
     */
    public abstract void register(R resource);
}
