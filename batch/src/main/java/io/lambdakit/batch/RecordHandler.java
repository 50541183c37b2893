package io.lambdakit.batch;

import com.amazonaws.services.lambda.runtime.Context;

/**
 * Processes one record of a batch. Return normally and the record counts as processed; throw and
 * only this record is reported as a batch item failure (so only it is retried). The handler runs
 * within the invocation's {@link io.lambdakit.core.InvocationContext}, also on worker threads, so
 * logging, metrics and tracing see the same invocation.
 *
 * <p>Handlers are plain functions, which is what makes them easy to decorate: wrap one in an
 * idempotency check keyed by the record, in a timer, or in a validator, and pass the wrapper to
 * the builder. In parallel mode a handler is called from several threads at once.
 *
 * @param <T> what the handler receives: the raw record, its decoded body, or a {@link DynamoDbChange}
 */
@FunctionalInterface
public interface RecordHandler<T> {

    /**
     * @param record  the record, or its decoded body
     * @param context the Lambda context of the invocation (e.g. for the remaining time)
     * @throws Exception to fail this record alone
     */
    void handle(T record, Context context) throws Exception;
}
