package io.lambdakit.core.spi;

import io.lambdakit.core.InvocationContext;

import java.util.function.Supplier;

/**
 * The invocation-scoped signal that an invocation was answered with a stored result instead of running
 * its body: lambdakit-idempotency marks the invocation when it replays a completed record, and modules
 * that judge an invocation by what its body did read the mark (lambdakit-metrics does not report or
 * raise on "no metrics were emitted" for a replay, whose body did not run). Modules never depend on each
 * other; this class is the contract between them.
 *
 * <p>The mark is an attribute of the {@link InvocationContext}: it lives and dies with the invocation,
 * so there is no static state and nothing to reset between tests (each test's invocation is a new
 * context). Reading it is one map lookup and allocates nothing; marking happens only on a replay.
 */
public final class Replay {

    private static final InvocationContext.Key<Boolean> REPLAYED = InvocationContext.Key.of("lambdakit.replayed");
    private static final Supplier<Boolean> MARK = new Mark();

    private Replay() {
    }

    /**
     * Marks the invocation current on this thread as a replay; does nothing outside an invocation.
     */
    public static void markCurrent() {
        InvocationContext invocation = InvocationContext.current().orElse(null);
        if (invocation != null) {
            mark(invocation);
        }
    }

    /**
     * @param invocation the invocation that was answered with a stored result
     */
    public static void mark(InvocationContext invocation) {
        invocation.attribute(REPLAYED, MARK);
    }

    /**
     * @param invocation an invocation, or null
     * @return true when {@code invocation} was marked as a replay (false for null)
     */
    public static boolean isReplayed(InvocationContext invocation) {
        return invocation != null && invocation.attribute(REPLAYED).isPresent();
    }

    /** The attribute's value; a class, not a lambda, as it is created while classes load at init. */
    private static final class Mark implements Supplier<Boolean> {
        @Override
        public Boolean get() {
            return Boolean.TRUE;
        }
    }
}
