package io.lambdakit.tracing.example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.lambdakit.tracing.Tracer;
import io.lambdakit.tracing.Tracing;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;

// docs:start
// docs:begin plain-api
public class OrderHandler implements RequestHandler<Map<String, String>, String> {

    // created at init: a bad tracing setting fails the init, not the first invocation
    private final Tracer tracer = Tracer.current();

    @Override
    public String handleRequest(Map<String, String> order, Context context) {
        return tracer.execute(context, () -> {                  // "## handleRequest", ColdStart, Service
            tracer.putAnnotation("order_id", order.get("id"));  // indexed: filter traces by order_id
            tracer.putMetadata("order", order);                 // not indexed: any JSON value
            CompletableFuture<String> stock = CompletableFuture.supplyAsync(
                    () -> tracer.trace("reserveStock", () -> "reserved"),
                    tracer.wrap(ForkJoinPool.commonPool()));    // the worker stays in this trace
            String payment = tracer.trace("charge", () -> "charged " + order.get("id"));
            return payment + ", " + stock.join();
        });
    }
}
// docs:end plain-api
// docs:end
