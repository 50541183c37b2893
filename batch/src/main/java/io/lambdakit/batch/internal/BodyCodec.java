package io.lambdakit.batch.internal;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent.KinesisEventRecord;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.lambdakit.batch.spi.RecordDecoder;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Decoders for record payloads: an SQS message's {@code body} and a Kinesis record's {@code data}
 * (which Lambda sends base64-encoded and the event classes hold decoded). {@code String} gets the
 * text as it is, Kinesis {@code byte[]} the bytes as they are, every other type is read as JSON
 * with a reader prepared once, when the processor is built. Trailing content after the JSON value
 * is an error, so a truncated or concatenated body does not pass as valid.
 */
final class BodyCodec {

    private BodyCodec() {
    }

    /**
     * @param mapper the mapper to read JSON with
     * @param type   the body type
     * @param <T>    the body type
     * @return a decoder of SQS message bodies
     */
    @SuppressWarnings("unchecked")
    static <T> RecordDecoder<SQSMessage, T> sqsBody(ObjectMapper mapper, JavaType type) {
        if (type.getRawClass() == String.class) {
            return m -> (T) requireBody(m.getBody());
        }
        ObjectReader reader = reader(mapper, type);
        return m -> reader.readValue(requireBody(m.getBody()));
    }

    /**
     * @param mapper the mapper to read JSON with
     * @param type   the data type
     * @param <T>    the data type
     * @return a decoder of Kinesis record data
     */
    @SuppressWarnings("unchecked")
    static <T> RecordDecoder<KinesisEventRecord, T> kinesisData(ObjectMapper mapper, JavaType type) {
        if (type.getRawClass() == String.class) {
            return r -> (T) new String(bytes(r), StandardCharsets.UTF_8);
        }
        if (type.getRawClass() == byte[].class) {
            return r -> (T) bytes(r);
        }
        ObjectReader reader = reader(mapper, type);
        return r -> reader.readValue(bytes(r));
    }

    /**
     * @param mapper the mapper
     * @param type   the target type
     * @return a strict reader for {@code type}
     */
    static ObjectReader reader(ObjectMapper mapper, JavaType type) {
        return mapper.readerFor(type).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    private static String requireBody(String body) {
        if (body == null) {
            throw new IllegalArgumentException("the message has no body");
        }
        return body;
    }

    /** @return a copy of the record's data, leaving the buffer's position untouched */
    static byte[] bytes(KinesisEventRecord record) {
        ByteBuffer data = record.getKinesis() == null ? null : record.getKinesis().getData();
        if (data == null) {
            throw new IllegalArgumentException("the record has no data");
        }
        ByteBuffer view = data.duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return bytes;
    }
}
