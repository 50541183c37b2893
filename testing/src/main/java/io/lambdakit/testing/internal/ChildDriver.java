package io.lambdakit.testing.internal;

import io.lambdakit.testing.InvocationError;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/** An execution environment in a child JVM, driven through the local Runtime API. */
public final class ChildDriver implements FunctionDriver {

    private static final Duration EXIT_GRACE = Duration.ofSeconds(5);
    private static final Duration AFTER_REPLY_GRACE = Duration.ofSeconds(2);

    /** How often a queued invocation checks that the runtime is alive and its workers make progress. */
    private static final long POLL_MILLIS = 500;

    private final ChildRuntime child;
    private final RequestAttribution attribution;
    private volatile boolean killed;

    /**
     * @param spec how to launch the runtime
     */
    public ChildDriver(ChildRuntime.Spec spec) {
        this(spec, null);
    }

    /**
     * A managed-instances environment: several invocations in flight, each line of output attributed to the
     * invocation it names ({@link RequestAttribution}).
     *
     * @param spec              how to launch the runtime
     * @param environmentOutput receives the lines that name no in-flight invocation; null for a classic environment
     */
    public ChildDriver(ChildRuntime.Spec spec, Consumer<List<String>> environmentOutput) {
        this.child = ChildRuntime.launch(spec);
        this.attribution = environmentOutput != null ? new RequestAttribution(child.output(), environmentOutput) : null;
    }

    /** @return the runtime process id */
    public long pid() {
        return child.pid();
    }

    @Override
    public Init init(Duration timeout) {
        ChildRuntime.InitState state = child.awaitInit(timeout);
        switch (state) {
            case READY, CHECKPOINTED -> {
                return new Init(state, null, child.output().drain(true));
            }
            case INIT_ERROR -> {
                RuntimeReply reply = child.api().initError().join();
                child.awaitExit(EXIT_GRACE);
                kill();
                return new Init(state, InvocationError.parse(reply.body(), reply.errorTypeHeader()), child.output().drain(true));
            }
            case EXITED -> {
                int code = child.exitCode().orElse(-1);
                kill();
                return new Init(state, InvocationError.of("Runtime.ExitError",
                        "Runtime exited with error: " + exitDescription(code), null), child.output().drain(true));
            }
            default -> {
                kill();
                return new Init(state, InvocationError.of("Sandbox.Timedout",
                        "INIT phase timed out after " + seconds(timeout) + " seconds", null), child.output().drain(true));
            }
        }
    }

    @Override
    public Restore restore(Duration budget) {
        long start = System.nanoTime();
        child.api().releaseRestore();
        CompletableFuture<Object> any = CompletableFuture.anyOf(child.api().firstNext(), child.api().restoreError(),
                child.api().initError(), child.onExit());
        boolean inTime = await(any, budget);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (child.api().restoreError().isDone()) {
            RuntimeReply reply = child.api().restoreError().join();
            child.awaitExit(EXIT_GRACE);
            kill();
            return new Restore(InvocationError.parse(reply.body(), reply.errorTypeHeader()), child.output().drain(true), took);
        }
        if (child.api().firstNext().isDone()) {
            return new Restore(null, child.output().drain(true), took);
        }
        kill();
        InvocationError error = inTime
                ? InvocationError.of("Runtime.ExitError", "Runtime exited with error: " + exitDescription(child.exitCode().orElse(-1)), null)
                : InvocationError.of("SnapStartTimeoutException", "Restore phase timed out after " + seconds(budget)
                        + " seconds: after-restore hooks must finish within Lambda's restore budget", null);
        return new Restore(error, child.output().drain(true), took);
    }

    @Override
    public Outcome invoke(PendingInvocation invocation, Duration timeout) {
        int nextCallsBefore = child.api().nextCalls();
        child.api().submit(invocation);
        CompletableFuture<Object> any = CompletableFuture.anyOf(invocation.outcome(), child.onExit());
        boolean inTime = await(any, timeout);
        if (invocation.outcome().isDone()) {
            RuntimeReply reply = invocation.outcome().join();
            // The invocation's output ends when the runtime asks for the next one: the runtime
            // client logs a failed invocation's error only after posting it.
            long end = System.nanoTime() + AFTER_REPLY_GRACE.toNanos();
            while (!child.api().awaitNextCalls(nextCallsBefore, Duration.ofMillis(50))
                    && child.isAlive() && System.nanoTime() < end) {
                // the runtime is still finishing the invocation (e.g. logging its error)
            }
            return new Outcome(reply.success() ? Outcome.Kind.RESPONSE : Outcome.Kind.ERROR, reply.body(),
                    reply.errorTypeHeader(), child.output().drain(true), -1);
        }
        child.api().abandon(invocation);
        if (inTime) {
            int code = child.exitCode().orElse(-1);
            kill();
            return new Outcome(Outcome.Kind.EXITED, new byte[0], null, child.output().drain(true), code);
        }
        kill();
        return new Outcome(Outcome.Kind.TIMEOUT, new byte[0], null, child.output().drain(true), -1);
    }

    /**
     * Runs one invocation of a managed-instances environment, concurrently with others: it waits in the queue
     * until a runtime worker takes it, its deadline starts then, and its timeout ends only itself (the worker
     * keeps running it; the environment stays). Only the runtime's exit ends the environment.
     *
     * @param invocation an invocation made with {@link PendingInvocation#deadlineOnDelivery}
     * @param queueLimit how long it may wait for a worker while none asks for work
     * @return how it ended, with the lines that named it
     */
    public Outcome invokeConcurrent(PendingInvocation invocation, Duration queueLimit) {
        RuntimeApiServer api = child.api();
        attribution.open(invocation.requestId());
        api.submit(invocation);
        CompletableFuture<Object> delivered = CompletableFuture.anyOf(invocation.delivered(), child.onExit());
        while (!invocation.delivered().isDone()) {
            boolean done = await(delivered, Duration.ofMillis(POLL_MILLIS));
            if (invocation.delivered().isDone()) {
                break;
            }
            if (done || killed || !child.isAlive()) {
                api.abandon(invocation);
                return exited(invocation);
            }
            if (System.nanoTime() - api.lastNextNanos() > queueLimit.toNanos() && api.queued(invocation)) {
                api.abandon(invocation);
                return new Outcome(Outcome.Kind.THROTTLED, new byte[0], null, attribution.close(invocation.requestId(), false), -1);
            }
        }
        long left = invocation.deadlineEpochMillis() - System.currentTimeMillis();
        CompletableFuture<Object> any = CompletableFuture.anyOf(invocation.outcome(), child.onExit());
        boolean inTime = left > 0 && await(any, Duration.ofMillis(left));
        if (invocation.outcome().isDone()) {
            RuntimeReply reply = invocation.outcome().join();
            // the worker is done with the invocation (the runtime client logs a failure after posting it) when
            // it asks for its next one on the same connection
            await(CompletableFuture.anyOf(invocation.workerReturned(), child.onExit()), AFTER_REPLY_GRACE);
            return new Outcome(reply.success() ? Outcome.Kind.RESPONSE : Outcome.Kind.ERROR, reply.body(),
                    reply.errorTypeHeader(), attribution.close(invocation.requestId(), !child.isAlive()), -1);
        }
        api.abandon(invocation);
        if (inTime || !child.isAlive()) {
            return exited(invocation);
        }
        return new Outcome(Outcome.Kind.TIMEOUT, new byte[0], null, attribution.close(invocation.requestId(), false), -1);
    }

    private Outcome exited(PendingInvocation invocation) {
        child.awaitExit(EXIT_GRACE);
        int code = child.exitCode().orElse(-1);
        return new Outcome(Outcome.Kind.EXITED, new byte[0], null, attribution.close(invocation.requestId(), true), code);
    }

    private static boolean await(CompletableFuture<Object> future, Duration timeout) {
        try {
            future.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    /**
     * @param code an exit code, or -1 when unknown
     * @return Lambda's wording, e.g. {@code exit status 1} or {@code signal: killed}
     */
    public static String exitDescription(int code) {
        if (code == 137) {
            return "signal: killed";
        }
        return code < 0 ? "unknown" : "exit status " + code;
    }

    /**
     * @param d a duration
     * @return seconds with two decimals, as Lambda prints them
     */
    public static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.2f", d.toMillis() / 1000.0);
    }

    /** Managed instances: attributes what the runtime wrote so far (what names no invocation goes to the environment). */
    public void pumpOutput() {
        if (attribution != null) {
            attribution.pump(false);
        }
    }

    /** @return the request ids whose late reply the Runtime API refused with a 4xx */
    public List<String> refusedReplies() {
        return child.api().refusedReplies();
    }

    /** @return the lines printed since the last drain (e.g. between invocations) */
    public List<String> drainOutput() {
        return child.output().drain(true);
    }

    private void kill() {
        killed = true;
        child.close();
        if (attribution != null) {
            attribution.pump(true);
        }
    }

    @Override
    public boolean isAlive() {
        return !killed && child.isAlive();
    }

    @Override
    public void close() {
        kill();
    }
}
