package io.lambdakit.batch;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The FIFO function of {@link SqsQueueIT}: message groups in parallel ({@code skipGroupOnError}),
 * each in order. Orders named {@code flaky*} fail on their first attempt.
 */
public class FifoOrdersHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
    private final BatchProcessor<SQSEvent, SQSBatchResponse> processor = BatchProcessor.sqs()
            .skipGroupOnError(true)
            .parallelism(2)
            .handler(Order.class, this::process)
            .build();

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return processor.process(event, context);
    }

    private void process(Order order, Context context) {
        int attempt = attempts.merge(order.id(), 1, Integer::sum);
        if (order.id().contains("flaky") && attempt == 1) {
            throw new IllegalStateException("order " + order.id() + " hit a transient error");
        }
        System.out.println("processed " + order.id() + " attempt " + attempt + " request "
                + io.lambdakit.core.InvocationContext.current().map(c -> c.requestId()).orElse("none")
                + " thread " + Thread.currentThread().getName());
    }
}
