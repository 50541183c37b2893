package io.lambdakit.batch;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.type.TypeFactory;
import io.lambdakit.batch.internal.BatchEngine;
import io.lambdakit.batch.internal.DynamoDbSource;
import io.lambdakit.batch.internal.EngineProcessor;
import io.lambdakit.batch.internal.ImageCodec;
import io.lambdakit.batch.internal.RecordSource;
import io.lambdakit.batch.internal.Tasks;
import io.lambdakit.batch.spi.ImageDecoder;
import io.lambdakit.batch.spi.RecordDecoder;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Builds a {@link BatchProcessor} for DynamoDB Streams. Failed records are reported by sequence
 * number; Lambda then retries the shard from the lowest one. Typed handlers receive a
 * {@link DynamoDbChange} whose {@code NewImage} and {@code OldImage} are decoded into the item
 * type; an image that cannot be decoded fails that record alone.
 */
public final class DynamoDbBatchBuilder extends BatchBuilder<DynamoDbBatchBuilder, DynamodbStreamRecord, DynamodbEvent, StreamsEventResponse> {

    DynamoDbBatchBuilder() {
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
    public <T> DynamoDbBatchBuilder handler(Class<T> itemType, RecordHandler<DynamoDbChange<T>> handler) {
        Objects.requireNonNull(itemType, "itemType");
        return typed(f -> f.constructType(itemType), handler);
    }

    /**
     * Like {@link #handler(Class, RecordHandler)}, for generic item types.
     *
     * @param itemType the item type
     * @param handler  the handler of typed changes
     * @param <T>      the item type
     * @return this builder
     */
    public <T> DynamoDbBatchBuilder handler(TypeReference<T> itemType, RecordHandler<DynamoDbChange<T>> handler) {
        Objects.requireNonNull(itemType, "itemType");
        return typed(f -> f.constructType(itemType), handler);
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
    public <T> DynamoDbBatchBuilder handler(ImageDecoder<T> decoder, RecordHandler<DynamoDbChange<T>> handler) {
        Objects.requireNonNull(decoder, "decoder");
        Objects.requireNonNull(handler, "handler");
        return task((mapper, success) -> Tasks.decoding(DynamoDbSource.INSTANCE, changes(decoder), "the decoder's type", handler, success));
    }

    private <T> DynamoDbBatchBuilder typed(Function<TypeFactory, JavaType> type, RecordHandler<DynamoDbChange<T>> handler) {
        Objects.requireNonNull(handler, "handler");
        return task((mapper, success) -> {
            JavaType javaType = type.apply(mapper.getTypeFactory());
            ImageDecoder<T> images = ImageCodec.decoder(mapper, javaType);
            return Tasks.decoding(DynamoDbSource.INSTANCE, changes(images), javaType.toCanonical(), handler, success);
        });
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

    @Override
    DynamoDbBatchBuilder self() {
        return this;
    }

    @Override
    RecordSource<DynamodbStreamRecord> source() {
        return DynamoDbSource.INSTANCE;
    }

    @Override
    boolean skipGroupOnError() {
        return false;
    }

    @Override
    BatchProcessor<DynamodbEvent, StreamsEventResponse> create(BatchEngine<DynamodbStreamRecord> engine) {
        return new EngineProcessor<>(engine, DynamodbEvent::getRecords, StreamsResponses::of, "DynamodbEvent");
    }
}
