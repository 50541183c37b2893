package io.lambdakit.batch;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One item change from a DynamoDB stream with its images decoded into {@code T}: what a typed
 * DynamoDB Streams record handler receives. Which images are present depends on the event and on
 * the stream's view type: {@code INSERT} has only a new image, {@code REMOVE} only an old one,
 * {@code MODIFY} both with {@code NEW_AND_OLD_IMAGES}, and {@code KEYS_ONLY} streams have neither.
 *
 * @param <T> the item type
 */
public final class DynamoDbChange<T> {

    private final DynamodbStreamRecord record;
    private final T newImage;
    private final T oldImage;

    private DynamoDbChange(DynamodbStreamRecord record, T newImage, T oldImage) {
        this.record = Objects.requireNonNull(record, "record");
        this.newImage = newImage;
        this.oldImage = oldImage;
    }

    /**
     * @param record   the raw stream record
     * @param newImage the decoded new image, or null when the record has none
     * @param oldImage the decoded old image, or null when the record has none
     * @param <T>      the item type
     * @return the change
     */
    public static <T> DynamoDbChange<T> of(DynamodbStreamRecord record, T newImage, T oldImage) {
        return new DynamoDbChange<>(record, newImage, oldImage);
    }

    /** @return {@code INSERT}, {@code MODIFY} or {@code REMOVE} */
    public String eventName() {
        return record.getEventName();
    }

    /** @return the item after the change; empty for {@code REMOVE} and for streams without new images */
    public Optional<T> newImage() {
        return Optional.ofNullable(newImage);
    }

    /** @return the item before the change; empty for {@code INSERT} and for streams without old images */
    public Optional<T> oldImage() {
        return Optional.ofNullable(oldImage);
    }

    /** @return the item's key attributes as DynamoDB sent them */
    public Map<String, AttributeValue> keys() {
        Map<String, AttributeValue> keys = record.getDynamodb() == null ? null : record.getDynamodb().getKeys();
        return keys == null ? Map.of() : keys;
    }

    /** @return the record's sequence number, the identifier reported when it fails */
    public String sequenceNumber() {
        return record.getDynamodb().getSequenceNumber();
    }

    /** @return the raw stream record */
    public DynamodbStreamRecord record() {
        return record;
    }

    @Override
    public String toString() {
        return "DynamoDbChange[" + eventName() + " " + sequenceNumber() + "]";
    }
}
