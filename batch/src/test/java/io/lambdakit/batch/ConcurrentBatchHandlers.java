package io.lambdakit.batch;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.lambdakit.core.InvocationContext;

/**
 * The functions of {@link ConcurrentBatchIT}, run by the real runtime client on Lambda Managed Instances
 * (several invocations at once in one JVM), each sharing one {@link BatchProcessor} between its concurrent
 * invocations and processing 4 records of a batch at a time. Orders with quantity 0 fail; every processed
 * order is printed with the request id of the {@code Context} its handler received and the one its worker
 * thread sees as {@link InvocationContext#current()}, so the test can tell which invocation processed it.
 */
public final class ConcurrentBatchHandlers {

    private ConcurrentBatchHandlers() {
    }

    static void process(Order order, Context context) {
        String threadSees = InvocationContext.current().map(InvocationContext::requestId).orElse("none");
        System.out.println("processed " + order.id() + " context " + context.getAwsRequestId() + " thread " + threadSees);
        if (order.quantity() == 0) {
            throw new IllegalStateException("order " + order.id() + " has no quantity");
        }
    }

    /** SQS: batchItemFailures name message ids. */
    public static class Sqs implements RequestHandler<SQSEvent, SQSBatchResponse> {
        private final BatchProcessor<SQSEvent, SQSBatchResponse> processor = BatchProcessor.sqs()
                .handler(Order.class, ConcurrentBatchHandlers::process)
                .parallelism(4)
                .build();

        @Override
        public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
            return processor.process(event, context);
        }
    }

    /** Kinesis: batchItemFailures name sequence numbers. */
    public static class Kinesis implements RequestHandler<KinesisEvent, StreamsEventResponse> {
        private final BatchProcessor<KinesisEvent, StreamsEventResponse> processor = BatchProcessor.kinesis()
                .handler(Order.class, ConcurrentBatchHandlers::process)
                .parallelism(4)
                .build();

        @Override
        public StreamsEventResponse handleRequest(KinesisEvent event, Context context) {
            return processor.process(event, context);
        }
    }
}
