package io.lambdakit.testing.batch;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import io.lambdakit.batch.spi.ImageDecoder;
import io.lambdakit.testing.contracts.internal.Concurrently;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What the batch engine relies on from an {@link ImageDecoder}: a decodable DynamoDB Streams image gives
 * its item, never null; an undecodable image throws (the engine then fails that record alone); decoding
 * is repeatable and safe from many threads at once. Extend it:
 *
 * <pre>{@code
 * class OrderImageContractTest extends ImageDecoderContract<Order> {
 *     protected ImageDecoder<Order> decoder() { return new OrderImageDecoder(); }
 *     protected Map<String, AttributeValue> image(int i) { return Map.of("id", new AttributeValue().withS("o-" + i)); }
 *     protected Order expected(int i) { return new Order("o-" + i); }
 *     protected Map<String, AttributeValue> undecodableImage() { return Map.of("id", new AttributeValue().withBOOL(true)); }
 * }
 * }</pre>
 *
 * @param <T> the item type; its {@code equals} compares values
 */
public abstract class ImageDecoderContract<T> {

    /** For subclasses. */
    protected ImageDecoderContract() {
    }

    /** @return the decoder under test */
    protected abstract ImageDecoder<T> decoder();

    /**
     * @param i an index from 0; different indexes give images with different items
     * @return a new image (never empty) the decoder can decode
     */
    protected abstract Map<String, AttributeValue> image(int i);

    /**
     * @param i the index given to {@link #image(int)}
     * @return the item that image decodes to
     */
    protected abstract T expected(int i);

    /** @return a new, non-empty image the decoder cannot decode */
    protected abstract Map<String, AttributeValue> undecodableImage();

    @Test
    void decode_decodableImage_returnsItsItem() throws Exception {
        Map<String, AttributeValue> image = image(0);

        T item = decoder().decode(image);

        assertNotNull(item, "a decoder never returns null for an image it can decode");
        assertEquals(expected(0), item);
    }

    @Test
    void decode_undecodableImage_throws() {
        Map<String, AttributeValue> image = undecodableImage();

        assertThrows(Exception.class, () -> decoder().decode(image),
                "an undecodable image throws, so the engine reports why that record failed");
    }

    @Test
    void decode_sameImageTwice_givesEqualItems() throws Exception {
        ImageDecoder<T> decoder = decoder();
        Map<String, AttributeValue> image = image(1);

        T first = decoder.decode(image);
        T second = decoder.decode(image);

        assertEquals(first, second);
        assertEquals(expected(1), second);
    }

    @Test
    void decode_manyThreadsAtOnce_eachGetsItsImagesItem() throws Exception {
        ImageDecoder<T> decoder = decoder();
        int threads = 8;
        int perThread = 50;
        List<List<Map<String, AttributeValue>>> images = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<Map<String, AttributeValue>> mine = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
                mine.add(image(t * perThread + i));
            }
            images.add(mine);
        }

        List<List<T>> items = Concurrently.map(images, decoder::decode);

        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                assertEquals(expected(t * perThread + i), items.get(t).get(i));
            }
        }
    }
}
