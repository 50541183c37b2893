package io.lambdakit.batch.internal;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent.KinesisEventRecord;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdakit.batch.DynamoDbChange;
import io.lambdakit.batch.RecordFailure;
import io.lambdakit.batch.RecordHandler;
import io.lambdakit.batch.spi.ImageDecoder;
import io.lambdakit.batch.spi.RecordDecoder;
import io.lambdakit.core.ExecutionEnvironment;

import java.lang.reflect.Type;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The builders' one door into the engine: the event sources, the record tasks a builder's
 * {@code handler(..)} calls bind, and the processor built from them. Everything behind it is
 * package-private.
 */
public final class Processors {

    /** SQS queues, standard and FIFO. */
    public static final Source<SQSEvent, SQSMessage, SQSBatchResponse> SQS = new Source<>(SqsSource.INSTANCE);
    /** Kinesis Data Streams. */
    public static final Source<KinesisEvent, KinesisEventRecord, StreamsEventResponse> KINESIS = new Source<>(KinesisSource.INSTANCE);
    /** DynamoDB Streams. */
    public static final Source<DynamodbEvent, DynamodbStreamRecord, StreamsEventResponse> DYNAMODB_STREAMS =
            new Source<>(DynamoDbSource.INSTANCE);

    private Processors() {
    }

    /**
     * An event source, opaque to the builders.
     *
     * @param <E> the event type
     * @param <M> the raw record type
     * @param <R> the response type
     */
    public static final class Source<E, M, R> {
        private final RecordSource<E, M, R> source;

        private Source(RecordSource<E, M, R> source) {
            this.source = source;
        }
    }

    /**
     * A record handler bound to how its records are decoded, opaque to the builders; the builder's
     * mapper and success callback complete it when the processor is built.
     *
     * @param <M> the raw record type
     */
    public static final class Task<M> {
        private final Binder<M> binder;

        private Task(Binder<M> binder) {
            this.binder = binder;
        }
    }

    /** Makes the record task once the source, mapper and success callback are known. */
    private interface Binder<M> {
        RecordTask<M> bind(RecordSource<?, M, ?> source, ObjectMapper mapper, Consumer<? super M> onSuccess);
    }

    /**
     * @param handler the handler of raw records
     * @param <M>     the raw record type
     * @return the task
     */
    public static <M> Task<M> raw(RecordHandler<M> handler) {
        return new Task<>((source, mapper, onSuccess) -> Tasks.raw(handler, onSuccess));
    }

    /**
     * @param decoder the user's decoder of raw records
     * @param handler the handler of decoded records
     * @param <M>     the raw record type
     * @param <T>     the decoded type
     * @return the task
     */
    public static <M, T> Task<M> decoded(RecordDecoder<M, T> decoder, RecordHandler<T> handler) {
        return new Task<>((source, mapper, onSuccess) -> Tasks.decoding(source, decoder, "the decoder's type", handler, onSuccess));
    }

    /**
     * @param bodyType the type an SQS message's body is read into as JSON ({@code String}: as it is)
     * @param handler  the handler
     * @param <T>      the body type
     * @return the task
     */
    public static <T> Task<SQSMessage> sqsBody(Type bodyType, RecordHandler<T> handler) {
        return new Task<>((source, mapper, onSuccess) -> {
            JavaType type = mapper.getTypeFactory().constructType(bodyType);
            RecordDecoder<SQSMessage, T> decoder = BodyCodec.sqsBody(mapper, type);
            return Tasks.decoding(source, decoder, type.toCanonical(), handler, onSuccess);
        });
    }

    /**
     * @param dataType the type a Kinesis record's data is read into as JSON ({@code String}: UTF-8 text, {@code byte[]}: bytes)
     * @param handler  the handler
     * @param <T>      the data type
     * @return the task
     */
    public static <T> Task<KinesisEventRecord> kinesisData(Type dataType, RecordHandler<T> handler) {
        return new Task<>((source, mapper, onSuccess) -> {
            JavaType type = mapper.getTypeFactory().constructType(dataType);
            RecordDecoder<KinesisEventRecord, T> decoder = BodyCodec.kinesisData(mapper, type);
            return Tasks.decoding(source, decoder, type.toCanonical(), handler, onSuccess);
        });
    }

    /**
     * @param itemType the type a DynamoDB Streams record's images are read into, as plain JSON
     * @param handler  the handler of changes
     * @param <T>      the item type
     * @return the task
     */
    public static <T> Task<DynamodbStreamRecord> dynamoDbImages(Type itemType, RecordHandler<DynamoDbChange<T>> handler) {
        return new Task<>((source, mapper, onSuccess) -> {
            JavaType type = mapper.getTypeFactory().constructType(itemType);
            ImageDecoder<T> images = ImageCodec.decoder(mapper, type);
            return Tasks.decoding(source, changes(images), type.toCanonical(), handler, onSuccess);
        });
    }

    /**
     * @param decoder the user's decoder of images
     * @param handler the handler of changes
     * @param <T>     the item type
     * @return the task
     */
    public static <T> Task<DynamodbStreamRecord> dynamoDbImages(ImageDecoder<T> decoder, RecordHandler<DynamoDbChange<T>> handler) {
        return new Task<>((source, mapper, onSuccess) -> Tasks.decoding(source, changes(decoder), "the decoder's type", handler, onSuccess));
    }

    /**
     * Builds the processor. The settings were validated by {@link BatchConfig#resolve}.
     *
     * @param source               the event source
     * @param task                 the record task
     * @param config               the resolved settings
     * @param executor             the user's executor for parallel batches, or null
     * @param mapper               the mapper typed handlers read JSON with
     * @param onSuccess            called after each successful record; may be null
     * @param onFailure            called for each failed record after the batch; may be null
     * @param executionEnvironment whose clock, lifecycle and invocation scope to use
     * @param <E>                  the event type
     * @param <M>                  the raw record type
     * @param <R>                  the response type
     * @return the processing function the builder's {@code BatchProcessor} calls
     */
    public static <E, M, R> BiFunction<E, Context, R> create(Source<E, M, R> source, Task<M> task, BatchConfig config, Executor executor,
                                                        ObjectMapper mapper, Consumer<? super M> onSuccess,
                                                        BiConsumer<? super M, RecordFailure> onFailure,
                                                        ExecutionEnvironment executionEnvironment) {
        Workers.Launcher workers = null;
        if (config.parallelism() > 1) {
            workers = executor != null ? Workers.of(executor) : Workers.defaults(config.parallelism());
        }
        RecordTask<M> recordTask = task.binder.bind(source.source, mapper, onSuccess);
        BatchEngine<M> engine = new BatchEngine<>(source.source, recordTask, config, workers, executionEnvironment, onFailure);
        return new EngineProcessor<>(engine, source.source);
    }

    private static <T> RecordDecoder<DynamodbStreamRecord, DynamoDbChange<T>> changes(ImageDecoder<T> images) {
        return record -> {
            if (record.getDynamodb() == null) {
                throw new IllegalArgumentException("the record has no dynamodb section");
            }
            T newImage = image(images, record.getDynamodb().getNewImage(), "NewImage");
            T oldImage = image(images, record.getDynamodb().getOldImage(), "OldImage");
            return DynamoDbChange.of(record, newImage, oldImage);
        };
    }

    private static <T> T image(ImageDecoder<T> images, Map<String, AttributeValue> image, String which) throws Exception {
        if (image == null || image.isEmpty()) {
            return null;
        }
        T item;
        try {
            item = images.decode(image);
        } catch (Exception e) {
            throw new ImageException(which, e);
        }
        if (item == null) {
            throw new IllegalArgumentException(which + " decoded to null");
        }
        return item;
    }

    /** Names the image that failed; Tasks turns it into a RecordDeserializationException. */
    private static final class ImageException extends Exception {
        private static final long serialVersionUID = 1L;

        ImageException(String which, Exception cause) {
            super(which + ": " + describe(cause), cause);
        }

        private static String describe(Exception e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
    }
}
