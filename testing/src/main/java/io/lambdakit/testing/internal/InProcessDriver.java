package io.lambdakit.testing.internal;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.Installation;
import io.lambdakit.core.ProcessScope;
import io.lambdakit.testing.InvocationError;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * An execution environment inside the test's JVM: the handler is instantiated and called on a
 * dedicated worker thread, so the timeout can be enforced and a timed-out environment abandoned.
 * The worker runs inside the environment's own {@link ProcessScope}: lambdakit's components read
 * the function's environment variables and keep their process-wide instances (and cold start) per
 * environment, and what the worker and the threads it starts write to {@code System.out},
 * {@code System.err} and the context's logger is captured per invocation ({@link OutputRouter}).
 * What it cannot do is documented: the handler's own {@code System.getenv} and static fields are
 * the test JVM's, and a handler stuck in a loop that ignores interrupts keeps its thread.
 */
public final class InProcessDriver implements FunctionDriver {

    /** Builds the context of one invocation around the logger that writes into the function's output. */
    @FunctionalInterface
    public interface ContextFactory {
        /**
         * @param invocation the invocation
         * @param logger     the logger the context must hand out, writing to the function's output as the runtime's does
         * @return the context handed to the handler
         */
        Context create(PendingInvocation invocation, LambdaLogger logger);
    }

    private final String handler;
    private final ClassLoader loader;
    private static final long POLL_MILLIS = 500;

    private final ContextFactory contexts;
    private final ProcessScope scope;
    private final CapturedOutput output = new CapturedOutput();
    private final LambdaLogger logger = new OutputLogger(output);
    private final ExecutorService worker;
    private final Consumer<List<String>> environmentOutput;
    private final AtomicInteger deliveries = new AtomicInteger();
    private volatile long lastDeliveryNanos = System.nanoTime();
    private volatile HandlerDispatcher dispatcher;
    private volatile boolean alive = true;

    /**
     * @param handler     the handler string
     * @param loader      the class loader to load it from
     * @param name        used in the worker thread's name
     * @param environment the function's execution environment: its variables, clock and cold-start state
     * @param contexts    builds the context of each invocation
     */
    public InProcessDriver(String handler, ClassLoader loader, String name, ExecutionEnvironment environment,
                           ContextFactory contexts) {
        this(handler, loader, name, environment, contexts, 1, null);
    }

    /**
     * A managed-instances environment: {@code concurrency} worker threads drive the one handler object, each
     * invocation's output is what its worker thread wrote (to {@code System.out}, {@code System.err} and the
     * context's logger) while running it, and what other threads of the environment write goes to
     * {@code environmentOutput}.
     *
     * @param handler           the handler string
     * @param loader            the class loader to load it from
     * @param name              used in the worker threads' names
     * @param environment       the function's execution environment
     * @param contexts          builds the context of each invocation
     * @param concurrency       worker threads
     * @param environmentOutput receives what names no invocation; null for a classic environment
     */
    public InProcessDriver(String handler, ClassLoader loader, String name, ExecutionEnvironment environment,
                           ContextFactory contexts, int concurrency, Consumer<List<String>> environmentOutput) {
        this.environmentOutput = environmentOutput;
        this.handler = handler;
        this.loader = loader;
        this.contexts = contexts;
        this.scope = ProcessScope.of(environment);
        this.worker = concurrency == 1 ? Executors.newSingleThreadExecutor(new ScopedThreads(scope, loader, "lambdakit-in-process-" + name))
                : Executors.newFixedThreadPool(concurrency, new ScopedThreads(scope, loader, "lambdakit-in-process-" + name));
        OutputRouter.register(scope, output);
    }

    /** Threads that spend their whole life inside the function's scope, as the threads of a function's process. */
    private static final class ScopedThreads implements ThreadFactory {
        private final ProcessScope scope;
        private final ClassLoader loader;
        private final String name;
        private final AtomicInteger count = new AtomicInteger();

        ScopedThreads(ProcessScope scope, ClassLoader loader, String name) {
            this.scope = scope;
            this.loader = loader;
            this.name = name;
        }

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(() -> {
                Installation entered = scope.enter();
                try {
                    r.run();
                } finally {
                    entered.close();
                }
            }, count.incrementAndGet() == 1 ? name : name + "-" + count.get());
            t.setDaemon(true);
            t.setContextClassLoader(loader);
            return t;
        }
    }

    /** The context's logger: each call's bytes go to the function's output as they are, as the runtime client writes them. */
    private static final class OutputLogger implements LambdaLogger {
        private final CapturedOutput output;

        OutputLogger(CapturedOutput output) {
            this.output = output;
        }

        @Override
        public void log(String message) {
            log(String.valueOf(message).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void log(byte[] message) {
            output.write(message, 0, message.length);
        }
    }

    @Override
    public Init init(Duration timeout) {
        OutputRouter.ensureInstalled();
        Future<HandlerDispatcher> loading = worker.submit(() -> HandlerDispatcher.load(handler, loader));
        try {
            dispatcher = loading.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Init(ChildRuntime.InitState.READY, null, output.drain(true));
        } catch (ExecutionException e) {
            close();
            Throwable cause = e.getCause();
            if (cause instanceof HandlerDispatcher.InitFailure f) {
                return new Init(ChildRuntime.InitState.INIT_ERROR,
                        errorOf(f.errorType(), f.errorMessage(), f.userCause(), "Runtime.BadFunctionCode", false), output.drain(true));
            }
            return new Init(ChildRuntime.InitState.INIT_ERROR,
                    errorOf(cause.getClass().getName(), cause.getLocalizedMessage(), cause, "Runtime.BadFunctionCode", false),
                    output.drain(true));
        } catch (TimeoutException e) {
            close();
            return new Init(ChildRuntime.InitState.TIMED_OUT, InvocationError.of("Sandbox.Timedout",
                    "INIT phase timed out after " + ChildDriver.seconds(timeout) + " seconds", null), output.drain(true));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            return new Init(ChildRuntime.InitState.TIMED_OUT, InvocationError.of("Sandbox.Timedout", "interrupted", null), output.drain(true));
        }
    }

    @Override
    public Restore restore(Duration budget) {
        throw new UnsupportedOperationException("SnapStart needs the runtime interface client: use Mode.RUNTIME_CLIENT");
    }

    @Override
    public Outcome invoke(PendingInvocation invocation, Duration timeout) {
        OutputRouter.ensureInstalled();
        Context context = contexts.create(invocation, logger);
        Future<byte[]> call = worker.submit(() -> {
            try {
                return dispatcher.invoke(invocation.payload(), context);
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t); // neither Exception nor Error: cannot be rethrown as is
            }
        });
        try {
            byte[] body = call.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
            return new Outcome(Outcome.Kind.RESPONSE, body, null, output.drain(true), -1);
        } catch (ExecutionException e) {
            Throwable t = e.getCause();
            if (t instanceof VirtualMachineError) {
                close(); // the runtime exits after these, so the environment is recycled
            }
            InvocationError error = errorOf(t.getClass().getName(), t.getLocalizedMessage(), t, "Runtime.UserException");
            return new Outcome(Outcome.Kind.ERROR, error.document().toString().getBytes(StandardCharsets.UTF_8),
                    "Runtime.UserException", output.drain(true), -1);
        } catch (TimeoutException e) {
            call.cancel(true);
            close();
            return new Outcome(Outcome.Kind.TIMEOUT, new byte[0], null, output.drain(true), -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel(true);
            close();
            return new Outcome(Outcome.Kind.TIMEOUT, new byte[0], null, output.drain(true), -1);
        }
    }

    @Override
    public Outcome invokeConcurrent(PendingInvocation invocation, Duration queueLimit) {
        OutputRouter.ensureInstalled();
        CapturedOutput mine = new CapturedOutput();
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        AtomicBoolean abandoned = new AtomicBoolean();
        Future<?> task = worker.submit(() -> {
            lastDeliveryNanos = System.nanoTime();
            invocation.markDelivered(deliveries.incrementAndGet(), System.currentTimeMillis());
            invocation.delivered().complete(null);
            OutputRouter.INVOCATION.set(mine);
            try {
                Context context = contexts.create(invocation, new OutputLogger(mine));
                result.complete(dispatcher.invoke(invocation.payload(), context));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            } finally {
                OutputRouter.INVOCATION.remove();
                if (abandoned.get()) { // it timed out: what it wrote since belongs to the environment
                    List<String> late = mine.drain(true);
                    if (!late.isEmpty()) {
                        environmentOutput.accept(late);
                    }
                }
            }
        });
        try {
            while (!invocation.delivered().isDone()) {
                try {
                    invocation.delivered().get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    if (!alive) {
                        task.cancel(false);
                        return new Outcome(Outcome.Kind.EXITED, new byte[0], null, mine.drain(true), -1);
                    }
                    if (System.nanoTime() - lastDeliveryNanos > queueLimit.toNanos() && task.cancel(false)) {
                        return new Outcome(Outcome.Kind.THROTTLED, new byte[0], null, mine.drain(true), -1);
                    }
                }
            }
            long left = Math.max(1, invocation.deadlineEpochMillis() - System.currentTimeMillis());
            byte[] body = result.get(left, TimeUnit.MILLISECONDS);
            return new Outcome(Outcome.Kind.RESPONSE, body, null, mine.drain(true), -1);
        } catch (ExecutionException e) {
            Throwable t = e.getCause();
            InvocationError error = errorOf(t.getClass().getName(), t.getLocalizedMessage(), t, "Runtime.UserException");
            return new Outcome(Outcome.Kind.ERROR, error.document().toString().getBytes(StandardCharsets.UTF_8),
                    "Runtime.UserException", mine.drain(true), -1);
        } catch (TimeoutException e) {
            abandoned.set(true); // Lambda lets the code run on; only this invocation fails
            return new Outcome(Outcome.Kind.TIMEOUT, new byte[0], null, mine.drain(true), -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandoned.set(true);
            return new Outcome(Outcome.Kind.TIMEOUT, new byte[0], null, mine.drain(true), -1);
        }
    }

    @Override
    public void pumpOutput() {
        if (environmentOutput != null) {
            List<String> lines = output.drain(false);
            if (!lines.isEmpty()) {
                environmentOutput.accept(lines);
            }
        }
    }

    /**
     * Builds the error document the runtime would post: message, type and the user's frames, cut
     * where the test kit's own frames begin, as the runtime cuts its own.
     */
    static InvocationError errorOf(String type, String message, Throwable t, String runtimeType) {
        return errorOf(type, message, t, runtimeType, true);
    }

    static InvocationError errorOf(String type, String message, Throwable t, String runtimeType, boolean withStack) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        if (message != null) {
            doc.put("errorMessage", message);
        }
        if (type != null) {
            doc.put("errorType", type);
        }
        List<String> list = new ArrayList<>();
        if (t != null && withStack) {
            ArrayNode frames = doc.putArray("stackTrace");
            for (StackTraceElement e : t.getStackTrace()) {
                String cls = e.getClassName();
                if (cls.startsWith("io.lambdakit.testing.internal.")) {
                    break;
                }
                list.add(e.toString());
                frames.add(e.toString());
            }
        }
        return new InvocationError(type != null ? type : runtimeType, message, list, runtimeType, doc);
    }

    @Override
    public boolean isAlive() {
        return alive;
    }

    @Override
    public void close() {
        pumpOutput();
        alive = false;
        worker.shutdownNow();
        OutputRouter.unregister(scope);
    }
}
