package io.lambdakit.batch.internal;

import io.lambdakit.testing.batch.ImageDecoderContract;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdakit.batch.spi.ImageDecoder;

import java.util.Map;

/** lambdakit-batch's own image conversion (DynamoDB Streams image to JSON to the item) honours the image decoder contract. */
class JsonImageDecoderContractTest extends ImageDecoderContract<Order> {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    protected ImageDecoder<Order> decoder() {
        return ImageCodec.decoder(MAPPER, MAPPER.constructType(Order.class));
    }

    @Override
    protected Map<String, AttributeValue> image(int i) {
        return Map.of("id", new AttributeValue().withS("o-" + i), "quantity", new AttributeValue().withN(Integer.toString(i)));
    }

    @Override
    protected Order expected(int i) {
        return new Order("o-" + i, i);
    }

    @Override
    protected Map<String, AttributeValue> undecodableImage() {
        return Map.of("id", new AttributeValue().withS("o-1"), "quantity", new AttributeValue().withN("12 apples"));
    }
}
