package io.lambdakit.idempotency;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.joda.time.DateTime;
import org.joda.time.DateTimeZone;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The golden vectors Powertools for AWS Lambda (Java) 2.9.0 computed and stored
 * ({@code powertools-idempotency-vectors.json}, copied from the shared reference; its README says
 * how each payload was built), with the payloads and result types rebuilt as Powertools saw them.
 */
final class PowertoolsVectors {

    private static final ObjectMapper MAPPER = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final List<Vector> ALL = load();

    /** The POJO payload of the vectors: {@code Order(orderId, amount, items, note = null, attrs)}. */
    record Order(String orderId, BigDecimal amount, List<String> items, String note, Map<String, Object> attrs) {
    }

    /** The POJO response of the vectors. */
    record Receipt(String paymentId, long amount, String chargeId) {
    }

    /** One vector. */
    record Vector(String id, String group, String name, String eventJavaType, JsonNode eventJson, JsonNode config,
                  JsonNode powertools, long recordedAtEpochMs) {

        String keyPath() {
            return text(config.get("eventKeyJMESPath"));
        }

        String validationPath() {
            return text(config.get("payloadValidationJMESPath"));
        }

        HashAlgorithm algorithm() {
            String name = config.get("hashFunction").asText();
            return switch (name) {
                case "MD5" -> HashAlgorithm.MD5;
                case "SHA-256" -> HashAlgorithm.SHA_256;
                default -> throw new IllegalArgumentException("vector " + id + ": unknown hash " + name);
            };
        }

        String functionName() {
            return config.get("AWS_LAMBDA_FUNCTION_NAME").asText();
        }

        String operation() {
            return config.get("functionName (makeIdempotent name / method name)").asText();
        }

        Duration expiration() {
            return Duration.ofSeconds(config.get("expirationSeconds").asLong());
        }

        long lambdaTimeoutMillis() {
            return config.get("lambdaTimeoutMs").asLong();
        }

        String responseType() {
            return config.get("responseType").asText();
        }

        Instant recordedAt() {
            return Instant.ofEpochMilli(recordedAtEpochMs);
        }

        String key() {
            return text(powertools.get("key"));
        }

        String validationHash() {
            return text(powertools.get("validationHash"));
        }

        String writerError() {
            return text(powertools.get("writerError"));
        }

        /** @return the response as Powertools stored it ({@code data}), or null */
        String response() {
            return text(powertools.get("response"));
        }

        Map<String, AttributeValue> inProgressRecord() {
            return item(powertools.get("inProgressRecord"));
        }

        Map<String, AttributeValue> completedRecord() {
            return item(powertools.get("completedRecord"));
        }

        /** @return the payload as the vector's generator handed it to Powertools */
        Object payload() {
            return PowertoolsVectors.payload(this);
        }

        /** @return the declared result type */
        Type type() {
            return switch (responseType()) {
                case "String", "null, declared String" -> String.class;
                case "POJO Receipt" -> Receipt.class;
                case "Map", "null, declared Map" -> new TypeReference<Map<String, Object>>() { }.getType();
                case "List<Receipt> (TypeReference)" -> new TypeReference<List<Receipt>>() { }.getType();
                case "Integer" -> Integer.class;
                case "String declared as Object" -> Object.class;
                case "void (Void.class, null)" -> Void.class;
                default -> throw new IllegalArgumentException("vector " + id + ": unknown response type " + responseType());
            };
        }

        /** @return true when the body returned null (or was void) */
        boolean nullResult() {
            return responseType().startsWith("null") || responseType().startsWith("void");
        }

        /** @return the value the body returned, as Powertools' response describes it */
        Object result() {
            String response = response();
            if (nullResult()) {
                return null;
            }
            try {
                return switch (responseType()) {
                    case "String", "String declared as Object" -> response;
                    case "POJO Receipt" -> MAPPER.readValue(response, Receipt.class);
                    case "Map" -> MAPPER.readValue(response, new TypeReference<LinkedHashMap<String, Object>>() { });
                    case "List<Receipt> (TypeReference)" -> MAPPER.readValue(response, new TypeReference<List<Receipt>>() { });
                    case "Integer" -> Integer.valueOf(response);
                    default -> throw new IllegalArgumentException("vector " + id + ": unknown response type " + responseType());
                };
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            return id;
        }
    }

    private PowertoolsVectors() {
    }

    static List<Vector> all() {
        return ALL;
    }

    private static List<Vector> load() {
        try (InputStream in = PowertoolsVectors.class.getResourceAsStream("/powertools-idempotency-vectors.json")) {
            JsonNode root = MAPPER.readTree(in);
            List<Vector> out = new ArrayList<>();
            for (JsonNode v : root.get("vectors")) {
                out.add(new Vector(v.get("id").asText(), v.get("group").asText(), v.get("name").asText(),
                        v.get("eventJavaType").asText(), v.get("eventJson"), v.get("config"), v.get("powertools"),
                        v.get("recordedAtEpochMs").asLong()));
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static Map<String, AttributeValue> item(JsonNode json) {
        if (json == null || json.isNull()) {
            return null;
        }
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = json.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.has("S")) {
                item.put(e.getKey(), AttributeValue.fromS(v.get("S").asText()));
            } else if (v.has("N")) {
                item.put(e.getKey(), AttributeValue.fromN(v.get("N").asText()));
            } else {
                throw new IllegalArgumentException("attribute " + e.getKey() + " is neither S nor N: " + v);
            }
        }
        return item;
    }

    private static Object payload(Vector v) {
        try {
            switch (v.eventJavaType()) {
                case "java.util.LinkedHashMap":
                    return map(v);
                case "[B":
                    return new byte[] {1, 2, 3, 4, 5};
                case "interop.Interop$Order":
                    return MAPPER.treeToValue(v.eventJson(), Order.class);
                case "com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent":
                    return MAPPER.treeToValue(v.eventJson(), APIGatewayProxyRequestEvent.class);
                case "com.amazonaws.services.lambda.runtime.events.SQSEvent":
                    return MAPPER.treeToValue(v.eventJson(), SQSEvent.class);
                case "com.amazonaws.services.lambda.runtime.events.S3Event":
                    return s3Event();
                case "com.amazonaws.services.lambda.runtime.events.ScheduledEvent":
                    return scheduledEvent();
                default:
                    throw new IllegalArgumentException("vector " + v.id() + ": unknown event type " + v.eventJavaType());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> map(Vector v) throws IOException {
        Map<String, Object> map = MAPPER.treeToValue(v.eventJson(), new TypeReference<LinkedHashMap<String, Object>>() { });
        // JSON cannot say which Java type Powertools was given; the README and the vector names do.
        if (v.name().startsWith("BigDecimal key ")) {
            map.put("orderId", new BigDecimal(v.name().substring("BigDecimal key ".length())));
        } else if (v.name().startsWith("Map with byte[] value")) {
            map.put("orderId", new byte[] {1, 2, 3});
        }
        return map;
    }

    static S3Event s3Event() {
        S3EventNotification.S3EventNotificationRecord record = new S3EventNotification.S3EventNotificationRecord(
                "eu-west-1", "ObjectCreated:Put", "aws:s3", "2026-01-15T12:34:56.789Z", "2.1",
                new S3EventNotification.RequestParametersEntity("203.0.113.7"),
                new S3EventNotification.ResponseElementsEntity("x-amz-id-2", "C3D13FE58DE4C810"),
                new S3EventNotification.S3Entity("cfg-1",
                        new S3EventNotification.S3BucketEntity("orders-bucket",
                                new S3EventNotification.UserIdentityEntity("A3NL1KOZZKExample"), "arn:aws:s3:::orders-bucket"),
                        new S3EventNotification.S3ObjectEntity("incoming/o-7.json", 1024L,
                                "d41d8cd98f00b204e9800998ecf8427e", null, "0055AED6DCD90281E5"),
                        "1.0"),
                new S3EventNotification.UserIdentityEntity("AWS:AIDAINPONIXQXHT3IKHL2"));
        return new S3Event(List.of(record));
    }

    static ScheduledEvent scheduledEvent() {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("job", "nightly");
        detail.put("attempt", 1);
        ScheduledEvent event = new ScheduledEvent();
        event.setId("cdc73f9d-aea9-11e3-9d5a-835b769c0d9c");
        event.setSource("aws.events");
        event.setDetailType("Scheduled Event");
        event.setAccount("123456789012");
        event.setRegion("eu-west-1");
        event.setTime(new DateTime(2026, 1, 15, 10, 0, 0, DateTimeZone.UTC));
        event.setResources(List.of("arn:aws:events:eu-west-1:123456789012:rule/nightly"));
        event.setDetail(detail);
        return event;
    }
}
