package io.lambdakit.core;

import com.amazonaws.services.lambda.runtime.Context;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * What lambdakit knows about one invocation: request id, function identity, deadline, tenant id,
 * trace header and cold-start kind, plus attributes that modules keep for the invocation's
 * duration (buffered log lines, pending metrics). Immutable apart from those attributes, which are
 * thread-safe so that worker threads of one invocation can add to them.
 *
 * <p>The current context is confined to the thread that entered the invocation (see
 * {@link ExecutionEnvironment#enter}); concurrent invocations in one JVM each see their own. Use
 * {@link #wrap(Runnable)} to carry it into an executor.
 */
public final class InvocationContext {

    static final ThreadLocal<InvocationContext> CURRENT = new ThreadLocal<>();

    /**
     * A typed key for a per-invocation attribute. Keys compare by identity: keep one in a
     * {@code static final} field.
     *
     * @param <T> the attribute's type
     */
    public static final class Key<T> {
        private final String name;

        private Key(String name) {
            this.name = name;
        }

        /**
         * @param name a name for diagnostics, e.g. {@code lambdakit-metrics.buffer}
         * @param <T>  the attribute's type
         * @return a new key
         */
        public static <T> Key<T> of(String name) {
            return new Key<>(Objects.requireNonNull(name, "name"));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private final ExecutionEnvironment executionEnvironment;
    private final Context lambdaContext;
    private final ColdStart coldStart;
    private final TraceHeader traceHeader;
    private final String requestId;
    private final String functionName;
    private final String functionVersion;
    private final String functionArn;
    private final int memoryLimitMb;
    private final String tenantId;
    private final Instant deadline;
    private final boolean priming;
    private final ConcurrentHashMap<Key<?>, Object> attributes = new ConcurrentHashMap<>(8);

    InvocationContext(ExecutionEnvironment executionEnvironment, Context lambdaContext, ColdStart coldStart, TraceHeader traceHeader) {
        this(executionEnvironment, lambdaContext, coldStart, traceHeader, false);
    }

    InvocationContext(ExecutionEnvironment executionEnvironment, Context lambdaContext, ColdStart coldStart, TraceHeader traceHeader,
                      boolean priming) {
        this.priming = priming;
        this.executionEnvironment = executionEnvironment;
        this.lambdaContext = lambdaContext;
        this.coldStart = coldStart;
        this.traceHeader = traceHeader;
        Environment env = executionEnvironment.environment();
        this.requestId = lambdaContext.getAwsRequestId();
        this.functionName = firstNonBlank(lambdaContext.getFunctionName(), env.functionName().orElse(null));
        this.functionVersion = firstNonBlank(lambdaContext.getFunctionVersion(), env.functionVersion().orElse(null));
        this.functionArn = lambdaContext.getInvokedFunctionArn();
        int mem = lambdaContext.getMemoryLimitInMB();
        this.memoryLimitMb = mem > 0 ? mem : env.functionMemorySizeMb().orElse(0);
        this.tenantId = blankToNull(lambdaContext.getTenantId());
        this.deadline = executionEnvironment.clock().instant().plusMillis(Math.max(0, lambdaContext.getRemainingTimeInMillis()));
    }

    /** @return the context of the invocation this thread is in, if any */
    public static Optional<InvocationContext> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /**
     * @return true when this is not a real invocation but a priming call of the handler before a
     *         SnapStart checkpoint (see {@link ExecutionEnvironment#primeBeforeCheckpoint}): logging,
     *         metrics, tracing and idempotency then run their code paths but write nothing
     */
    public boolean isPriming() {
        return priming;
    }

    /**
     * The check modules make on their output paths; one thread-local read, no allocation.
     *
     * @return true when this thread is inside a priming call
     */
    public static boolean isPrimingNow() {
        InvocationContext c = CURRENT.get();
        return c != null && c.priming;
    }

    /** @return the execution environment this invocation runs in */
    public ExecutionEnvironment executionEnvironment() {
        return executionEnvironment;
    }

    /** @return the Lambda context as the runtime passed it */
    public Context lambdaContext() {
        return lambdaContext;
    }

    /** @return how this invocation relates to the environment's initialisation */
    public ColdStart coldStart() {
        return coldStart;
    }

    /** @return the invocation's X-Ray trace header, if the invocation has a valid one */
    public Optional<TraceHeader> traceHeader() {
        return Optional.ofNullable(traceHeader);
    }

    /** @return the X-Ray trace id ({@code Root}), if any */
    public Optional<String> xrayTraceId() {
        return traceHeader == null ? Optional.empty() : Optional.of(traceHeader.root());
    }

    /** @return the AWS request id */
    public String requestId() {
        return requestId;
    }

    /** @return the function name, from the context or the environment; may be null outside Lambda */
    public String functionName() {
        return functionName;
    }

    /** @return the function version, from the context or the environment; may be null outside Lambda */
    public String functionVersion() {
        return functionVersion;
    }

    /** @return the invoked function ARN (may carry an alias or version qualifier); may be null */
    public String functionArn() {
        return functionArn;
    }

    /** @return the memory limit in MB; 0 when unknown */
    public int memoryLimitMb() {
        return memoryLimitMb;
    }

    /** @return the tenant id of a multi-tenant function's invocation */
    public Optional<String> tenantId() {
        return Optional.ofNullable(tenantId);
    }

    /** @return the instant the invocation times out */
    public Instant deadline() {
        return deadline;
    }

    /** @return the time left before the deadline, never negative, by the environment's clock */
    public Duration remainingTime() {
        Duration d = Duration.between(executionEnvironment.clock().instant(), deadline);
        return d.isNegative() ? Duration.ZERO : d;
    }

    /**
     * @param key the attribute's key
     * @param <T> the attribute's type
     * @return the attribute, if set
     */
    @SuppressWarnings("unchecked")
    public <T> Optional<T> attribute(Key<T> key) {
        return Optional.ofNullable((T) attributes.get(key));
    }

    /**
     * Returns the attribute, creating it atomically on first use.
     *
     * @param key     the attribute's key
     * @param factory creates the value; called at most once per invocation and key
     * @param <T>     the attribute's type
     * @return the attribute
     */
    @SuppressWarnings("unchecked")
    public <T> T attribute(Key<T> key, Supplier<? extends T> factory) {
        return (T) attributes.computeIfAbsent(key, k -> Objects.requireNonNull(factory.get(), "attribute factory returned null"));
    }

    /**
     * @param key the attribute's key
     * @param <T> the attribute's type
     * @return the removed attribute, if it was set
     */
    @SuppressWarnings("unchecked")
    public <T> Optional<T> removeAttribute(Key<T> key) {
        return Optional.ofNullable((T) attributes.remove(key));
    }

    /**
     * @param task work to run on another thread within this invocation
     * @return a task that runs {@code task} with this context current, then restores the thread's previous one
     */
    public Runnable wrap(Runnable task) {
        Objects.requireNonNull(task, "task");
        return () -> {
            InvocationContext previous = CURRENT.get();
            CURRENT.set(this);
            try {
                task.run();
            } finally {
                restore(previous);
            }
        };
    }

    /**
     * @param task work to run on another thread within this invocation
     * @param <T>  its result type
     * @return a task that runs {@code task} with this context current, then restores the thread's previous one
     */
    public <T> Callable<T> wrap(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        return () -> {
            InvocationContext previous = CURRENT.get();
            CURRENT.set(this);
            try {
                return task.call();
            } finally {
                restore(previous);
            }
        };
    }

    /**
     * @param executor an executor
     * @return an executor that runs every task it is given within this invocation
     */
    public Executor wrap(Executor executor) {
        Objects.requireNonNull(executor, "executor");
        return task -> executor.execute(wrap(task));
    }

    private static void restore(InvocationContext previous) {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }

    @Override
    public String toString() {
        return "InvocationContext[requestId=" + requestId + ", function=" + functionName + ", coldStart=" + coldStart.wireName()
                + (priming ? ", priming" : "") + "]";
    }

    private static String firstNonBlank(String a, String b) {
        return a != null && !a.isBlank() ? a : b;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
