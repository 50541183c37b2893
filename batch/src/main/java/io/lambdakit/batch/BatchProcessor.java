package io.lambdakit.batch;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent.KinesisEventRecord;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdakit.batch.internal.BatchConfig;
import io.lambdakit.batch.internal.Processors;
import io.lambdakit.batch.spi.ImageDecoder;
import io.lambdakit.batch.spi.RecordDecoder;
import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.Json;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

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
 * A processor is immutable and thread-safe; concurrent invocations may share it. Each event source
 * has its builder, nested here: {@link SqsBuilder}, {@link KinesisBuilder}, {@link DynamoDbBuilder}.
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
    static SqsBuilder sqs() {
        return new SqsBuilder();
    }

    /** @return a builder for Kinesis Data Streams: {@code KinesisEvent} in, {@code StreamsEventResponse} out */
    static KinesisBuilder kinesis() {
        return new KinesisBuilder();
    }

    /** @return a builder for DynamoDB Streams: {@code DynamodbEvent} in, {@code StreamsEventResponse} out */
    static DynamoDbBuilder dynamoDbStreams() {
        return new DynamoDbBuilder();
    }

    /**
     * The settings every event source shares. Precedence: a call on this builder, then the
     * environment variable, then the default. Everything is validated in {@link #build()}, which
     * reports every problem in one {@link ConfigurationException}.
     *
     * @param <B> the concrete builder
     * @param <M> the raw record type
     * @param <E> the event type
     * @param <R> the response type
     */
    abstract sealed class Builder<B extends Builder<B, M, E, R>, M, E, R> permits SqsBuilder, KinesisBuilder, DynamoDbBuilder {

        private static final String COMPONENT = "lambdakit-batch";

        private final Processors.Source<E, M, R> source;
        private ExecutionEnvironment executionEnvironment;
        private Integer parallelism;
        private Executor executor;
        private Boolean throwOnFullBatchFailure;
        private Duration deadlineMargin;
        private ObjectMapper objectMapper;
        private Consumer<? super M> onSuccess;
        private BiConsumer<? super M, RecordFailure> onFailure;
        private Processors.Task<M> task;
        private int handlersSet;

        Builder(Processors.Source<E, M, R> source) {
            this.source = source;
        }

        abstract B self();

        boolean skipGroupOnError() {
            return false;
        }

        final B task(Processors.Task<M> task) {
            this.task = task;
            handlersSet++;
            return self();
        }

        /**
         * Sets a handler that receives each record as the event holds it.
         *
         * @param handler the record handler
         * @return this builder
         */
        public B rawHandler(RecordHandler<M> handler) {
            Objects.requireNonNull(handler, "handler");
            return task(Processors.raw(handler));
        }

        /**
         * How many records (for FIFO with {@code skipGroupOnError}: message groups) are processed at
         * once. 1, the default, processes them one by one in batch order. Above 1 the calling thread
         * and up to {@code parallelism - 1} workers (virtual threads on Java 21+, else a small pool of
         * the processor's own) share the batch. A FIFO batch without {@code skipGroupOnError} is
         * always processed one by one, in order. Variable: {@code LAMBDAKIT_BATCH_PARALLELISM}.
         *
         * @param parallelism from 1 to 1024
         * @return this builder
         */
        public B parallelism(int parallelism) {
            this.parallelism = parallelism;
            return self();
        }

        /**
         * Runs the workers of parallel batches on this executor instead of virtual threads or the
         * processor's own pool. At most {@code parallelism - 1} tasks are submitted per batch; if the
         * executor rejects one, the calling thread does that work itself.
         *
         * @param executor the executor
         * @return this builder
         */
        public B executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return self();
        }

        /**
         * When every record of a non-empty batch failed, throw {@link BatchFailedException} instead
         * of returning every record as failed, so the invocation counts as an error and Lambda backs
         * off before retrying. Default false (as in Powertools for AWS Lambda (Java)). Variable:
         * {@code LAMBDAKIT_BATCH_THROW_ON_FULL_BATCH_FAILURE}.
         *
         * @param throwOnFullBatchFailure true to throw
         * @return this builder
         */
        public B throwOnFullBatchFailure(boolean throwOnFullBatchFailure) {
            this.throwOnFullBatchFailure = throwOnFullBatchFailure;
            return self();
        }

        /**
         * When less than this is left before the invocation's deadline, records not yet started are
         * not started but reported as failures (reason {@code DEADLINE}), so that a timeout does not
         * make Lambda retry the whole batch, successes included. Records already running are waited
         * for, so the margin should exceed the slowest record. The first record of a batch always
         * starts, so each retry makes progress. {@code Duration.ZERO} turns the cut-off off. Default
         * 1 s. Variable: {@code LAMBDAKIT_BATCH_DEADLINE_MARGIN_MS} (milliseconds).
         *
         * @param margin zero or positive
         * @return this builder
         */
        public B deadlineMargin(Duration margin) {
            this.deadlineMargin = Objects.requireNonNull(margin, "margin");
            return self();
        }

        /**
         * @param objectMapper the mapper typed handlers decode JSON with (default: lambdakit's shared mapper,
         *                     which ignores unknown properties)
         * @return this builder
         */
        public B objectMapper(ObjectMapper objectMapper) {
            this.objectMapper = Objects.requireNonNull(objectMapper, "objectMapper");
            return self();
        }

        /**
         * @param executionEnvironment whose clock, environment variables and invocation scope to use
         *                             (default: {@link ExecutionEnvironment#current()}); tests pass their own
         * @return this builder
         */
        public B executionEnvironment(ExecutionEnvironment executionEnvironment) {
            this.executionEnvironment = Objects.requireNonNull(executionEnvironment, "executionEnvironment");
            return self();
        }

        /**
         * Called with each record right after its handler returned, on the same thread. If it throws,
         * the record fails (as in Powertools).
         *
         * @param onSuccess the callback
         * @return this builder
         */
        public B onSuccess(Consumer<? super M> onSuccess) {
            this.onSuccess = Objects.requireNonNull(onSuccess, "onSuccess");
            return self();
        }

        /**
         * Called once for each failed record, in batch order, on the calling thread, after the whole
         * batch was processed (so it needs no synchronisation even in parallel mode). Failures are
         * also logged through SLF4J. If the callback throws, that is logged and ignored.
         *
         * @param onFailure the callback, given the raw record and why it failed
         * @return this builder
         */
        public B onFailure(BiConsumer<? super M, RecordFailure> onFailure) {
            this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
            return self();
        }

        /**
         * Validates the settings and builds the processor. Do it once, at init.
         *
         * @return the processor
         * @throws ConfigurationException listing every problem found
         */
        public final BatchProcessor<E, R> build() {
            ExecutionEnvironment env = executionEnvironment != null ? executionEnvironment : ExecutionEnvironment.current();
            ConfigurationException.Problems problems = ConfigurationException.problems(COMPONENT);

            problems.require(handlersSet > 0, "no record handler was set; call handler(..) or rawHandler(..)");
            problems.require(handlersSet <= 1, "a record handler was set " + handlersSet
                    + " times; call exactly one of handler(..) or rawHandler(..)");
            BatchConfig config = BatchConfig.resolve(env.environment(), parallelism, deadlineMargin, throwOnFullBatchFailure,
                    skipGroupOnError(), problems);
            problems.require(executor == null || config.parallelism() != 1, "executor(..) was set but parallelism is "
                    + config.parallelism() + ", so it would never be used; call parallelism(n) with n > 1 or drop executor(..)");
            problems.throwIfAny();

            ObjectMapper mapper = objectMapper != null ? objectMapper : Json.mapper();
            return new Adapter<>(Processors.create(source, task, config, executor, mapper, onSuccess, onFailure, env));
        }

        /** The processor users hold, over the engine's processing function (which does not know this API type). */
        private static final class Adapter<E, R> implements BatchProcessor<E, R> {
            private final java.util.function.BiFunction<E, Context, R> processing;

            Adapter(java.util.function.BiFunction<E, Context, R> processing) {
                this.processing = processing;
            }

            @Override
            public R process(E event, Context context) {
                return processing.apply(event, context);
            }
        }
    }

    /**
     * Builds a {@link BatchProcessor} for SQS, standard and FIFO queues. Failed messages are reported
     * by {@code messageId}. A batch is FIFO when its queue ARN ends in {@code .fifo} or its messages
     * carry a {@code MessageGroupId}; its order is then kept: by default processing stops at the first
     * failure and that message and every later one are reported as failed; with
     * {@link #skipGroupOnError(boolean)} only the rest of the failed message group is.
     */
    final class SqsBuilder extends Builder<SqsBuilder, SQSMessage, SQSEvent, SQSBatchResponse> {

        private boolean skipGroupOnError;

        SqsBuilder() {
            super(Processors.SQS);
        }

        /**
         * Sets a handler that receives each message's body read as JSON into {@code bodyType}
         * ({@code String.class}: the body as it is). A body that cannot be read fails that message
         * alone and its handler is not called.
         *
         * @param bodyType the body's type
         * @param handler  the record handler
         * @param <T>      the body's type
         * @return this builder
         */
        public <T> SqsBuilder handler(Class<T> bodyType, RecordHandler<T> handler) {
            Objects.requireNonNull(bodyType, "bodyType");
            Objects.requireNonNull(handler, "handler");
            return task(Processors.sqsBody(bodyType, handler));
        }

        /**
         * Like {@link #handler(Class, RecordHandler)}, for generic body types such as
         * {@code new TypeReference<List<Order>>() {}}.
         *
         * @param bodyType the body's type
         * @param handler  the record handler
         * @param <T>      the body's type
         * @return this builder
         */
        public <T> SqsBuilder handler(TypeReference<T> bodyType, RecordHandler<T> handler) {
            Objects.requireNonNull(bodyType, "bodyType");
            Objects.requireNonNull(handler, "handler");
            return task(Processors.sqsBody(bodyType.getType(), handler));
        }

        /**
         * Sets a handler that receives what {@code decoder} makes of each message (Avro, Protobuf,
         * a body in an envelope). A decoder that throws or returns null fails that message alone.
         *
         * @param decoder turns a message into the handler's type
         * @param handler the record handler
         * @param <T>     the decoded type
         * @return this builder
         */
        public <T> SqsBuilder handler(RecordDecoder<SQSMessage, T> decoder, RecordHandler<T> handler) {
            Objects.requireNonNull(decoder, "decoder");
            Objects.requireNonNull(handler, "handler");
            return task(Processors.decoded(decoder, handler));
        }

        /**
         * FIFO only: when a message fails, report only the later messages of its message group as
         * failed and keep processing the other groups (default false: every later message of the
         * batch is reported). With parallelism above 1, message groups are then processed in parallel,
         * each group in order.
         *
         * @param skipGroupOnError true to skip only the failed group
         * @return this builder
         */
        public SqsBuilder skipGroupOnError(boolean skipGroupOnError) {
            this.skipGroupOnError = skipGroupOnError;
            return this;
        }

        @Override
        SqsBuilder self() {
            return this;
        }

        @Override
        boolean skipGroupOnError() {
            return skipGroupOnError;
        }
    }

    /**
     * Builds a {@link BatchProcessor} for Kinesis Data Streams. Failed records are reported by
     * sequence number; Lambda then retries the shard from the lowest one. Processing continues past a
     * failure (later records of the batch are retried anyway, so their handlers should be idempotent);
     * in parallel mode, records of one partition key may run out of order.
     */
    final class KinesisBuilder extends Builder<KinesisBuilder, KinesisEventRecord, KinesisEvent, StreamsEventResponse> {

        KinesisBuilder() {
            super(Processors.KINESIS);
        }

        /**
         * Sets a handler that receives each record's data (base64 in the event, decoded by the
         * runtime) read as JSON into {@code dataType}; {@code String.class} gives the data as UTF-8
         * text and {@code byte[].class} the bytes. Data that cannot be read fails that record alone.
         *
         * @param dataType the data's type
         * @param handler  the record handler
         * @param <T>      the data's type
         * @return this builder
         */
        public <T> KinesisBuilder handler(Class<T> dataType, RecordHandler<T> handler) {
            Objects.requireNonNull(dataType, "dataType");
            Objects.requireNonNull(handler, "handler");
            return task(Processors.kinesisData(dataType, handler));
        }

        /**
         * Like {@link #handler(Class, RecordHandler)}, for generic data types.
         *
         * @param dataType the data's type
         * @param handler  the record handler
         * @param <T>      the data's type
         * @return this builder
         */
        public <T> KinesisBuilder handler(TypeReference<T> dataType, RecordHandler<T> handler) {
            Objects.requireNonNull(dataType, "dataType");
            Objects.requireNonNull(handler, "handler");
            return task(Processors.kinesisData(dataType.getType(), handler));
        }

        /**
         * Sets a handler that receives what {@code decoder} makes of each record (Avro, Protobuf, ...).
         * A decoder that throws or returns null fails that record alone.
         *
         * @param decoder turns a record into the handler's type
         * @param handler the record handler
         * @param <T>     the decoded type
         * @return this builder
         */
        public <T> KinesisBuilder handler(RecordDecoder<KinesisEventRecord, T> decoder, RecordHandler<T> handler) {
            Objects.requireNonNull(decoder, "decoder");
            Objects.requireNonNull(handler, "handler");
            return task(Processors.decoded(decoder, handler));
        }

        @Override
        KinesisBuilder self() {
            return this;
        }
    }

    /**
     * Builds a {@link BatchProcessor} for DynamoDB Streams. Failed records are reported by sequence
     * number; Lambda then retries the shard from the lowest one. Typed handlers receive a
     * {@link DynamoDbChange} whose {@code NewImage} and {@code OldImage} are decoded into the item
     * type; an image that cannot be decoded fails that record alone.
     */
    final class DynamoDbBuilder extends Builder<DynamoDbBuilder, DynamodbStreamRecord, DynamodbEvent, StreamsEventResponse> {

        DynamoDbBuilder() {
            super(Processors.DYNAMODB_STREAMS);
        }

        /**
         * Sets a handler of changes whose images are converted to plain JSON (S: string, N: number,
         * BOOL, NULL, B: base64, M: object, L/SS/NS/BS: arrays) and read into {@code itemType}.
         *
         * @param itemType the item type
         * @param handler  the handler of typed changes
         * @param <T>      the item type
         * @return this builder
         */
        public <T> DynamoDbBuilder handler(Class<T> itemType, RecordHandler<DynamoDbChange<T>> handler) {
            Objects.requireNonNull(itemType, "itemType");
            Objects.requireNonNull(handler, "handler");
            return task(Processors.dynamoDbImages(itemType, handler));
        }

        /**
         * Like {@link #handler(Class, RecordHandler)}, for generic item types.
         *
         * @param itemType the item type
         * @param handler  the handler of typed changes
         * @param <T>      the item type
         * @return this builder
         */
        public <T> DynamoDbBuilder handler(TypeReference<T> itemType, RecordHandler<DynamoDbChange<T>> handler) {
            Objects.requireNonNull(itemType, "itemType");
            Objects.requireNonNull(handler, "handler");
            return task(Processors.dynamoDbImages(itemType.getType(), handler));
        }

        /**
         * Sets a handler of changes whose images {@code decoder} decodes, e.g. with a DynamoDB
         * enhanced client {@code TableSchema}.
         *
         * @param decoder turns an image into an item
         * @param handler the handler of typed changes
         * @param <T>     the item type
         * @return this builder
         */
        public <T> DynamoDbBuilder handler(ImageDecoder<T> decoder, RecordHandler<DynamoDbChange<T>> handler) {
            Objects.requireNonNull(decoder, "decoder");
            Objects.requireNonNull(handler, "handler");
            return task(Processors.dynamoDbImages(decoder, handler));
        }

        @Override
        DynamoDbBuilder self() {
            return this;
        }
    }
}
