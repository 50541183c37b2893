package io.lambdakit.batch;

import com.amazonaws.services.lambda.runtime.Context;

/**
 * Processes one batch from an event source configured with {@code ReportBatchItemFailures} and
 * returns the records that failed, so that only those are retried. Build one per function, at
 * init (a field of the handler), and call {@link #process} from the handler:
 *
 * <pre>{@code
 * private final BatchProcessor<SQSEvent, SQSBatchResponse> processor = BatchProcessor.sqs()
 *         .handler(Order.class, (order, context) -> orders.save(order))
 *         .build();
 *
 * public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
 *     return processor.process(event, context);
 * }
 * }</pre>
 *
 * A processor is immutable and thread-safe; concurrent invocations may share it.
 *
 * @param <E> the event type ({@code SQSEvent}, {@code KinesisEvent}, {@code DynamodbEvent})
 * @param <R> the response type ({@code SQSBatchResponse}, {@code StreamsEventResponse})
 */
public interface BatchProcessor<E, R> {

    /**
     * Processes every record of the event, each on its own: a record whose handler throws, or
     * whose body cannot be decoded, fails alone.
     *
     * @param event   the event Lambda passed to the handler
     * @param context the context Lambda passed to the handler
     * @return the response to return from the handler: {@code batchItemFailures} lists each failed
     *         record's identifier once, in batch order, and is empty when all succeeded
     * @throws BatchFailedException when every record failed and the processor was built with
     *                              {@code throwOnFullBatchFailure(true)}
     * @throws BatchException       when a record has no identifier (an event from another source),
     *                              before anything was processed
     */
    R process(E event, Context context);

    /** @return a builder for SQS queues (standard and FIFO): {@code SQSEvent} in, {@code SQSBatchResponse} out */
    static SqsBatchBuilder sqs() {
        return new SqsBatchBuilder();
    }

    /** @return a builder for Kinesis Data Streams: {@code KinesisEvent} in, {@code StreamsEventResponse} out */
    static KinesisBatchBuilder kinesis() {
        return new KinesisBatchBuilder();
    }

    /** @return a builder for DynamoDB Streams: {@code DynamodbEvent} in, {@code StreamsEventResponse} out */
    static DynamoDbBatchBuilder dynamoDbStreams() {
        return new DynamoDbBatchBuilder();
    }
}
