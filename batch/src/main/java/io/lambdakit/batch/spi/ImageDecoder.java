package io.lambdakit.batch.spi;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;

import java.util.Map;

/**
 * Turns a DynamoDB Streams image ({@code NewImage} or {@code OldImage}) into a typed item, for
 * mappings the built-in JSON conversion does not cover (a DynamoDB enhanced client
 * {@code TableSchema}, a hand-written mapper). A decoder that throws, or returns null, fails that
 * record alone. Must be thread-safe.
 *
 * @param <T> the item type
 */
@FunctionalInterface
public interface ImageDecoder<T> {

    /**
     * @param image the image's attributes; never null or empty
     * @return the item, never null
     * @throws Exception when the image cannot be decoded
     */
    T decode(Map<String, AttributeValue> image) throws Exception;
}
