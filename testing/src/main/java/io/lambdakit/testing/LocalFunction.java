package io.lambdakit.testing;

import io.lambdakit.core.Environment;
import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.InitializationType;
import io.lambdakit.core.Json;
import io.lambdakit.testing.internal.ChildDriver;
import io.lambdakit.testing.internal.ChildRuntime;
import io.lambdakit.testing.internal.FunctionDriver;
import io.lambdakit.testing.internal.HandlerDispatcher;
import io.lambdakit.testing.internal.InProcessDriver;
import io.lambdakit.testing.internal.LambdaSerialization;
import io.lambdakit.testing.internal.Outcome;
import io.lambdakit.testing.internal.PendingInvocation;
import io.lambdakit.testing.internal.RuntimeClientLibrary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * A Lambda function running locally, for real: by default the handler runs in a child JVM under
 * the real AWS Lambda Runtime Interface Client, which talks to a local Runtime API exactly as it
 * talks to Lambda's; or, for fast unit tests, in this JVM ({@link Mode#IN_PROCESS}).
 *
 * <pre>{@code
 * try (LocalFunction fn = LocalFunction.builder().handler(OrderHandler.class).start()) {
 *     InvocationResult result = fn.invoke(Events.sqs().message("{\"id\":1}").build());
 *     assertThat(result.logLines()).anyMatch(l -> l.path("message").asText().equals("done"));
 * }
 * }</pre>
 *
 * <p>What Lambda does, this does: the environment variables Lambda sets (plus yours), the JVM
 * flags of the managed Java runtimes, deadlines ({@code Task timed out after N seconds}, after
 * which the environment is discarded and the next invocation cold-starts a new one), init
 * errors reported through {@code /runtime/init/error}, and the SnapStart sequence with the real
 * {@code org.crac} hooks. Everything the function writes to stdout/stderr and every X-Ray
 * segment it sends is captured per invocation and parsed ({@link InvocationResult}).
 *
 * <p>Invocations are sequential, as in one Lambda execution environment, unless the function runs on
 * Lambda Managed Instances ({@link Builder#maxConcurrency(int)}): then one environment runs up to
 * {@link #maxConcurrency()} invocations at once on the runtime client's worker threads, each with its own
 * deadline, and {@link #invokeAsync(String)} and {@link #invokeAll(List)} put several in flight. Invocations
 * beyond that number wait in the local Runtime API's queue until a worker is free (Lambda would throttle them
 * with a 429 or route them to another environment; the test kit queues them, so a test's invocations all run).
 * Every wait is bounded.
 *
 * <p>With several invocations in flight the output is one stream, so a line is attributed to the invocation
 * whose request id it names (lambdakit's and Powertools' {@code function_request_id}, the runtime client's
 * {@code AWSRequestId}, EMF blobs' {@code function_request_id}, or the id anywhere in a text line) and an X-Ray
 * segment to the invocation whose trace {@code Root=} it carries; what names none of the invocations in flight
 * goes to {@link #environmentOutput()} and {@link #environmentSegments()}. A timed-out managed-instances
 * invocation fails alone: the environment and the other invocations go on, and the late reply of its worker is
 * refused with a 4xx, as on Lambda.
 */
public final class LocalFunction implements AutoCloseable {

    /** Lambda's budget for the after-restore phase of SnapStart. */
    public static final Duration SNAP_START_RESTORE_BUDGET = Duration.ofSeconds(10);
    /** Lambda's init budget for on-demand functions (a slower init is retried within the function timeout). */
    public static final Duration LAMBDA_INIT_BUDGET = Duration.ofSeconds(10);

    /**
     * The JVM flags of the managed Java runtimes (java17 and later) on demand: tiered compilation stopped
     * at C1, which starts fastest for short-lived invocations, and the serial collector, which
     * has the smallest footprint and no GC threads competing for Lambda's fractional vCPU. java25 drops the C1
     * limit for SnapStart and provisioned concurrency ({@link JavaRuntime#jvmFlags(InitializationType)}).
     */
    public static final List<String> MANAGED_RUNTIME_JVM_FLAGS = List.of(
            "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
            "-XX:-UsePerfData", "-Djava.net.preferIPv4Stack=true");

    private static final Set<String> CONTROLLED_VARIABLES = Set.of(Environment.AWS_LAMBDA_RUNTIME_API, Environment.HANDLER);

    /**
     * The concurrency of a managed-instances function built with {@code initializationType(LAMBDA_MANAGED_INSTANCES)}
     * and no {@link Builder#maxConcurrency(int)}: 4. Lambda's own default (32 per vCPU) would start dozens of
     * worker threads in a test's child JVM; 4 keeps several invocations in flight, which is what exposes shared
     * state, at a thread count the build machine's cores can run.
     */
    public static final int DEFAULT_MAX_CONCURRENCY = 4;

    /** Lambda's init budget on managed instances: 130 seconds or the function timeout, whichever is longer. */
    public static final Duration MANAGED_INSTANCES_INIT_BUDGET = Duration.ofSeconds(130);

    /** Where the handler runs. */
    public enum Mode {
        /**
         * In a child JVM under the real runtime interface client, against the local Runtime API:
         * production fidelity (environment, JVM flags, serialization, logging, SnapStart). Where
         * the client's native library cannot load (it is built for Linux only), a portable Java
         * loop in the child JVM drives the same Runtime API instead; see {@link #usesNativeRuntimeClient()}.
         */
        RUNTIME_CLIENT,
        /**
         * In this JVM on a worker thread, with a {@link TestContext}: fastest, for unit tests. Each
         * execution environment is a {@link io.lambdakit.core.ProcessScope} of its own: lambdakit's
         * components read the function's variables (Lambda's plus {@link Builder#environment(Map)})
         * and keep their process-wide instances and cold start per environment, and what the
         * function's threads write to {@code System.out}, {@code System.err} and
         * {@code context.getLogger()} is captured per invocation. The handler's own
         * {@code System.getenv()}, system properties and static fields are the test JVM's.
         */
        IN_PROCESS
    }

    private final FunctionSettings settings;
    private final LocalXRayDaemon xray;
    private final Path workDirectory;
    private final Path jniLibrary;
    private final Map<String, String> baseEnvironment;
    private FunctionDriver driver;
    private String environmentId;
    private int invocationsInEnvironment;
    private int environmentsStarted;
    private List<String> initOutput = List.of();
    private boolean awaitingRestore;
    private List<String> checkpointOutput = List.of();
    private boolean closed;
    private InvokeOptions lastOptions = InvokeOptions.defaults();
    private SegmentAttribution segmentAttribution;
    private final List<String> environmentLines = new ArrayList<>();
    private final List<String> refusedReplies = new ArrayList<>();
    /** Tenant isolation: one function (with its own environments) per tenant id, in order of first use. */
    private final Map<String, LocalFunction> tenants = new LinkedHashMap<>();
    private final Map<String, InvokeOptions> inFlightOptions = new java.util.concurrent.ConcurrentHashMap<>();
    private java.util.concurrent.ExecutorService asyncExecutor;

    private LocalFunction(FunctionSettings settings) {
        this.settings = settings;
        try {
            this.workDirectory = settings.workDirectory != null ? Files.createDirectories(settings.workDirectory.toAbsolutePath())
                    : Files.createTempDirectory("lambdakit-fn-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a working directory for the local function", e);
        }
        this.jniLibrary = settings.mode == Mode.RUNTIME_CLIENT && !settings.forceJavaLoop
                ? RuntimeClientLibrary.extractTo(workDirectory.resolve("runtime")).orElse(null) : null;
        this.xray = LocalXRayDaemon.start();
        this.baseEnvironment = LambdaEnvironment.variables(settings, xray.address(), workDirectory);
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    private void startEnvironment() {
        environmentsStarted++;
        environmentId = TestContext.defaultLogStreamName(Clock.systemUTC(), settings.functionVersion);
        invocationsInEnvironment = 0;
        String name = settings.functionName + "-" + environmentsStarted;
        Map<String, String> env = new LinkedHashMap<>(baseEnvironment);
        env.put(Environment.AWS_LAMBDA_LOG_STREAM_NAME, env.getOrDefault(Environment.AWS_LAMBDA_LOG_STREAM_NAME, environmentId));
        env.putIfAbsent(Environment.X_AMZN_TRACE_ID, LambdaEnvironment.newTraceHeader(settings.tracing));
        if (settings.mode == Mode.IN_PROCESS) {
            initOutput = List.of();
            ExecutionEnvironment execution = ExecutionEnvironment.builder().environment(Environment.of(env)).build();
            if (settings.managedInstances()) {
                if (segmentAttribution == null) {
                    segmentAttribution = new SegmentAttribution(xray);
                }
                driver = new InProcessDriver(settings.handler, classLoader(), name, execution, new InProcessContexts(this),
                        settings.concurrency(), this::addEnvironmentOutput);
            } else {
                driver = new InProcessDriver(settings.handler, classLoader(), name, execution, new InProcessContexts(this));
            }
        } else {
            preflight();
            ChildRuntime.Spec spec = new ChildRuntime.Spec(ChildJvm.javaExecutable(settings), ChildJvm.jvmArgs(settings, workDirectory, jniLibrary),
                    ChildJvm.classpath(settings), ChildJvm.mainClass(jniLibrary),
                    List.of(settings.handler), env, workDirectory.resolve("task"),
                    workDirectory.resolve("output-" + environmentsStarted + ".log"), name);
            if (settings.managedInstances()) {
                if (segmentAttribution == null) {
                    segmentAttribution = new SegmentAttribution(xray);
                }
                driver = new ChildDriver(spec, this::addEnvironmentOutput);
            } else {
                driver = new ChildDriver(spec);
            }
        }
        FunctionDriver.Init init = driver.init(initTimeout());
        initOutput = init.output();
        if (init.error() != null) {
            driver.close();
            driver = null;
            throw new FunctionInitException(init.error(), init.output());
        }
        awaitingRestore = init.state() == ChildRuntime.InitState.CHECKPOINTED;
        checkpointOutput = awaitingRestore ? init.output() : List.of();
    }

    /**
     * The runtime client reports a handler it cannot find only when the first invocation arrives
     * (as {@code Runtime.BadFunctionCode}); we run the same checks before launching it, so a typo
     * fails at start with the runtime's own error type and message.
     */
    private void preflight() {
        ClassLoader loader = classLoader();
        java.net.URLClassLoader extra = null;
        try {
            if (!settings.classpath.isEmpty()) {
                java.net.URL[] urls = new java.net.URL[settings.classpath.size()];
                for (int i = 0; i < urls.length; i++) {
                    urls[i] = settings.classpath.get(i).toUri().toURL();
                }
                extra = new java.net.URLClassLoader(urls, loader);
                loader = extra;
            }
            HandlerDispatcher.check(settings.handler, loader);
        } catch (HandlerDispatcher.InitFailure f) {
            com.fasterxml.jackson.databind.node.ObjectNode doc = Json.mapper().createObjectNode();
            doc.put("errorMessage", f.errorMessage());
            if (f.errorType() != null) {
                doc.put("errorType", f.errorType());
            }
            throw new FunctionInitException(InvocationError.parse(doc.toString().getBytes(StandardCharsets.UTF_8),
                    "Runtime.BadFunctionCode"), List.of());
        } catch (java.net.MalformedURLException e) {
            throw new IllegalArgumentException("a classpath entry is not a valid path: " + e.getMessage(), e);
        } finally {
            if (extra != null) {
                try {
                    extra.close();
                } catch (IOException e) {
                    // nothing was opened that matters
                }
            }
        }
    }

    private Duration initTimeout() {
        if (settings.initTimeout != null) {
            return settings.initTimeout;
        }
        if (settings.managedInstances()) {
            return settings.timeout.compareTo(MANAGED_INSTANCES_INIT_BUDGET) > 0 ? settings.timeout : MANAGED_INSTANCES_INIT_BUDGET;
        }
        return settings.timeout.compareTo(LAMBDA_INIT_BUDGET) > 0 ? settings.timeout : LAMBDA_INIT_BUDGET;
    }

    /**
     * Starts the execution environment now (the builder's {@link Builder#start()} does this):
     * launches the runtime and waits until init is done; for SnapStart, until the snapshot.
     *
     * @return this function
     * @throws FunctionInitException when init fails
     */
    public synchronized LocalFunction warmUp() {
        ensureOpen();
        if (settings.tenantIsolation) {
            return this; // an environment belongs to a tenant: the first invocation of each starts it
        }
        if (driver == null || !driver.isAlive()) {
            startEnvironment();
        }
        return this;
    }

    /**
     * Discards the current execution environment and starts a new one now, as Lambda does after a
     * deployment or when it recycles an idle environment: the next invocation is the new
     * environment's first (a cold start), with new process-wide state in {@link Mode#IN_PROCESS}.
     * Use it where a test asserts on the cold start of a function other tests share.
     *
     * @return this function
     * @throws FunctionInitException when the new environment's init fails
     */
    public synchronized LocalFunction restart() {
        ensureOpen();
        if (settings.tenantIsolation) {
            for (LocalFunction tenant : tenants.values()) {
                tenant.restart();
            }
            return this;
        }
        discardEnvironment();
        startEnvironment();
        return this;
    }

    /** @return true when the current environment ran an invocation, so the next one would not be a cold start */
    synchronized boolean environmentUsed() {
        if (settings.tenantIsolation) {
            return tenants.values().stream().anyMatch(LocalFunction::environmentUsed);
        }
        return driver != null && driver.isAlive() && invocationsInEnvironment > 0;
    }

    /**
     * Drives the SnapStart sequence: if needed, a new environment is initialised and its
     * before-checkpoint hooks run (the snapshot); then the environment is restored: the
     * runtime's {@code /runtime/restore/next} is answered and the after-restore hooks run within
     * {@link #SNAP_START_RESTORE_BUDGET}. The next invocation is the first after restore.
     *
     * @return what happened in each phase
     * @throws IllegalStateException when the function was not built with {@link InitializationType#SNAP_START}
     * @throws FunctionInitException  when init or a before-checkpoint hook fails
     */
    public synchronized SnapStartResult snapStart() {
        ensureOpen();
        if (settings.initializationType != InitializationType.SNAP_START) {
            throw new IllegalStateException("snapStart() needs a SnapStart function: build it with "
                    + ".initializationType(InitializationType.SNAP_START)");
        }
        if (settings.mode == Mode.IN_PROCESS) {
            throw new IllegalStateException("snapStart() needs Mode.RUNTIME_CLIENT: SnapStart hooks are driven by the runtime "
                    + "interface client's CRaC implementation, which cannot be installed in the test's own JVM");
        }
        if (driver == null || !driver.isAlive() || !awaitingRestore) {
            if (driver != null) {
                driver.close();
            }
            startEnvironment();
        }
        return restore();
    }

    private SnapStartResult restore() {
        FunctionDriver.Restore restore = driver.restore(SNAP_START_RESTORE_BUDGET);
        awaitingRestore = false;
        SnapStartResult result = new SnapStartResult(checkpointOutput, restore.output(), restore.duration(), restore.error());
        if (restore.error() != null) {
            driver.close();
            driver = null;
        }
        return result;
    }

    /**
     * Invokes the function with a JSON event, synchronously (like {@code RequestResponse}).
     *
     * @param eventJson the event, which must be valid JSON as for Lambda's Invoke API
     * @return the outcome and everything captured while it ran
     * @throws InvalidEventException when the event is not valid JSON
     * @throws FunctionInitException when a new environment had to be started and its init failed
     */
    public InvocationResult invoke(String eventJson) {
        return invoke(eventJson, InvokeOptions.defaults());
    }

    /**
     * Invokes the function with an event object, serialized as Lambda's runtime serializes it
     * (so {@code SQSEvent} becomes {@code {"Records":[...]}}).
     *
     * @param event the event
     * @return the outcome and everything captured while it ran
     */
    public InvocationResult invoke(Object event) {
        if (event instanceof String s) {
            return invoke(s);
        }
        return invoke(LambdaSerialization.toJson(event), InvokeOptions.defaults());
    }

    /**
     * Invokes the function with a JSON event and per-invocation options (trace header, client
     * context, Cognito identity, tenant id).
     *
     * @param eventJson the event
     * @param options   the options
     * @return the outcome and everything captured while it ran
     */
    public InvocationResult invoke(String eventJson, InvokeOptions options) {
        if (settings.tenantIsolation) {
            return tenant(options).invoke(eventJson, options);
        }
        if (settings.managedInstances()) {
            return invokeManaged(eventJson, options);
        }
        return invokeClassic(eventJson, options);
    }

    /**
     * Invokes the function without waiting: on a managed-instances function up to {@link #maxConcurrency()}
     * invocations run at once in one environment (more wait their turn); on a classic function they run one
     * at a time, as in one Lambda execution environment.
     *
     * @param eventJson the event, which must be valid JSON
     * @return completes with the outcome and what was captured for this invocation; completes exceptionally
     *         with {@link FunctionInitException} when a new environment's init failed
     * @throws InvalidEventException when the event is not valid JSON (at once, not through the future)
     */
    public CompletableFuture<InvocationResult> invokeAsync(String eventJson) {
        return invokeAsync(eventJson, InvokeOptions.defaults());
    }

    /**
     * Like {@link #invokeAsync(String)}, with the event serialized as Lambda's runtime serializes it.
     *
     * @param event the event
     * @return completes with the outcome
     */
    public CompletableFuture<InvocationResult> invokeAsync(Object event) {
        return invokeAsync(event instanceof String s ? s : LambdaSerialization.toJson(event), InvokeOptions.defaults());
    }

    /**
     * Like {@link #invokeAsync(String)}, with per-invocation options.
     *
     * @param eventJson the event
     * @param options   the options
     * @return completes with the outcome
     */
    public CompletableFuture<InvocationResult> invokeAsync(String eventJson, InvokeOptions options) {
        EventJson.validate(eventJson);
        java.util.concurrent.ExecutorService executor = asyncExecutor();
        return CompletableFuture.supplyAsync(() -> invoke(eventJson, options), executor);
    }

    /**
     * Submits every event at once ({@link #invokeAsync(String)}) and waits for all of them.
     *
     * @param events the events: JSON strings or objects serialized as Lambda's runtime serializes them
     * @return the results, in the events' order
     */
    public List<InvocationResult> invokeAll(List<?> events) {
        return invokeAll(events, InvokeOptions.defaults());
    }

    /**
     * Like {@link #invokeAll(List)}, with the same options for every invocation.
     *
     * @param events  the events
     * @param options the options
     * @return the results, in the events' order
     * @throws FunctionInitException when an environment's init failed
     */
    public List<InvocationResult> invokeAll(List<?> events, InvokeOptions options) {
        List<CompletableFuture<InvocationResult>> futures = new ArrayList<>(events.size());
        for (Object event : events) {
            futures.add(invokeAsync(event instanceof String s ? s : LambdaSerialization.toJson(event), options));
        }
        List<InvocationResult> results = new ArrayList<>(futures.size());
        for (CompletableFuture<InvocationResult> f : futures) {
            try {
                results.add(f.join());
            } catch (java.util.concurrent.CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw e;
            }
        }
        return results;
    }

    /** @return how many invocations one execution environment runs at once: 1 for a classic function */
    public int maxConcurrency() {
        return settings.concurrency();
    }

    /**
     * The output of a managed-instances function that names no invocation that was in flight when it was
     * read: what background threads, the runtime client and lambdakit print outside any invocation (the
     * runtime client's {@code Starting N concurrent function handler threads.} is init output,
     * {@link #initOutput()}), a late line of an invocation that already returned, a line naming two.
     * Drained: each call returns what arrived since the previous one. Classic functions attribute output by
     * time (everything between an invocation's start and its end is its own), so this is empty for them.
     *
     * @return the lines, in order, since the previous call
     */
    public List<String> environmentOutput() {
        FunctionDriver current = driverForPump();
        if (current != null && current.isAlive()) {
            current.pumpOutput();
        }
        synchronized (environmentLines) {
            List<String> taken = List.copyOf(environmentLines);
            environmentLines.clear();
            return taken;
        }
    }

    /**
     * The X-Ray segments a managed-instances function sent whose trace id is the root of no invocation in
     * flight when they were read. Drained like {@link #environmentOutput()}; empty for classic functions,
     * whose segments belong to the invocation during which they arrived.
     *
     * @return the segment documents since the previous call
     */
    public List<com.fasterxml.jackson.databind.JsonNode> environmentSegments() {
        SegmentAttribution segments;
        synchronized (this) {
            segments = segmentAttribution;
        }
        return segments == null ? List.of() : segments.drainUnattributed();
    }

    /**
     * The request ids of replies the local Runtime API refused with a 4xx ({@code InvalidRequestID}), as Lambda
     * refuses them: a managed-instances invocation that timed out keeps running on its worker, and the response
     * or error that worker posts afterwards belongs to no invocation any more.
     *
     * @return every refused reply's request id so far, in order, over all environments
     */
    public synchronized List<String> refusedReplies() {
        List<String> all = new ArrayList<>(refusedReplies);
        if (driver != null) {
            all.addAll(driver.refusedReplies());
        }
        return all;
    }

    private synchronized FunctionDriver driverForPump() {
        return driver;
    }

    private LocalFunction tenant(InvokeOptions options) {
        if (options.tenantId == null || options.tenantId.isBlank()) {
            throw new IllegalArgumentException("this function isolates tenants (tenantIsolation(true), Lambda's TenancyConfig "
                    + "TenantIsolationMode=PER_TENANT), and Lambda rejects an invocation of such a function without a tenant id; "
                    + "pass one with InvokeOptions.create().tenantId(\"tenant-a\")");
        }
        synchronized (this) {
            ensureOpen();
            LocalFunction tenant = tenants.get(options.tenantId);
            if (tenant == null) {
                tenant = new LocalFunction(settings.forTenant(workDirectory.resolve("tenant-" + (tenants.size() + 1))));
                tenants.put(options.tenantId, tenant);
            }
            return tenant;
        }
    }

    /**
     * @return for a function with {@link Builder#tenantIsolation(boolean) tenant isolation}, the tenant ids it was
     *         invoked with, in order of first use (each has its own execution environments); empty otherwise
     */
    public synchronized List<String> tenantIds() {
        return List.copyOf(tenants.keySet());
    }

    private void addEnvironmentOutput(List<String> lines) {
        synchronized (environmentLines) {
            environmentLines.addAll(lines);
        }
    }

    private synchronized java.util.concurrent.ExecutorService asyncExecutor() {
        ensureOpen();
        if (asyncExecutor == null) {
            // classic: one at a time, as one environment runs them; managed instances: every invocation is
            // submitted at once and those beyond maxConcurrency wait in the Runtime API's queue, where their
            // deadline has not started yet
            java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.ThreadFactory threads = r -> {
                Thread t = new Thread(r, "lambdakit-invoke-" + settings.functionName + "-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
            // tenant isolation: each tenant's environment runs its invocations itself, tenants in parallel
            asyncExecutor = settings.managedInstances() || settings.tenantIsolation ? java.util.concurrent.Executors.newCachedThreadPool(threads)
                    : java.util.concurrent.Executors.newSingleThreadExecutor(threads);
        }
        return asyncExecutor;
    }

    private InvocationResult invokeManaged(String eventJson, InvokeOptions options) {
        EventJson.validate(eventJson);
        FunctionDriver child;
        String envId;
        SegmentAttribution segments;
        synchronized (this) {
            ensureOpen();
            if (driver == null || !driver.isAlive()) {
                startEnvironment();
            }
            child = driver;
            envId = environmentId;
            segments = segmentAttribution;
            invocationsInEnvironment++;
        }
        String requestId = UUID.randomUUID().toString();
        String trace = options.traceHeader != null ? options.traceHeader : settings.tracing ? LambdaEnvironment.newTraceHeader(settings.tracing) : null;
        String root = SegmentAttribution.root(trace);
        segments.open(root);
        long started = System.nanoTime();
        PendingInvocation pending = PendingInvocation.deadlineOnDelivery(requestId, eventJson.getBytes(StandardCharsets.UTF_8),
                settings.timeout.toMillis(),
                options.qualifier != null ? LambdaEnvironment.functionArn(settings) + ":" + options.qualifier : LambdaEnvironment.functionArn(settings), trace,
                options.clientContextJson(), options.cognitoIdentityJson(), options.tenantId);
        // a queued invocation waits while workers are busy; when none has asked for work for longer than an
        // invocation may run, every worker is stuck past its deadline and it can never run
        if (settings.mode == Mode.IN_PROCESS) {
            inFlightOptions.put(requestId, options);
        }
        Outcome outcome;
        try {
            outcome = child.invokeConcurrent(pending, settings.timeout.plusSeconds(5));
        } finally {
            inFlightOptions.remove(requestId);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        LocalXRayDaemon.Drained drained = segments.close(root);
        List<String> output = new ArrayList<>(outcome.output());
        InvocationError error = null;
        String response = null;
        switch (outcome.kind()) {
            case RESPONSE -> response = new String(outcome.body(), StandardCharsets.UTF_8);
            case ERROR -> error = InvocationError.parse(outcome.body(), outcome.errorTypeHeader());
            case TIMEOUT -> error = timedOut(requestId, output);
            case EXITED -> {
                error = exited(requestId, outcome.exitCode());
                synchronized (this) {
                    if (driver == child) {
                        discardEnvironment();
                    }
                }
            }
            case THROTTLED -> error = InvocationError.of("TooManyRequestsException",
                    "Rate Exceeded. RequestId: " + requestId + ": all " + settings.concurrency() + " runtime workers of environment "
                            + envId + " stayed busy past their invocations' deadlines, so none could take this one", null);
            default -> throw new IllegalStateException(outcome.kind().toString());
        }
        return new InvocationResult(requestId, trace, response, error, outcome.kind() == Outcome.Kind.TIMEOUT,
                output, drained.segments(), drained.datagrams(), took, pending.deliveryOrdinal() == 1, envId);
    }

    /** Lambda's timeout: the line it logs (added to {@code output}) and the error the caller gets. */
    private InvocationError timedOut(String requestId, List<String> output) {
        String secs = ChildDriver.seconds(settings.timeout);
        output.add(Instant.now() + " " + requestId + " Task timed out after " + secs + " seconds");
        return InvocationError.of("Sandbox.Timedout", "RequestId: " + requestId + " Error: Task timed out after " + secs + " seconds", null);
    }

    /** The error Lambda reports when the runtime process dies during an invocation. */
    private static InvocationError exited(String requestId, int exitCode) {
        return InvocationError.of("Runtime.ExitError",
                "RequestId: " + requestId + " Error: Runtime exited with error: " + ChildDriver.exitDescription(exitCode), null);
    }

    private synchronized InvocationResult invokeClassic(String eventJson, InvokeOptions options) {
        ensureOpen();
        EventJson.validate(eventJson);
        if (driver == null || !driver.isAlive()) {
            startEnvironment();
        }
        if (awaitingRestore) {
            SnapStartResult restore = restore();
            if (!restore.succeeded()) {
                throw new FunctionInitException(restore.error().orElseThrow(), restore.restoreOutput());
            }
        }
        boolean cold = invocationsInEnvironment == 0;
        invocationsInEnvironment++;
        xray.drainWithDatagrams(); // segments sent between invocations belong to none
        String requestId = UUID.randomUUID().toString();
        String trace = options.traceHeader != null ? options.traceHeader : settings.tracing ? LambdaEnvironment.newTraceHeader(settings.tracing) : null;
        long started = System.nanoTime();
        long deadline = System.currentTimeMillis() + settings.timeout.toMillis();
        PendingInvocation pending = new PendingInvocation(requestId, eventJson.getBytes(StandardCharsets.UTF_8), deadline,
                options.qualifier != null ? LambdaEnvironment.functionArn(settings) + ":" + options.qualifier : LambdaEnvironment.functionArn(settings), trace,
                options.clientContextJson(), options.cognitoIdentityJson(),
                options.tenantId);
        lastOptions = options;
        Outcome outcome = driver.invoke(pending, settings.timeout);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        LocalXRayDaemon.Drained drained = xray.drainWithDatagrams();
        List<String> output = new ArrayList<>(outcome.output());
        InvocationError error = null;
        String response = null;
        switch (outcome.kind()) {
            case RESPONSE -> response = new String(outcome.body(), StandardCharsets.UTF_8);
            case ERROR -> error = InvocationError.parse(outcome.body(), outcome.errorTypeHeader());
            case TIMEOUT -> {
                error = timedOut(requestId, output);
                discardEnvironment();
            }
            case EXITED -> {
                error = exited(requestId, outcome.exitCode());
                discardEnvironment();
            }
            default -> throw new IllegalStateException(outcome.kind().toString());
        }
        if (driver != null && !driver.isAlive()) {
            discardEnvironment();
        }
        return new InvocationResult(requestId, trace, response, error, outcome.kind() == Outcome.Kind.TIMEOUT,
                output, drained.segments(), drained.datagrams(), took, cold, environmentId);
    }

    private void discardEnvironment() {
        if (driver != null) {
            refusedReplies.addAll(driver.refusedReplies());
            driver.close();
            driver = null;
        }
    }

    /** The context of each in-process invocation (a plain class, not a lambda: the function's first invocation path). */
    private static final class InProcessContexts implements InProcessDriver.ContextFactory {
        private final LocalFunction function;

        InProcessContexts(LocalFunction function) {
            this.function = function;
        }

        @Override
        public Context create(PendingInvocation invocation, LambdaLogger logger) {
            return function.inProcessContext(invocation, logger);
        }
    }

    private Context inProcessContext(PendingInvocation invocation, LambdaLogger logger) {
        TestContext.Builder b = TestContext.builder()
                .requestId(invocation.requestId())
                .functionName(settings.functionName)
                .functionVersion(settings.functionVersion)
                .invokedFunctionArn(invocation.functionArn())
                .memoryLimitMb(settings.memoryMb)
                .deadline(Instant.ofEpochMilli(invocation.deadlineEpochMillis()))
                .tenantId(invocation.tenantId())
                .xrayTraceId(invocation.traceHeader())
                .logGroupName(baseEnvironment.get(Environment.AWS_LAMBDA_LOG_GROUP_NAME))
                .logStreamName(environmentId)
                .logger(logger);
        InvokeOptions options = inFlightOptions.getOrDefault(invocation.requestId(), lastOptions);
        if (options.clientContext != null) {
            b.clientContext(options.clientContext);
        }
        if (options.identity != null) {
            b.identity(options.identity);
        }
        return b.build();
    }

    private ClassLoader classLoader() {
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        return tccl != null ? tccl : LocalFunction.class.getClassLoader();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("this LocalFunction was closed; build a new one");
        }
    }

    /** @return where the handler runs */
    public Mode mode() {
        return settings.mode;
    }

    /** @return the handler string, {@code pkg.Class} or {@code pkg.Class::method} */
    public String handler() {
        return settings.handler;
    }

    /** @return the function name */
    public String functionName() {
        return settings.functionName;
    }

    /** @return the Lambda Java runtime the function imitates ({@code AWS_EXECUTION_ENV}, JVM flags) */
    public JavaRuntime runtime() {
        return settings.runtime;
    }

    /** @return the function timeout */
    public Duration timeout() {
        return settings.timeout;
    }

    /**
     * @return the environment variables the function gets (without {@code AWS_LAMBDA_RUNTIME_API}
     *         and the per-environment log stream), e.g. to read {@code AWS_SESSION_TOKEN}
     */
    public Map<String, String> environment() {
        return baseEnvironment;
    }

    /** @return the local X-Ray daemon the function sends segments to */
    public LocalXRayDaemon xrayDaemon() {
        return xray;
    }

    /** @return how many execution environments were started (1 + one per recycle after a timeout, crash or init failure) */
    public synchronized int environmentsStarted() {
        int started = environmentsStarted;
        for (LocalFunction tenant : tenants.values()) {
            started += tenant.environmentsStarted();
        }
        return started;
    }

    /** @return what the current (or last) environment printed during init */
    public synchronized List<String> initOutput() {
        return initOutput;
    }

    /**
     * @return true when the real runtime interface client runs the handler; false in
     *         {@link Mode#IN_PROCESS} and where its native library cannot load (macOS, Windows)
     */
    public boolean usesNativeRuntimeClient() {
        return jniLibrary != null;
    }

    /** Stops the runtime (killing the child JVM), the X-Ray daemon and deletes the working directory; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (asyncExecutor != null) {
            asyncExecutor.shutdown();
        }
        for (LocalFunction tenant : tenants.values()) {
            tenant.close();
        }
        try {
            discardEnvironment();
        } finally {
            xray.close();
            if (settings.workDirectory == null) {
                ChildJvm.deleteRecursively(workDirectory);
            }
        }
    }

    @Override
    public String toString() {
        return "LocalFunction[" + settings.handler + ", " + settings.mode + "]";
    }

    /**
     * Per-invocation options, for what Lambda takes from the caller rather than from the function's
     * configuration.
     */
    public static final class InvokeOptions {
        private static final InvokeOptions DEFAULTS = new InvokeOptions();
        private String traceHeader;
        private ClientContext clientContext;
        private CognitoIdentity identity;
        private String tenantId;
        private String qualifier;

        private InvokeOptions() {
        }

        /** @return options with nothing set: a new sampled trace header when tracing is on */
        public static InvokeOptions defaults() {
            return DEFAULTS;
        }

        /** @return new, empty options to set values on */
        public static InvokeOptions create() {
            return new InvokeOptions();
        }

        private InvokeOptions copy() {
            InvokeOptions o = new InvokeOptions();
            o.traceHeader = traceHeader;
            o.clientContext = clientContext;
            o.identity = identity;
            o.tenantId = tenantId;
            o.qualifier = qualifier;
            return o;
        }

        /**
         * @param traceHeader the upstream X-Ray header, e.g. {@code Root=1-...;Parent=...;Sampled=1}
         * @return a copy with it set
         */
        public InvokeOptions traceHeader(String traceHeader) {
            InvokeOptions o = copy();
            o.traceHeader = traceHeader;
            return o;
        }

        /**
         * @param clientContext the mobile client context
         * @return a copy with it set
         */
        public InvokeOptions clientContext(ClientContext clientContext) {
            InvokeOptions o = copy();
            o.clientContext = clientContext;
            return o;
        }

        /**
         * @param identity the Cognito identity
         * @return a copy with it set
         */
        public InvokeOptions identity(CognitoIdentity identity) {
            InvokeOptions o = copy();
            o.identity = identity;
            return o;
        }

        /**
         * @param tenantId the tenant id of a tenant-isolated function
         * @return a copy with it set
         */
        public InvokeOptions tenantId(String tenantId) {
            InvokeOptions o = copy();
            o.tenantId = tenantId;
            return o;
        }

        /**
         * @param qualifier a version or alias the caller used; it is appended to the invoked ARN
         * @return a copy with it set
         */
        public InvokeOptions qualifier(String qualifier) {
            InvokeOptions o = copy();
            o.qualifier = qualifier;
            return o;
        }

        String clientContextJson() {
            if (clientContext == null) {
                return null;
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            if (clientContext.getClient() != null) {
                var c = clientContext.getClient();
                Map<String, String> client = new LinkedHashMap<>();
                client.put("installation_id", c.getInstallationId());
                client.put("app_title", c.getAppTitle());
                client.put("app_version_name", c.getAppVersionName());
                client.put("app_version_code", c.getAppVersionCode());
                client.put("app_package_name", c.getAppPackageName());
                doc.put("client", client);
            }
            doc.put("custom", clientContext.getCustom());
            doc.put("env", clientContext.getEnvironment());
            return writeJson(doc);
        }

        String cognitoIdentityJson() {
            if (identity == null) {
                return null;
            }
            Map<String, String> doc = new LinkedHashMap<>();
            doc.put("cognitoIdentityId", identity.getIdentityId());
            doc.put("cognitoIdentityPoolId", identity.getIdentityPoolId());
            return writeJson(doc);
        }

        private static String writeJson(Object doc) {
            try {
                return Json.mapper().writeValueAsString(doc);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(e);
            }
        }
    }

    /** Builds and starts a {@link LocalFunction}. Only the handler is required. */
    public static final class Builder {
        private final FunctionSettings s = new FunctionSettings();

        private Builder() {
        }

        /**
         * @param handler {@code pkg.Class::method}, or {@code pkg.Class} for a class implementing
         *                {@code RequestHandler} or {@code RequestStreamHandler}; exactly what you would
         *                configure as the function's handler
         * @return this builder
         */
        public Builder handler(String handler) {
            s.handler = handler;
            return this;
        }

        /**
         * @param handlerClass a class implementing {@code RequestHandler} or {@code RequestStreamHandler}
         * @return this builder
         */
        public Builder handler(Class<?> handlerClass) {
            s.handler = handlerClass.getName();
            if (!RequestHandler.class.isAssignableFrom(handlerClass) && !RequestStreamHandler.class.isAssignableFrom(handlerClass)) {
                s.handler = "!" + handlerClass.getName();
            }
            return this;
        }

        /**
         * @param handlerClass the class declaring the handler method
         * @param method       the method name
         * @return this builder
         */
        public Builder handler(Class<?> handlerClass, String method) {
            s.handler = handlerClass.getName() + "::" + method;
            return this;
        }

        /**
         * @param mode where the handler runs (default {@link Mode#RUNTIME_CLIENT})
         * @return this builder
         */
        public Builder mode(Mode mode) {
            s.mode = mode;
            return this;
        }

        /**
         * @param environment variables for the function, on top of (and overriding) those Lambda sets;
         *                    in {@link Mode#IN_PROCESS} what lambdakit reads (not {@code System.getenv()})
         * @return this builder
         */
        public Builder environment(Map<String, String> environment) {
            s.environment.putAll(environment);
            return this;
        }

        /**
         * @param name  a variable
         * @param value its value
         * @return this builder
         */
        public Builder environment(String name, String value) {
            s.environment.put(name, value);
            return this;
        }

        /**
         * @param timeout the function timeout, 1 s to 15 min (default 30 s; Lambda's console default is 3 s)
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            s.timeout = timeout;
            return this;
        }

        /**
         * @param initTimeout the longest init may take (default: the larger of 10 s and the timeout,
         *                    since Lambda retries a slow on-demand init within the invocation's timeout)
         * @return this builder
         */
        public Builder initTimeout(Duration initTimeout) {
            s.initTimeout = initTimeout;
            return this;
        }

        /**
         * @param type {@code AWS_LAMBDA_INITIALIZATION_TYPE} (default on-demand); {@link InitializationType#SNAP_START}
         *             enables the checkpoint/restore sequence
         * @return this builder
         */
        public Builder initializationType(InitializationType type) {
            s.initializationType = type;
            return this;
        }

        /**
         * @param runtime the Lambda Java runtime to imitate: {@code AWS_EXECUTION_ENV} and the child JVM's flags
         *                ({@link JavaRuntime#jvmFlags(InitializationType)}); default: the one matching the child JVM's
         *                version ({@link #javaHome(Path)}'s, or this JVM's), {@link JavaRuntime#of(int)}
         * @return this builder
         */
        public Builder runtime(JavaRuntime runtime) {
            s.runtime = runtime;
            return this;
        }

        /**
         * Isolates tenants as Lambda's tenant isolation mode does ({@code TenancyConfig.TenantIsolationMode=PER_TENANT}):
         * every invocation must carry {@link InvokeOptions#tenantId(String)} (an invocation without one throws
         * {@link IllegalArgumentException}, as Lambda rejects it), and each tenant gets execution environments of its
         * own (its own child JVM, or {@link io.lambdakit.core.ProcessScope} in {@link Mode#IN_PROCESS}): the first
         * invocation of each tenant is a cold start, and no state passes between tenants. The function receives the
         * tenant id as Lambda sends it ({@code Lambda-Runtime-Aws-Tenant-Id}, {@code Context.getTenantId()}).
         * Environments start on each tenant's first invocation, not at {@link #start()}. Lambda offers tenant
         * isolation without SnapStart, provisioned concurrency and managed instances, and so does this.
         *
         * @param enabled true to isolate tenants (default false)
         * @return this builder
         */
        public Builder tenantIsolation(boolean enabled) {
            s.tenantIsolation = enabled;
            return this;
        }

        /**
         * Makes this a Lambda Managed Instances function (it sets {@code initializationType(LAMBDA_MANAGED_INSTANCES)}):
         * one execution environment runs up to {@code n} invocations at once on the runtime client's worker threads,
         * which share the one handler object, as Lambda's {@code PerExecutionEnvironmentMaxConcurrency} configures.
         * The function gets {@code AWS_LAMBDA_INITIALIZATION_TYPE=lambda-managed-instances} and
         * {@code AWS_LAMBDA_MAX_CONCURRENCY=n}; each invocation has its own deadline, and a timed-out one fails
         * without ending the environment or the others. Put several in flight with {@link LocalFunction#invokeAsync(String)}
         * or {@link LocalFunction#invokeAll(List)}. Lambda offers managed instances for Java 21 and later, without
         * SnapStart or provisioned concurrency.
         *
         * @param n invocations one environment runs at once, at least 1 (without this call a managed-instances
         *          function uses {@link LocalFunction#DEFAULT_MAX_CONCURRENCY})
         * @return this builder
         */
        public Builder maxConcurrency(int n) {
            s.maxConcurrency = n;
            return this;
        }

        /**
         * @param functionName the function name (default: the handler's simple class name)
         * @return this builder
         */
        public Builder functionName(String functionName) {
            s.functionName = functionName;
            return this;
        }

        /**
         * @param functionVersion {@code $LATEST} (default) or a version number
         * @return this builder
         */
        public Builder functionVersion(String functionVersion) {
            s.functionVersion = functionVersion;
            return this;
        }

        /**
         * @param memoryMb the configured memory, 128 to 10240 (default 512); also sizes the heap as Lambda does
         * @return this builder
         */
        public Builder memoryMb(int memoryMb) {
            s.memoryMb = memoryMb;
            return this;
        }

        /**
         * @param region {@code AWS_REGION} (default us-east-1)
         * @return this builder
         */
        public Builder region(String region) {
            s.region = region;
            return this;
        }

        /**
         * @param active true (default) to send a sampled trace header with each invocation, as with
         *               active tracing; false to send an unsampled one
         * @return this builder
         */
        public Builder tracing(boolean active) {
            s.tracing = active;
            return this;
        }

        /**
         * @param args extra JVM arguments for the child JVM (after the managed-runtime flags)
         * @return this builder
         */
        public Builder jvmArgs(String... args) {
            s.jvmArgs.addAll(List.of(args));
            return this;
        }

        /**
         * @param entries extra classpath entries for the child JVM, before this JVM's classpath
         * @return this builder
         */
        public Builder classpath(Path... entries) {
            s.classpath.addAll(List.of(entries));
            return this;
        }

        /**
         * @param javaHome the JDK to run the child JVM with (default: this JVM's)
         * @return this builder
         */
        public Builder javaHome(Path javaHome) {
            s.javaHome = javaHome;
            return this;
        }

        /**
         * @param directory where the function keeps its files (JNI library, task root, /tmp, output);
         *                  default: a new temp directory, deleted on close
         * @return this builder
         */
        public Builder workDirectory(Path directory) {
            s.workDirectory = directory;
            return this;
        }

        /**
         * Runs the portable Java runtime loop instead of the native runtime client, as on platforms
         * the client does not support; for testing that fallback on Linux.
         *
         * @return this builder
         */
        public Builder portableRuntimeLoop() {
            s.forceJavaLoop = true;
            return this;
        }

        /**
         * Validates the settings and creates the function without starting it; the first
         * invocation starts the execution environment (a real cold start).
         *
         * @return the function
         * @throws ConfigurationException naming every invalid setting
         */
        public LocalFunction build() {
            s.runtimeChosen = s.runtime != null;
            int javaVersion = ChildJvm.javaVersion(s);
            validate(javaVersion);
            if (s.runtime == null) {
                s.runtime = JavaRuntime.of(javaVersion);
            }
            if (s.maxConcurrency != null) {
                s.initializationType = InitializationType.LAMBDA_MANAGED_INSTANCES;
            }
            if (s.functionName == null) {
                String cls = s.handler.contains("::") ? s.handler.substring(0, s.handler.indexOf("::")) : s.handler;
                s.functionName = cls.substring(cls.lastIndexOf('.') + 1).replace('$', '-');
            }
            FunctionSettings copy = s;
            copy.environment = Map.copyOf(s.environment);
            copy.jvmArgs = List.copyOf(s.jvmArgs);
            copy.classpath = List.copyOf(s.classpath);
            return new LocalFunction(copy);
        }

        /**
         * Builds the function and initialises its execution environment now.
         *
         * @return the started function
         * @throws ConfigurationException naming every invalid setting
         * @throws FunctionInitException  when init fails (unknown handler class, constructor threw, ...)
         */
        public LocalFunction start() {
            LocalFunction fn = build();
            try {
                return fn.warmUp();
            } catch (RuntimeException e) {
                fn.close();
                throw e;
            }
        }

        private void validate(int javaVersion) {
            ConfigurationException.Problems p = ConfigurationException.problems("lambdakit-testing");
            p.require(s.handler != null && !s.handler.isBlank(),
                    "handler was not set; call handler(\"pkg.Class::method\") or handler(MyHandler.class)");
            if (s.handler != null && s.handler.startsWith("!")) {
                p.add("handler class " + s.handler.substring(1) + " implements neither RequestHandler nor RequestStreamHandler; "
                        + "call handler(" + s.handler.substring(s.handler.lastIndexOf('.') + 1) + ".class, \"methodName\")");
            }
            p.require(s.mode != null, "mode was null; use Mode.RUNTIME_CLIENT or Mode.IN_PROCESS");
            p.require(s.timeout != null && s.timeout.compareTo(Duration.ofSeconds(1)) >= 0
                            && s.timeout.compareTo(Duration.ofMinutes(15)) <= 0,
                    "timeout was " + s.timeout + " but Lambda allows 1 second to 15 minutes");
            p.require(s.initTimeout == null || s.initTimeout.toMillis() > 0, "initTimeout was " + s.initTimeout + " but it must be positive");
            p.require(s.memoryMb >= 128 && s.memoryMb <= 10240, "memoryMb was " + s.memoryMb + " but Lambda allows 128 to 10240 MB");
            p.require(s.initializationType != null, "initializationType was null; use InitializationType.ON_DEMAND or another type");
            p.require(s.region != null && !s.region.isBlank(), "region was blank; set e.g. us-east-1");
            p.require(s.functionName == null || s.functionName.matches("[A-Za-z0-9_-]{1,64}"),
                    "functionName was '" + s.functionName + "' but Lambda allows 1 to 64 letters, digits, hyphens and underscores");
            p.require(s.functionVersion != null && s.functionVersion.matches("\\$LATEST|[0-9]+"),
                    "functionVersion was '" + s.functionVersion + "' but it must be $LATEST or a version number");
            if (s.maxConcurrency != null) {
                p.require(s.maxConcurrency >= 1, "maxConcurrency was " + s.maxConcurrency + " but it must be a positive integer "
                        + "(Lambda's PerExecutionEnvironmentMaxConcurrency: invocations one environment runs at once)");
                p.require(s.initializationType != InitializationType.SNAP_START && s.initializationType != InitializationType.PROVISIONED_CONCURRENCY,
                        "maxConcurrency(" + s.maxConcurrency + ") makes a Lambda Managed Instances function, but initializationType was "
                                + s.initializationType + ", which Lambda does not offer on managed instances; remove one of the two calls");
            }
            if (s.runtime == null) {
                p.require(javaVersion >= 17, javaVersion < 0
                        ? "cannot tell the Java version of javaHome " + s.javaHome + " (no release file); call runtime(JavaRuntime.JAVA21) or another"
                        : "the child JVM is Java " + javaVersion + ", older than Java 17, the oldest lambdakit and Lambda's java17 runtime run on");
            } else if (s.mode == Mode.RUNTIME_CLIENT && javaVersion >= 0) {
                p.require(javaVersion >= s.runtime.version(), "runtime(" + s.runtime + ") needs a Java " + s.runtime.version()
                        + " JVM but the child JVM is Java " + javaVersion + "; point javaHome(..) at a JDK " + s.runtime.version() + " or later");
            }
            p.require(s.runtime != JavaRuntime.JAVA17 || (s.maxConcurrency == null && s.initializationType != InitializationType.LAMBDA_MANAGED_INSTANCES),
                    "runtime(JAVA17) cannot run Lambda Managed Instances, which Lambda offers from java21; call runtime(JavaRuntime.JAVA21) or later");
            if (s.tenantIsolation) {
                p.require(s.maxConcurrency == null && s.initializationType != InitializationType.LAMBDA_MANAGED_INSTANCES,
                        "tenantIsolation(true) cannot be combined with Lambda Managed Instances (maxConcurrency(n) or "
                                + "LAMBDA_MANAGED_INSTANCES): an isolated tenant gets Firecracker microVMs of its own, and managed "
                                + "instances run functions in containers on shared instances; remove one of the two");
                p.require(s.initializationType != InitializationType.SNAP_START && s.initializationType != InitializationType.PROVISIONED_CONCURRENCY,
                        "tenantIsolation(true) cannot be combined with initializationType " + s.initializationType
                                + ", which Lambda does not offer with tenant isolation; remove one of the two");
            }
            p.require(!s.environment.containsKey(Environment.AWS_LAMBDA_MAX_CONCURRENCY),
                    "environment sets " + Environment.AWS_LAMBDA_MAX_CONCURRENCY + ", which LocalFunction controls; call maxConcurrency(n) instead");
            for (String name : CONTROLLED_VARIABLES) {
                p.require(!s.environment.containsKey(name),
                        "environment sets " + name + ", which LocalFunction controls; remove it (use handler(..) for " + Environment.HANDLER + ")");
            }
            for (Map.Entry<String, String> e : s.environment.entrySet()) {
                p.require(e.getKey() != null && !e.getKey().isEmpty() && e.getValue() != null,
                        "environment has a null or empty name or a null value for '" + e.getKey() + "'");
            }
            p.throwIfAny();
        }
    }
}
