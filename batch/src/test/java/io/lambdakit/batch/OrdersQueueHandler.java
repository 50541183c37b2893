package io.lambdakit.batch;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.lambdakit.core.InvocationContext;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The function of {@link SqsQueueIT}, run by the real runtime client in a child JVM: a typed
 * handler of orders whose parallelism comes from {@code LAMBDAKIT_BATCH_PARALLELISM}. Orders named
 * {@code poison*} always fail, {@code flaky*} fail on their first attempt; every processed order
 * is printed with the request id its worker thread sees.
 */
public class OrdersQueueHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
    private final BatchProcessor<SQSEvent, SQSBatchResponse> processor = BatchProcessor.sqs()
            .handler(Order.class, this::process)
            .build();

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return processor.process(event, context);
    }

    private void process(Order order, Context context) {
        int attempt = attempts.merge(order.id(), 1, Integer::sum);
        if (order.id().startsWith("poison")) {
            throw new IllegalStateException("order " + order.id() + " can never be processed");
        }
        if (order.id().startsWith("flaky") && attempt == 1) {
            throw new IllegalStateException("order " + order.id() + " hit a transient error");
        }
        String requestId = InvocationContext.current().map(InvocationContext::requestId).orElse("none");
        System.out.println("processed " + order.id() + " attempt " + attempt + " request " + requestId
                + " thread " + Thread.currentThread().getName());
    }
}
