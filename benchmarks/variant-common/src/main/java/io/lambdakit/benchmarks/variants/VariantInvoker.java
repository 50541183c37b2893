package io.lambdakit.benchmarks.variants;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;

import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The JMH overhead benchmark's door into a variant: each variant's {@code Invoker} extends this and
 * is loaded by name in a class loader of the variant's own classpath, then called through
 * {@link Supplier} (a JDK type, so no reflection on the measured path). Each call is one invocation
 * of the handler with a sampled trace header, as the runtime would make it (the runtime sets the
 * {@code com.amazonaws.xray.traceHeader} system property per invocation; it is set once here since
 * it does not change).
 *
 * <p>The concurrency benchmark calls it as an {@link IntFunction} instead: {@code apply(worker)}
 * returns a door for one runtime worker thread of a Lambda Managed Instances environment, which
 * calls the same handler object (one per environment, as on managed instances) with contexts of its
 * own: each invocation gets the next of {@value #CONTEXTS_PER_WORKER} request ids and sampled trace
 * headers no other worker uses, as each invocation on managed instances has its own request id and
 * trace id (lambdakit reads the trace header from the {@code Context}).
 */
public abstract class VariantInvoker implements Supplier<Object>, IntFunction<Supplier<Object>> {

    /** How many distinct request ids (and trace ids) each worker cycles through. */
    public static final int CONTEXTS_PER_WORKER = 64;

    /** The trace header of every invocation: sampled, so tracing really records and sends. */
    public static final String TRACE_HEADER = "Root=1-6740566c-a006649127e371903a2de979;Parent=defdfd9912dc5a56;Sampled=1";

    private final BiFunction<APIGatewayProxyRequestEvent, Context, ?> handler;
    private final APIGatewayProxyRequestEvent event = event();
    private final BenchContext context = new BenchContext("6f1d5b0e-1b6c-4d4e-9f3a-2b9b2f0c1a7e", TRACE_HEADER);

    /**
     * Sets the trace header property; the caller has created its handler (the function's init).
     *
     * @param handler the variant's handler method
     */
    protected VariantInvoker(BiFunction<APIGatewayProxyRequestEvent, Context, ?> handler) {
        this.handler = handler;
        System.setProperty("com.amazonaws.xray.traceHeader", TRACE_HEADER);
    }

    /**
     * The API Gateway (REST) event all variants get: a POST with a small JSON body.
     *
     * @return a new event
     */
    public static APIGatewayProxyRequestEvent event() {
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod("POST").withPath("/orders").withResource("/orders")
                .withHeaders(Map.of("content-type", "application/json", "x-amzn-trace-id", TRACE_HEADER))
                .withBody("{\"orderId\":\"o-42\",\"amount\":42.5,\"items\":[{\"sku\":\"a-1\",\"qty\":2}]}");
    }

    @Override
    public final Object get() {
        return handler.apply(event, context);
    }

    /**
     * A door for runtime worker {@code worker}: each call is one invocation of the shared handler
     * with the worker's next context (see the class comment). Not thread-safe: one per thread.
     *
     * @param worker the worker's index, from 0; distinct workers get distinct request and trace ids
     * @return the worker's door
     */
    @Override
    public final Supplier<Object> apply(int worker) {
        BenchContext[] contexts = new BenchContext[CONTEXTS_PER_WORKER];
        for (int i = 0; i < contexts.length; i++) {
            contexts[i] = new BenchContext(requestId(worker, i), traceHeader(worker, i));
        }
        return new Worker(handler, event(), contexts);
    }

    /**
     * @param worker the worker's index
     * @param n      the context's index within the worker, below {@link #CONTEXTS_PER_WORKER}
     * @return the request id of that worker's {@code n}th context
     */
    public static String requestId(int worker, int n) {
        return String.format(Locale.ROOT, "00000000-0000-4000-8000-%06x%06x", worker, n);
    }

    private static String traceHeader(int worker, int n) {
        return String.format(Locale.ROOT, "Root=1-6740566c-a00664912700%06x%06x;Parent=defdfd9912dc5a56;Sampled=1", worker, n);
    }

    /** One worker thread's door: the shared handler, the worker's own event and contexts. */
    private static final class Worker implements Supplier<Object> {
        private final BiFunction<APIGatewayProxyRequestEvent, Context, ?> handler;
        private final APIGatewayProxyRequestEvent event;
        private final BenchContext[] contexts;
        private int next;

        Worker(BiFunction<APIGatewayProxyRequestEvent, Context, ?> handler, APIGatewayProxyRequestEvent event, BenchContext[] contexts) {
            this.handler = handler;
            this.event = event;
            this.contexts = contexts;
        }

        @Override
        public Object get() {
            BenchContext context = contexts[next];
            next = (next + 1) % contexts.length;
            return handler.apply(event, context);
        }
    }
}
