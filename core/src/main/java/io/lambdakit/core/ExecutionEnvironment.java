package io.lambdakit.core;

import com.amazonaws.services.lambda.runtime.Context;
import io.lambdakit.core.internal.VariableNameCheck;
import io.lambdakit.core.spi.ClassPreloader;
import io.lambdakit.core.spi.PrimingContext;
import io.lambdakit.core.internal.WeavingCheck;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * One Lambda execution environment as lambdakit sees it: the {@link Environment} snapshot, the
 * clock, the {@link Lifecycle} registry and the cold-start state. Production code uses
 * {@link #current()}, the process-wide instance, created on first use (at function init, not in a
 * class initialiser) and attached to CRaC then. Tests create their own with {@link #builder()}, so
 * nothing global has to be reset between tests.
 *
 * <p>{@link #enter(Context)} opens the scope of an invocation on the calling thread. The first
 * scope opened for a request id classifies the invocation ({@link ColdStart}) exactly once;
 * nested scopes for the same request (several modules around one handler) share its context.
 *
 * <p><b>Handler priming</b> (opt-in, for SnapStart): {@link #primeBeforeCheckpoint} registers a
 * call of the user's own handler with a synthetic event and a synthetic {@link Context}, made
 * before the snapshot so the restored function's first request finds its code paths loaded and
 * compiled. The call runs in a priming scope ({@link InvocationContext#isPriming()}): logging,
 * metrics, tracing and idempotency run their paths but write no log line, EMF blob, segment or
 * record, and the call does not count as the environment's first invocation.
 */
public final class ExecutionEnvironment {

    /** The system property the Lambda Java runtime sets to the current invocation's trace header. */
    public static final String TRACE_HEADER_PROPERTY = "com.amazonaws.xray.traceHeader";

    private static final class Holder {
        static final ExecutionEnvironment CURRENT = createCurrent();
    }

    private final Environment environment;
    private final Clock clock;
    private final Lifecycle lifecycle;
    private final UnaryOperator<String> systemProperties;
    private final AtomicBoolean firstClaimed = new AtomicBoolean();
    private final AtomicInteger primingCalls = new AtomicInteger();
    private final ClassPreloader preloader;
    /** More than one invocation at a time (Lambda Managed Instances): no process-wide trace header is an invocation's. */
    private final boolean concurrent;
    private volatile boolean restored;

    private ExecutionEnvironment(Builder b) {
        this.environment = b.environment;
        this.clock = b.clock;
        this.lifecycle = b.lifecycle;
        this.systemProperties = b.systemProperties;
        this.concurrent = concurrent(environment);
        lifecycle.reportAs(environment.serviceName(), clock); // the report line has this environment's service and clock, like its log lines
        lifecycle.onAfterRestore("lambdakit-core: re-arm cold-start classification", this, ExecutionEnvironment::markRestored);
        this.preloader = ClassPreloader.register(lifecycle, "core", ExecutionEnvironment.class);
    }

    /**
     * Returns the process-wide execution environment. The first call also checks, once per
     * process, that the handler's lambdakit annotations were woven (see docs/getting-started.md,
     * "AspectJ plugin"): an unwoven {@code @Idempotent} fails it, and every later call, with a
     * {@link ConfigurationException}; other unwoven annotations are reported once as a WARN line.
     *
     * <p>On a thread inside a {@link ProcessScope} (several functions in one test JVM), it is the
     * scope's execution environment instead, checked once per scope.
     *
     * @return the process-wide execution environment, created from the process environment on first call
     * @throws ConfigurationException when the handler class (from {@code _HANDLER}) has an unwoven {@code @Idempotent} method
     */
    public static ExecutionEnvironment current() {
        Optional<ProcessScope> scope = ProcessScope.current();
        if (scope.isPresent()) {
            return scope.get().verifiedEnvironment();
        }
        ExecutionEnvironment env = Holder.CURRENT;
        WeavingCheck.verifyOnce(env.environment);
        return env;
    }

    private static ExecutionEnvironment createCurrent() {
        ExecutionEnvironment env = builder().environment(Environment.system()).build();
        env.lifecycle.attachToCrac();
        // once per process: a misspelt POWERTOOLS_/LAMBDAKIT_ variable is named, with the one meant (docs/configuration.md)
        VariableNameCheck.report(env.environment, env.clock);
        return env;
    }

    /** @return a builder for an execution environment of one's own, e.g. in a test */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the environment snapshot */
    public Environment environment() {
        return environment;
    }

    /** @return the clock every module uses for timestamps and deadlines */
    public Clock clock() {
        return clock;
    }

    /** @return the SnapStart/CRaC hook registry */
    public Lifecycle lifecycle() {
        return lifecycle;
    }

    /**
     * Opens the scope of an invocation on this thread. Close it when the invocation ends (use
     * try-with-resources). If this thread is already inside the scope of the same request, the
     * returned scope shares that context and closing it does nothing.
     *
     * @param lambdaContext the Lambda context of the invocation
     * @return the open scope
     * @throws ConfigurationException on a thread inside a {@link ProcessScope} of another execution environment
     *                                (an instance kept in a static field across in-process functions)
     */
    public InvocationScope enter(Context lambdaContext) {
        Objects.requireNonNull(lambdaContext, "lambdaContext");
        InvocationContext outer = InvocationContext.CURRENT.get();
        if (outer != null && Objects.equals(outer.requestId(), lambdaContext.getAwsRequestId())) {
            return new InvocationScope(outer, outer, false);
        }
        Optional<ProcessScope> scope = ProcessScope.current();
        if (scope.isPresent() && scope.get().executionEnvironment() != this) {
            throw foreign(scope.get().executionEnvironment());
        }
        InvocationContext ctx = new InvocationContext(this, lambdaContext, classify(), resolveTraceHeader(lambdaContext));
        InvocationContext.CURRENT.set(ctx);
        return new InvocationScope(ctx, outer, true);
    }

    /**
     * An instance (a {@code Metrics}, {@code Tracer}, ... holding this environment) ran an invocation of
     * another in-process function: it was kept in a static field by an earlier function, or built outside
     * the function. Sharing it would report the other environment's cold start and settings.
     */
    private ConfigurationException foreign(ExecutionEnvironment scopes) {
        Optional<String> function = environment.functionName();
        String owner = function.isPresent() ? "the execution environment of in-process function " + function.get()
                : "the test JVM's own execution environment (it was built outside the function)";
        ConfigurationException.Problems p = ConfigurationException.problems("in-process function "
                + scopes.environment().functionName().orElse("(unnamed)"));
        p.add("a lambdakit instance built for " + owner + " ran an invocation of this function; each in-process function is a "
                + "process of its own, so an instance kept in a static field (or built outside the function) would report the "
                + "other environment's cold start and settings. Build it in the handler's constructor or use Metrics.current(), "
                + "Tracer.current(), ...; "
                + "run one execution environment per JVM for this handler (no LocalFunction.restart() or freshPerTest(), one "
                + "LocalFunction at a time), or use Mode.RUNTIME_CLIENT");
        try {
            p.throwIfAny();
        } catch (ConfigurationException e) {
            return e;
        }
        throw new IllegalStateException("unreachable");
    }

    /**
     * A call of the user's handler made while priming.
     */
    @FunctionalInterface
    public interface PrimingCall {
        /**
         * Calls the handler, e.g. {@code context -> handleRequest(syntheticEvent, context)}.
         *
         * @param context a synthetic Lambda context (request id {@code lambdakit-priming-<n>})
         * @throws Exception to fail the priming, and with it the checkpoint
         */
        void call(Context context) throws Exception;
    }

    /**
     * Registers a before-checkpoint hook that calls the user's handler once with a synthetic
     * context, silently (see {@link #prime(String, PrimingCall)}). Call it at init, e.g. in the
     * handler's constructor. It runs only when a SnapStart snapshot is taken; in an on-demand
     * environment nothing is called. An exception thrown by the call fails the checkpoint, so a
     * broken priming shows up when the version is published, not as a slow first request.
     *
     * @param name a name for the lifecycle report, e.g. {@code prime CreateOrder}
     * @param call the call of the handler
     * @return a handle that unregisters the hook
     */
    public Lifecycle.Registration primeBeforeCheckpoint(String name, PrimingCall call) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(call, "call");
        return lifecycle.onBeforeCheckpoint(name, this, ee -> ee.prime(name, call));
    }

    /**
     * Calls the handler now, inside a priming scope with a synthetic context: the function name,
     * version and memory come from the environment, the deadline is five minutes away, and the
     * context's logger discards what it is given. Modules see {@link InvocationContext#isPriming()}
     * and stay silent; cold-start classification is not consumed.
     *
     * @param name a name for the synthetic request id
     * @param call the call of the handler
     * @throws Exception whatever the call throws
     */
    public void prime(String name, PrimingCall call) throws Exception {
        Objects.requireNonNull(name, "name");
        prime(new PrimingContext(environment, "lambdakit-priming-" + primingCalls.incrementAndGet()), call);
    }

    /**
     * Calls the handler now with a context of one's own, inside a priming scope (see {@link #prime(String, PrimingCall)}).
     *
     * @param context the context to pass
     * @param call    the call of the handler
     * @throws Exception whatever the call throws
     */
    public void prime(Context context, PrimingCall call) throws Exception {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(call, "call");
        InvocationContext outer = InvocationContext.CURRENT.get();
        InvocationContext ctx = new InvocationContext(this, context, ColdStart.WARM, null, true);
        InvocationContext.CURRENT.set(ctx);
        try (InvocationScope scope = new InvocationScope(ctx, outer, true)) {
            call.call(scope.context().lambdaContext());
        }
    }

    /** @return the preloader of core's own class list (tests) */
    ClassPreloader preloader() {
        return preloader;
    }

    /**
     * Classifies the next invocation; exactly one caller per environment (and per restore) gets a
     * first-invocation kind, even when invocations run concurrently.
     */
    ColdStart classify() {
        if (restored) {
            synchronized (this) {
                if (restored) {
                    restored = false;
                    firstClaimed.set(true);
                    return ColdStart.SNAP_START_RESTORE;
                }
            }
        }
        if (!firstClaimed.get() && firstClaimed.compareAndSet(false, true)) {
            return switch (environment.initializationType()) {
                case ON_DEMAND -> ColdStart.ON_DEMAND;
                case PROVISIONED_CONCURRENCY -> ColdStart.PROVISIONED_CONCURRENCY;
                case LAMBDA_MANAGED_INSTANCES -> ColdStart.LAMBDA_MANAGED_INSTANCES;
                case SNAP_START -> ColdStart.SNAP_START_RESTORE;
            };
        }
        return ColdStart.WARM;
    }

    private void markRestored() {
        restored = true;
    }

    private static boolean concurrent(Environment environment) {
        try {
            return environment.maxConcurrency() > 1;
        } catch (ConfigurationException e) {
            return false; // not an integer: the runtime client reports it and runs one invocation at a time
        }
    }

    /**
     * The per-invocation trace header: from the Context (set by runtimes that support concurrent
     * invocations), else the system property the runtime sets per invocation, else the
     * environment's {@code _X_AMZN_TRACE_ID}. Malformed headers count as absent. When invocations
     * run concurrently ({@code AWS_LAMBDA_MAX_CONCURRENCY} above 1) only the Context's counts: a
     * process-wide value (the runtime sets no property then; the variable is the init's trace)
     * would put every invocation without a header of its own into one trace that is none of theirs.
     */
    private TraceHeader resolveTraceHeader(Context lambdaContext) {
        String header = lambdaContext.getXrayTraceId();
        if (concurrent) {
            return header == null || header.isBlank() ? null : TraceHeader.parse(header).orElse(null);
        }
        if (header == null || header.isBlank()) {
            header = systemProperties.apply(TRACE_HEADER_PROPERTY);
        }
        if (header == null || header.isBlank()) {
            header = environment.initTraceHeader().orElse(null);
        }
        return TraceHeader.parse(header).orElse(null);
    }

    /** Builds an {@link ExecutionEnvironment}. */
    public static final class Builder {
        private Environment environment = Environment.empty();
        private Clock clock = Clock.systemUTC();
        private Lifecycle lifecycle;
        private UnaryOperator<String> systemProperties = System::getProperty;

        private Builder() {
        }

        /**
         * @param environment the environment snapshot (default: empty)
         * @return this builder
         */
        public Builder environment(Environment environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
            return this;
        }

        /**
         * @param clock the clock (default: system UTC)
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param lifecycle the hook registry (default: a new one)
         * @return this builder
         */
        public Builder lifecycle(Lifecycle lifecycle) {
            this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
            return this;
        }

        /**
         * @param systemProperties how to read system properties (default: {@link System#getProperty(String)})
         * @return this builder
         */
        public Builder systemProperties(UnaryOperator<String> systemProperties) {
            this.systemProperties = Objects.requireNonNull(systemProperties, "systemProperties");
            return this;
        }

        /** @return the execution environment */
        public ExecutionEnvironment build() {
            if (lifecycle == null) {
                lifecycle = Lifecycle.create();
            }
            return new ExecutionEnvironment(this);
        }
    }
}
