package io.lambdakit.core;

/**
 * The open scope of one invocation on one thread; see {@link ExecutionEnvironment#enter}. Closing
 * it restores whatever was current before. Not to be shared between threads: to carry an
 * invocation into a worker thread, use {@link InvocationContext#wrap(Runnable)}.
 */
public final class InvocationScope implements AutoCloseable {

    private final InvocationContext context;
    private final InvocationContext previous;
    private final boolean owner;

    InvocationScope(InvocationContext context, InvocationContext previous, boolean owner) {
        this.context = context;
        this.previous = previous;
        this.owner = owner;
    }

    /** @return the invocation's context */
    public InvocationContext context() {
        return context;
    }

    /** @return true when this scope opened the invocation (the outermost scope), false when nested */
    public boolean isOutermost() {
        return owner;
    }

    @Override
    public void close() {
        if (owner) {
            if (previous == null) {
                InvocationContext.CURRENT.remove();
            } else {
                InvocationContext.CURRENT.set(previous);
            }
        }
    }
}
