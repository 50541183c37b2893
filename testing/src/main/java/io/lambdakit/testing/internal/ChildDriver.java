package io.lambdakit.testing.internal;

import io.lambdakit.testing.InvocationError;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** An execution environment in a child JVM, driven through the local Runtime API. */
public final class ChildDriver implements FunctionDriver {

    private static final Duration EXIT_GRACE = Duration.ofSeconds(5);
    private static final Duration AFTER_REPLY_GRACE = Duration.ofSeconds(2);

    private final ChildRuntime child;
    private volatile boolean killed;

    /**
     * @param spec how to launch the runtime
     */
    public ChildDriver(ChildRuntime.Spec spec) {
        this.child = ChildRuntime.launch(spec);
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
    static String exitDescription(int code) {
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

    /** @return the lines printed since the last drain (e.g. between invocations) */
    public List<String> drainOutput() {
        return child.output().drain(true);
    }

    private void kill() {
        killed = true;
        child.close();
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
