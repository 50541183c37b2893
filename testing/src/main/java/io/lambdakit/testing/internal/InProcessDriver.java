package io.lambdakit.testing.internal;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lambdakit.testing.InvocationError;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * An execution environment inside the test's JVM: the handler is instantiated and called on a
 * dedicated worker thread, so the timeout can be enforced and a timed-out environment abandoned.
 * What it cannot do is documented: it shares the test's process environment and stdout, and a
 * handler stuck in a loop that ignores interrupts keeps its thread.
 */
public final class InProcessDriver implements FunctionDriver {

    /**
     * The context for one invocation and the lines its logger captured.
     *
     * @param context  the context handed to the handler
     * @param captured returns what the handler logged through the context
     */
    public record InvocationContextFactoryResult(Context context, java.util.function.Supplier<List<String>> captured) {
    }

    private final String handler;
    private final ClassLoader loader;
    private final Function<PendingInvocation, InvocationContextFactoryResult> contexts;
    private final ExecutorService worker;
    private HandlerDispatcher dispatcher;
    private volatile boolean alive = true;

    /**
     * @param handler  the handler string
     * @param loader   the class loader to load it from
     * @param name     used in the worker thread's name
     * @param contexts builds the context of each invocation
     */
    public InProcessDriver(String handler, ClassLoader loader, String name,
                           Function<PendingInvocation, InvocationContextFactoryResult> contexts) {
        this.handler = handler;
        this.loader = loader;
        this.contexts = contexts;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "lambdakit-in-process-" + name);
            t.setDaemon(true);
            t.setContextClassLoader(loader);
            return t;
        });
    }

    @Override
    public Init init(Duration timeout) {
        Future<HandlerDispatcher> loading = worker.submit(() -> HandlerDispatcher.load(handler, loader));
        try {
            dispatcher = loading.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Init(ChildRuntime.InitState.READY, null, List.of());
        } catch (ExecutionException e) {
            close();
            Throwable cause = e.getCause();
            if (cause instanceof HandlerDispatcher.InitFailure f) {
                return new Init(ChildRuntime.InitState.INIT_ERROR,
                        errorOf(f.errorType(), f.errorMessage(), f.userCause(), "Runtime.BadFunctionCode", false), List.of());
            }
            return new Init(ChildRuntime.InitState.INIT_ERROR,
                    errorOf(cause.getClass().getName(), cause.getLocalizedMessage(), cause, "Runtime.BadFunctionCode", false), List.of());
        } catch (TimeoutException e) {
            close();
            return new Init(ChildRuntime.InitState.TIMED_OUT, InvocationError.of("Sandbox.Timedout",
                    "INIT phase timed out after " + ChildDriver.seconds(timeout) + " seconds", null), List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            return new Init(ChildRuntime.InitState.TIMED_OUT, InvocationError.of("Sandbox.Timedout", "interrupted", null), List.of());
        }
    }

    @Override
    public Restore restore(Duration budget) {
        throw new UnsupportedOperationException("SnapStart needs the runtime interface client: use Mode.RUNTIME_CLIENT");
    }

    @Override
    public Outcome invoke(PendingInvocation invocation, Duration timeout) {
        InvocationContextFactoryResult ctx = contexts.apply(invocation);
        Future<byte[]> call = worker.submit(() -> {
            try {
                return dispatcher.invoke(invocation.payload(), ctx.context());
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t); // neither Exception nor Error: cannot be rethrown as is
            }
        });
        try {
            byte[] body = call.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
            return new Outcome(Outcome.Kind.RESPONSE, body, null, ctx.captured().get(), -1);
        } catch (ExecutionException e) {
            Throwable t = e.getCause();
            if (t instanceof VirtualMachineError) {
                close(); // the runtime exits after these, so the environment is recycled
            }
            InvocationError error = errorOf(t.getClass().getName(), t.getLocalizedMessage(), t, "Runtime.UserException");
            return new Outcome(Outcome.Kind.ERROR, error.document().toString().getBytes(StandardCharsets.UTF_8),
                    "Runtime.UserException", ctx.captured().get(), -1);
        } catch (TimeoutException e) {
            call.cancel(true);
            close();
            return new Outcome(Outcome.Kind.TIMEOUT, new byte[0], null, ctx.captured().get(), -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel(true);
            close();
            return new Outcome(Outcome.Kind.TIMEOUT, new byte[0], null, ctx.captured().get(), -1);
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
        alive = false;
        worker.shutdownNow();
    }
}
