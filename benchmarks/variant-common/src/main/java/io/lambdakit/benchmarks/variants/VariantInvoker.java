package io.lambdakit.benchmarks.variants;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;

import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The JMH overhead benchmark's door into a variant: each variant's {@code Invoker} extends this and
 * is loaded by name in a class loader of the variant's own classpath, then called through
 * {@link Supplier} (a JDK type, so no reflection on the measured path). Each call is one invocation
 * of the handler with a sampled trace header, as the runtime would make it (the runtime sets the
 * {@code com.amazonaws.xray.traceHeader} system property per invocation; it is set once here since
 * it does not change).
 */
public abstract class VariantInvoker implements Supplier<Object> {

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
}
