package io.lambdakit.batch.internal;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lambdakit.batch.spi.ImageDecoder;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;

/**
 * Converts DynamoDB Streams images (typed {@link AttributeValue}s) into plain JSON and from there
 * into the user's type: {@code S} becomes a string, {@code N} a number (integral numbers as
 * integers, others as exact decimals), {@code BOOL} a boolean, {@code NULL} null, {@code B} a
 * base64 string (which Jackson reads back into {@code byte[]}), {@code M} an object, and {@code L},
 * {@code SS}, {@code NS}, {@code BS} arrays. An attribute with no value set is an error naming its
 * path, never its content.
 */
final class ImageCodec {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Beyond DynamoDB's range (10^126); keeps a malformed number from expanding into a huge integer. */
    private static final int MAX_INTEGER_DIGITS = 130;

    private ImageCodec() {
    }

    /**
     * @param mapper the mapper
     * @param type   the item type
     * @param <T>    the item type
     * @return a decoder of images into {@code type}
     */
    static <T> ImageDecoder<T> decoder(ObjectMapper mapper, JavaType type) {
        ObjectReader reader = BodyCodec.reader(mapper, type);
        return image -> reader.readValue(toJson(image));
    }

    /**
     * @param image an image's attributes
     * @return the image as a JSON object
     * @throws IllegalArgumentException when an attribute has no value or a malformed number
     */
    static ObjectNode toJson(Map<String, AttributeValue> image) {
        ObjectNode node = NODES.objectNode();
        for (Map.Entry<String, AttributeValue> e : image.entrySet()) {
            node.set(e.getKey(), value(e.getKey(), e.getValue()));
        }
        return node;
    }

    private static JsonNode value(String path, AttributeValue v) {
        if (v == null) {
            throw new IllegalArgumentException("attribute " + path + " is null");
        }
        if (v.getS() != null) {
            return NODES.textNode(v.getS());
        }
        if (v.getN() != null) {
            return number(path, v.getN());
        }
        if (v.getBOOL() != null) {
            return NODES.booleanNode(v.getBOOL());
        }
        if (v.getNULL() != null) {
            return NODES.nullNode();
        }
        if (v.getB() != null) {
            return binary(v.getB());
        }
        if (v.getM() != null) {
            ObjectNode object = NODES.objectNode();
            for (Map.Entry<String, AttributeValue> e : v.getM().entrySet()) {
                object.set(e.getKey(), value(path + "." + e.getKey(), e.getValue()));
            }
            return object;
        }
        if (v.getL() != null) {
            ArrayNode array = NODES.arrayNode();
            int i = 0;
            for (AttributeValue item : v.getL()) {
                array.add(value(path + "[" + i++ + "]", item));
            }
            return array;
        }
        if (v.getSS() != null) {
            ArrayNode array = NODES.arrayNode();
            v.getSS().forEach(array::add);
            return array;
        }
        if (v.getNS() != null) {
            ArrayNode array = NODES.arrayNode();
            int i = 0;
            for (String n : v.getNS()) {
                array.add(number(path + "[" + i++ + "]", n));
            }
            return array;
        }
        if (v.getBS() != null) {
            ArrayNode array = NODES.arrayNode();
            Collection<ByteBuffer> items = v.getBS();
            items.forEach(b -> array.add(binary(b)));
            return array;
        }
        throw new IllegalArgumentException("attribute " + path + " has no value (none of S, N, B, BOOL, NULL, M, L, SS, NS, BS is set)");
    }

    private static JsonNode number(String path, String n) {
        BigDecimal d;
        try {
            d = new BigDecimal(n.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("attribute " + path + " is an N value that is not a number");
        }
        BigDecimal stripped = d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
        if (stripped.scale() <= 0 && stripped.precision() - stripped.scale() <= MAX_INTEGER_DIGITS) {
            BigInteger i = stripped.toBigIntegerExact();
            if (i.bitLength() < 32) {
                return NODES.numberNode(i.intValue());
            }
            if (i.bitLength() < 64) {
                return NODES.numberNode(i.longValue());
            }
            return NODES.numberNode(i);
        }
        return DecimalNode.valueOf(d); // exactly as sent, trailing zeros kept
    }

    private static BinaryNode binary(ByteBuffer buffer) {
        ByteBuffer view = buffer.duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return NODES.binaryNode(bytes);
    }
}
