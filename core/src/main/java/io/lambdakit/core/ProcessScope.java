package io.lambdakit.core;

import io.lambdakit.core.internal.WeavingCheck;

import java.util.Objects;
import java.util.Optional;

/**
 * A process of its own inside this JVM, for running several Lambda functions side by side in one
 * test JVM (lambdakit-testing's in-process mode): on a thread that entered the scope,
 * {@link ExecutionEnvironment#current()} is the scope's {@link ExecutionEnvironment} (its
 * {@link Environment}, clock and cold-start state), and every process-wide instance behind a
 * feature's {@code current()} and {@code install(..)} ({@code LogOutput}, the SLF4J loggers'
 * output, {@code Metrics}, {@code Tracer}, {@code Idempotency}) is the scope's own: built from the
 * scope's environment on first use and installed into the scope only. Threads started by a thread
 * while it is inside a scope inherit the scope for their whole life, as threads a function starts
 * belong to its process.
 *
 * <p>Production code never enters a scope: {@link #current()} is then empty and costs one volatile
 * read. What a scope cannot separate is what the JVM itself holds once: system properties, the real
 * process environment ({@code System.getenv}), static fields of the handler's own classes and
 * threads of shared pools (e.g. the common {@code ForkJoinPool}) that a scope did not start.
 *
 * <pre>{@code
 * ProcessScope scope = ProcessScope.of(ExecutionEnvironment.builder().environment(Environment.of(variables)).build());
 * try (Installation entered = scope.enter()) {
 *     // ExecutionEnvironment.current(), Metrics.current(), ... are the scope's
 * }
 * }</pre>
 */
public final class ProcessScope {

    private static final InheritableThreadLocal<ProcessScope> ENTERED = new InheritableThreadLocal<>();
    /** False until a scope is first entered, so that production code never touches the thread-local. */
    private static volatile boolean anyEntered;

    private final ExecutionEnvironment executionEnvironment;
    private final WeavingCheck.Once weaving = new WeavingCheck.Once();

    private ProcessScope(ExecutionEnvironment executionEnvironment) {
        this.executionEnvironment = executionEnvironment;
    }

    /**
     * @param executionEnvironment what {@link ExecutionEnvironment#current()} returns inside the scope
     * @return a new scope, with no process-wide instance of its own yet
     */
    public static ProcessScope of(ExecutionEnvironment executionEnvironment) {
        return new ProcessScope(Objects.requireNonNull(executionEnvironment, "executionEnvironment"));
    }

    /**
     * @return the scope the calling thread is in, empty outside every scope (always in production)
     */
    public static Optional<ProcessScope> current() {
        if (!anyEntered) {
            return Optional.empty();
        }
        return Optional.ofNullable(ENTERED.get());
    }

    /** @return the execution environment of this scope */
    public ExecutionEnvironment executionEnvironment() {
        return executionEnvironment;
    }

    /**
     * Puts the calling thread into this scope until the returned handle is closed (threads it starts
     * meanwhile stay in the scope). Closing puts the thread back into the scope it was in before;
     * it must be closed on the thread that entered, and a second close does nothing.
     *
     * @return the handle that leaves the scope
     */
    public Installation enter() {
        anyEntered = true;
        Thread thread = Thread.currentThread();
        ProcessScope previous = ENTERED.get();
        ENTERED.set(this);
        return new Exit(thread, previous);
    }

    /**
     * The weaving check of {@link ExecutionEnvironment#current()}, once per scope against the scope's
     * {@code _HANDLER}, as a process runs it once against its own.
     */
    ExecutionEnvironment verifiedEnvironment() {
        weaving.verify(executionEnvironment.environment());
        return executionEnvironment;
    }

    @Override
    public String toString() {
        return "ProcessScope[" + executionEnvironment.environment() + "]";
    }

    /** Leaves the scope on the thread that entered it. */
    private static final class Exit implements Installation {
        private final Thread thread;
        private final ProcessScope previous;
        private boolean closed;

        Exit(Thread thread, ProcessScope previous) {
            this.thread = thread;
            this.previous = previous;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            if (Thread.currentThread() != thread) {
                throw new IllegalStateException("a ProcessScope must be left on the thread that entered it ("
                        + thread.getName() + "), not on " + Thread.currentThread().getName());
            }
            closed = true;
            if (previous == null) {
                ENTERED.remove();
            } else {
                ENTERED.set(previous);
            }
        }
    }
}
