package io.lambdakit.testing.internal;

import io.lambdakit.testing.InvocationError;

import java.time.Duration;
import java.util.List;

/** One execution environment, run either in a child JVM or in the test's own JVM. */
public interface FunctionDriver extends AutoCloseable {

    /**
     * How init ended.
     *
     * @param state  the state
     * @param error  the init error when it failed, else null
     * @param output what the function printed during init
     */
    record Init(ChildRuntime.InitState state, InvocationError error, List<String> output) {
    }

    /**
     * How a SnapStart restore ended.
     *
     * @param error    the restore error, null when the after-restore hooks succeeded
     * @param output   what the function printed while restoring
     * @param duration how long the after-restore phase took
     */
    record Restore(InvocationError error, List<String> output, Duration duration) {
    }

    /**
     * Initialises the environment (for SnapStart: up to the snapshot).
     *
     * @param timeout the init budget
     * @return how it ended
     */
    Init init(Duration timeout);

    /**
     * Restores a SnapStart environment from its snapshot and runs the after-restore hooks.
     *
     * @param budget Lambda's restore budget
     * @return how it ended
     */
    Restore restore(Duration budget);

    /**
     * Runs one invocation.
     *
     * @param invocation the invocation
     * @param timeout    the function timeout
     * @return how it ended
     */
    Outcome invoke(PendingInvocation invocation, Duration timeout);

    /**
     * Runs one invocation of a managed-instances environment, concurrently with others: it waits its turn
     * until a worker takes it, its deadline starts then, and its timeout ends only itself.
     *
     * @param invocation an invocation made with {@link PendingInvocation#deadlineOnDelivery}
     * @param queueLimit how long it may wait for a worker while none takes work
     * @return how it ended, with its own output
     */
    default Outcome invokeConcurrent(PendingInvocation invocation, Duration queueLimit) {
        throw new UnsupportedOperationException("not a managed-instances environment");
    }

    /** Managed instances: hands what names no in-flight invocation to the environment's output. */
    default void pumpOutput() {
    }

    /** @return the request ids whose late reply was refused (managed instances), in order */
    default List<String> refusedReplies() {
        return List.of();
    }

    /** @return false once the environment died or was killed; it must then be replaced */
    boolean isAlive();

    /** Tears the environment down; bounded. */
    @Override
    void close();
}
